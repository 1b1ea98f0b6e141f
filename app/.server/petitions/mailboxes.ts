// The mailbox tree (三纵): the seeded reference tree, the public list, and its administration
// (mailboxes and their members). Administration is for admins only: 401 signed out, 403 others.
import { and, asc, count, eq, sql } from "drizzle-orm";
import { mailboxes, mailboxMembers, users } from "../../../db/schema";
import type { Db, Tx } from "../../../db/client";
import { rowsOf } from "../../../db/rows";
import { mailboxTree } from "../../../db/seed/mailboxes";
import type { Viewer } from "~/domain/auth/types";
import {
  mailboxCreateSchema,
  mailboxPatchSchema,
  memberPositionSchema,
  tierRank,
  type MailboxAdminDto,
  type MailboxDto,
  type MailboxMemberDto,
  type Position,
} from "~/domain/petitions/mailboxes";
import { usernameSchema } from "~/domain/auth/schemas";
import { safeParse } from "~/domain/validation";
import type { AppServices } from "../context";
import { badRequest, forbidden, notFound, unauthorized, type FieldErrors } from "../errors";

type Row = typeof mailboxes.$inferSelect;

// Structural changes (parent, tier) take this transaction lock, so two concurrent moves cannot
// together close a cycle that neither would alone.
const TREE_LOCK = 424_243;

function dto(m: Row): MailboxDto {
  return {
    id: String(m.id),
    name: m.name,
    nameEn: m.nameEn,
    tier: m.tier,
    kind: m.kind,
    parentId: m.parentId === null ? null : String(m.parentId),
    slug: m.slug,
    sortOrder: m.sortOrder,
    active: m.active,
  };
}

const order = [asc(mailboxes.sortOrder), asc(mailboxes.id)];

/**
 * Inserts every mailbox of the seeded tree (db/seed/mailboxes.ts) that is missing, by slug, and
 * links the new ones to their parents. Idempotent and set-based; runs at every start. Mailboxes
 * that exist are left as they are (administrators may have renamed, moved or retired them).
 * Rows from before slugs existed are first recognised by their exact name.
 */
export async function ensureMailboxTree(app: { db: Db }) {
  const seeds = mailboxTree.map((m, i) => ({ ...m, sortOrder: (i + 1) * 10 }));
  return app.db.transaction(async (tx) => {
    await tx.execute(sql`
      update mailboxes m
         set slug = v.slug, sort_order = case when m.sort_order = 0 then v.sort_order else m.sort_order end
        from (values ${sql.join(
          seeds.map((s) => sql`(${s.key}::text, ${s.name}::text, ${s.sortOrder}::integer)`),
          sql`, `,
        )}) as v(slug, name, sort_order)
       where m.id = (select min(x.id) from mailboxes x where x.slug is null and x.name = v.name)
         and not exists (select 1 from mailboxes y where y.slug = v.slug)`);
    const inserted = await tx
      .insert(mailboxes)
      .values(seeds.map((s) => ({ slug: s.key, name: s.name, nameEn: s.nameEn, tier: s.tier, kind: s.kind, sortOrder: s.sortOrder })))
      .onConflictDoNothing({ target: mailboxes.slug })
      .returning({ slug: mailboxes.slug });
    const fresh = new Set(inserted.map((r) => r.slug));
    const links = seeds.filter((s) => s.parent && fresh.has(s.key));
    if (links.length) {
      await tx.execute(sql`
        update mailboxes m
           set parent_id = p.id
          from (values ${sql.join(
            links.map((s) => sql`(${s.key}::text, ${s.parent!}::text)`),
            sql`, `,
          )}) as v(slug, parent_slug)
          join mailboxes p on p.slug = v.parent_slug
         where m.slug = v.slug and m.parent_id is null`);
    }
    return { inserted: inserted.length };
  });
}

/**
 * The public tree (GET /api/v1/mailboxes, the petition form): active mailboxes only. A mailbox
 * whose parent is retired hangs from its nearest active ancestor, so the tree stays whole.
 */
export async function listMailboxes(app: AppServices): Promise<MailboxDto[]> {
  const rows = await app.db.select().from(mailboxes).orderBy(...order);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const activeParent = (r: Row) => {
    let p = r.parentId === null ? undefined : byId.get(r.parentId);
    for (let hops = 0; p && !p.active && hops < rows.length; hops++) p = p.parentId === null ? undefined : byId.get(p.parentId);
    return p && p.active ? p.id : null;
  };
  return rows
    .filter((r) => r.active)
    .map((r) => {
      const parentId = activeParent(r);
      return { ...dto(r), parentId: parentId === null ? null : String(parentId) };
    });
}

function requireAdminViewer(viewer: Viewer | null) {
  if (!viewer) throw unauthorized();
  if (viewer.role !== "admin") throw forbidden();
  return viewer;
}

/** Every mailbox, retired ones included, with its member count (the admin tree). */
export async function listMailboxesForAdmin(app: AppServices, viewer: Viewer | null): Promise<MailboxAdminDto[]> {
  requireAdminViewer(viewer);
  const [rows, counts] = await Promise.all([
    app.db.select().from(mailboxes).orderBy(...order),
    app.db.select({ mailboxId: mailboxMembers.mailboxId, n: count() }).from(mailboxMembers).groupBy(mailboxMembers.mailboxId),
  ]);
  const byMailbox = new Map(counts.map((c) => [c.mailboxId, Number(c.n)]));
  return rows.map((r) => ({ ...dto(r), memberCount: byMailbox.get(r.id) ?? 0 }));
}

async function loadMembers(db: Db, mailboxId: number): Promise<MailboxMemberDto[]> {
  const rows = await db
    .select({ userId: users.id, username: users.username, displayName: users.displayName, role: users.role, position: mailboxMembers.position })
    .from(mailboxMembers)
    .innerJoin(users, eq(users.id, mailboxMembers.userId))
    .where(eq(mailboxMembers.mailboxId, mailboxId))
    .orderBy(sql`case ${mailboxMembers.position} when 'leader' then 0 else 1 end`, asc(users.username));
  return rows.map((r) => ({ ...r, userId: String(r.userId) }));
}

async function loadRow(db: Db, id: number) {
  const [row] = await db.select().from(mailboxes).where(eq(mailboxes.id, id));
  if (!row) throw notFound();
  return row;
}

/** One mailbox with its members. */
export async function getMailbox(app: AppServices, viewer: Viewer | null, id: number) {
  requireAdminViewer(viewer);
  const row = await loadRow(app.db, id);
  return { ...dto(row), members: await loadMembers(app.db, id) };
}

/**
 * Checks a parent for a mailbox of `tier`: it exists, its tier is not below the mailbox's
 * (a town may hang from a county, never the other way round), and — for an existing mailbox —
 * it is neither the mailbox itself nor one of its descendants.
 */
async function checkParent(tx: Tx, parentId: number, tier: MailboxDto["tier"], selfId?: number) {
  const [parent] = await tx.select().from(mailboxes).where(eq(mailboxes.id, parentId));
  if (!parent) throw badRequest("invalid_input", { parentId: { key: "validation.unknown_mailbox" } });
  if (selfId !== undefined) {
    const ancestors = rowsOf<{ id: string | number }>(
      await tx.execute(sql`
        with recursive up(id, parent_id) as (
          select id, parent_id from mailboxes where id = ${parentId}::bigint
          union
          select m.id, m.parent_id from mailboxes m join up on m.id = up.parent_id
        )
        select id from up`),
    );
    if (ancestors.some((a) => Number(a.id) === selfId)) {
      throw badRequest("mailbox_cycle", { parentId: { key: "validation.mailbox_cycle" } });
    }
  }
  if (tierRank[parent.tier] > tierRank[tier]) {
    throw badRequest("invalid_input", { parentId: { key: "validation.mailbox_parent_tier" } });
  }
}

export async function createMailbox(app: AppServices, viewer: Viewer | null, input: unknown): Promise<MailboxDto> {
  requireAdminViewer(viewer);
  const parsed = safeParse(mailboxCreateSchema, input);
  if (!parsed.ok) throw badRequest("invalid_input", parsed.fields);
  const data = parsed.data;
  const row = await app.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
    if (data.parentId !== null) await checkParent(tx, data.parentId, data.tier);
    // Without an explicit place, a new mailbox comes after its siblings.
    const sortOrder =
      data.sortOrder ??
      Number(
        (
          await tx
            .select({ max: sql<number>`coalesce(max(${mailboxes.sortOrder}), 0)` })
            .from(mailboxes)
            .where(data.parentId === null ? sql`${mailboxes.parentId} is null` : eq(mailboxes.parentId, data.parentId))
        )[0].max,
      ) + 10;
    const [created] = await tx
      .insert(mailboxes)
      .values({ name: data.name, nameEn: data.nameEn, tier: data.tier, kind: data.kind, parentId: data.parentId, active: data.active, sortOrder: Math.min(sortOrder, 1_000_000) })
      .returning();
    return created;
  });
  return dto(row);
}

export async function updateMailbox(app: AppServices, viewer: Viewer | null, id: number, input: unknown): Promise<MailboxDto> {
  requireAdminViewer(viewer);
  const parsed = safeParse(mailboxPatchSchema, input);
  if (!parsed.ok) throw badRequest("invalid_input", parsed.fields);
  const patch = parsed.data;
  const row = await app.db.transaction(async (tx) => {
    const structural = patch.parentId !== undefined || patch.tier !== undefined;
    if (structural) await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
    const [current] = await tx.select().from(mailboxes).where(eq(mailboxes.id, id)).for("update");
    if (!current) throw notFound();
    const tier = patch.tier ?? current.tier;
    const parentId = patch.parentId !== undefined ? patch.parentId : current.parentId;
    if (structural) {
      if (parentId === id) throw badRequest("mailbox_cycle", { parentId: { key: "validation.mailbox_cycle" } });
      if (parentId !== null) await checkParent(tx, parentId, tier, id);
      // Children may not end up above their new parent's tier either.
      if (patch.tier !== undefined && patch.tier !== current.tier) {
        const children = await tx.select({ tier: mailboxes.tier }).from(mailboxes).where(eq(mailboxes.parentId, id));
        if (children.some((c) => tierRank[c.tier] < tierRank[tier])) {
          throw badRequest("invalid_input", { tier: { key: "validation.mailbox_children_tier" } });
        }
      }
    }
    if (Object.keys(patch).length === 0) return current;
    const [updated] = await tx.update(mailboxes).set(patch).where(eq(mailboxes.id, id)).returning();
    return updated;
  });
  return dto(row);
}

export async function listMembers(app: AppServices, viewer: Viewer | null, mailboxId: number) {
  requireAdminViewer(viewer);
  await loadRow(app.db, mailboxId);
  return loadMembers(app.db, mailboxId);
}

/** A member's cached session carries who they are; make the next request read it afresh. */
function membershipChanged(app: AppServices, userId: number, opts: { endSockets: boolean }) {
  app.sessions.evictUser(userId);
  // Sockets joined mailbox rooms under the old membership: make them reconnect and re-check.
  if (opts.endSockets) app.publisher.endUser(userId);
}

/**
 * Adds a user to a mailbox, or changes their position there. The user is named by id (API, a
 * missing one is 404) or by username (the admin page, a missing one is a field error).
 */
export async function setMember(
  app: AppServices,
  viewer: Viewer | null,
  mailboxId: number,
  user: number | string,
  input: unknown,
): Promise<MailboxMemberDto[]> {
  requireAdminViewer(viewer);
  const fields: FieldErrors = {};
  const parsed = safeParse(memberPositionSchema, input);
  if (!parsed.ok) Object.assign(fields, parsed.fields);
  let username: string | null = null;
  if (typeof user === "string") {
    const u = safeParse(usernameSchema, user);
    if (!u.ok) fields.username = u.fields._ ?? { key: "validation.invalid" };
    else username = u.data;
  }
  if (Object.keys(fields).length) throw badRequest("invalid_input", fields);
  const position: Position = parsed.ok ? parsed.data.position : "handler";
  await loadRow(app.db, mailboxId);
  const [target] = await app.db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(username === null ? eq(users.id, user as number) : sql`lower(${users.username}) = ${username}`);
  if (!target) {
    if (username === null) throw notFound();
    throw badRequest("invalid_input", { username: { key: "validation.mailbox_unknown_user" } });
  }
  // Mailboxes are worked by officials: a member's powers and notifications follow the role.
  if (target.role !== "official" && target.role !== "admin") {
    throw badRequest("invalid_input", { username: { key: "validation.member_not_official" } });
  }
  const [before] = await app.db
    .select({ position: mailboxMembers.position })
    .from(mailboxMembers)
    .where(and(eq(mailboxMembers.mailboxId, mailboxId), eq(mailboxMembers.userId, target.id)));
  await app.db
    .insert(mailboxMembers)
    .values({ mailboxId, userId: target.id, position })
    .onConflictDoUpdate({ target: [mailboxMembers.mailboxId, mailboxMembers.userId], set: { position } });
  if (!before || before.position !== position) membershipChanged(app, target.id, { endSockets: Boolean(before) });
  return loadMembers(app.db, mailboxId);
}

export async function removeMember(app: AppServices, viewer: Viewer | null, mailboxId: number, userId: number) {
  requireAdminViewer(viewer);
  await loadRow(app.db, mailboxId);
  const removed = await app.db
    .delete(mailboxMembers)
    .where(and(eq(mailboxMembers.mailboxId, mailboxId), eq(mailboxMembers.userId, userId)))
    .returning({ userId: mailboxMembers.userId });
  if (removed.length) membershipChanged(app, userId, { endSockets: true });
  return { removed: removed.length > 0 };
}
