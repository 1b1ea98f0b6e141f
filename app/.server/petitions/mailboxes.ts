// The mailbox tree (三纵). The foundation needs it for memberships; the petitions area builds on it.
import { asc } from "drizzle-orm";
import { mailboxes } from "../../../db/schema";
import type { AppServices } from "../context";

export async function listMailboxes(app: AppServices) {
  const rows = await app.db.select().from(mailboxes).orderBy(asc(mailboxes.id));
  return rows.map((m) => ({
    id: String(m.id),
    name: m.name,
    nameEn: m.nameEn,
    tier: m.tier,
    kind: m.kind,
    parentId: m.parentId === null ? null : String(m.parentId),
  }));
}
