// Rooms anyone may join: an officials-online session, a meetup, an award round, a commitment. Joining only
// needs the object to exist (what is sent there is public by construction).
import { eq } from "drizzle-orm";
import { awardRounds, commitments, events, liveSessions } from "../../db/schema";
import type { AppServices } from "../../app/.server/context";

export async function publicRoomExists(app: AppServices, kind: "live" | "event" | "award" | "commitment", id: number): Promise<boolean> {
  const table = kind === "live" ? liveSessions : kind === "event" ? events : kind === "commitment" ? commitments : awardRounds;
  const [row] = await app.db.select({ id: table.id }).from(table).where(eq(table.id, id));
  return Boolean(row);
}
