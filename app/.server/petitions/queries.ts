// Reading cases in bulk: the officials' inbox, the supervision board, published cases, the
// petitioner's own letters and the anonymous tracking view. Set-based SQL, keyset pages.
import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import { mailboxes, petitionAssignments, petitionEvents, petitions, users } from "../../../db/schema";
import { rowsOf } from "../../../db/rows";
import type { Viewer } from "~/domain/auth/types";
import type { PetitionListItem, PublicPetitionDto, TrackDto } from "~/domain/petitions/types";
import { lights, petitionStatuses, type Light, type PetitionStatus } from "~/domain/petitions/workflow";
import type { AppServices } from "../context";
import { badRequest, forbidden, unauthorized } from "../errors";
import { clampLimit, decodeCursor, encodeCursor } from "../forum/cursor";
import { caseState, listItem, mailboxRefs, maskMarkdown, masker, publicReplies, type PetitionRow } from "./dto";
import { loadActor } from "./service";
import { lightOf } from "~/domain/petitions/workflow";

const OPEN_WORK = sql`${petitions.status} not in ('closed', 'rejected') and ${petitions.lightAt} is null`;
const rankOf = (due: SQL | unknown, warn: SQL | unknown, now: Date) =>
  sql`case when ${due} < ${now.toISOString()}::timestamptz then 0 when ${warn} <= ${now.toISOString()}::timestamptz then 1 else 2 end`;
const lightRank: Record<Exclude<Light, "none">, number> = { red: 0, yellow: 1, green: 2 };

type InboxCursor = [number, number, number]; // rank, due ms, petition id
// Within range, or a crafted cursor would reach Date or bigint conversion and fail there (500).
const MAX_MS = 8.64e15;
const isInboxCursor = (v: unknown): v is InboxCursor =>
  Array.isArray(v) &&
  v.length === 3 &&
  [0, 1, 2].includes(v[0]) &&
  Number.isFinite(v[1]) &&
  Math.abs(v[1]) <= MAX_MS &&
  Number.isSafeInteger(v[2]) &&
  v[2] > 0;
type IdCursor = [number];
const isIdCursor = (v: unknown): v is IdCursor => Array.isArray(v) && v.length === 1 && Number.isSafeInteger(v[0]) && v[0] > 0;

export interface CaseListOptions {
  mailboxId?: number | null;
  status?: string | null;
  light?: string | null;
  limit?: string | number | null;
  cursor?: string | null;
}

function checkFilters(opts: CaseListOptions) {
  const fields: Record<string, { key: string }> = {};
  if (opts.status && !(petitionStatuses as readonly string[]).includes(opts.status)) fields.status = { key: "validation.invalid_choice" };
  if (opts.light && !(lights as readonly string[]).includes(opts.light)) fields.light = { key: "validation.invalid_choice" };
  if (Object.keys(fields).length) throw badRequest("invalid_input", fields);
  return { status: (opts.status || null) as PetitionStatus | null, light: (opts.light || null) as Light | null };
}

/** The rows that are "work" for a scope, one per case, each with its own deadline (x.petition_id, x.mailbox_id, x.due_at, x.warn_at). */
function workRows(scope: number[] | "all"): SQL {
  const source =
    scope === "all"
      ? sql`select ${petitions.id} as petition_id, ${petitions.mailboxId} as mailbox_id, ${petitions.dueAt} as due_at, ${petitions.warnAt} as warn_at
            from ${petitions} where ${OPEN_WORK}`
      : sql`select id as petition_id, mailbox_id, due_at, warn_at from petitions
              where mailbox_id in ${scope} and status in ('submitted', 'accepted')
            union all
            select petition_id, mailbox_id, due_at, warn_at from petition_assignments
              where mailbox_id in ${scope} and status = 'open'
            union all
            select p.id, a.mailbox_id, p.due_at, p.warn_at from petitions p
              join petition_assignments a on a.petition_id = p.id and a.lead
              where a.mailbox_id in ${scope} and p.status = 'reviewing'`;
  // A case in two of the viewer's mailboxes appears once, under its earliest deadline.
  return scope === "all" ? source : sql`select distinct on (s.petition_id) s.* from (${source}) s order by s.petition_id, s.due_at`;
}

/** Whose work a case list covers: one mailbox, the viewer's mailboxes, or (admins) everything. 401/403 otherwise. */
async function caseScope(app: AppServices, viewer: Viewer | null, mailboxId: number | null | undefined): Promise<number[] | "all"> {
  if (!viewer) throw unauthorized();
  const actor = (await loadActor(app, viewer))!;
  const admin = viewer.role === "admin";
  const own = viewer.role === "official" || admin ? actor.mailboxes.map((m) => m.mailboxId) : [];
  if (!admin && own.length === 0) throw forbidden();
  if (mailboxId != null && !admin && !own.includes(mailboxId)) throw forbidden();
  return mailboxId != null ? [mailboxId] : admin ? "all" : own;
}

/**
 * GET /petitions: the officials' case list. Open work comes sorted by light (red, yellow, green)
 * then by the deadline — for each row the deadline of the viewer's own mailbox's part of the
 * case; closed, rejected or fully replied cases (status filter) come newest first.
 */
export async function listCases(app: AppServices, viewer: Viewer | null, opts: CaseListOptions) {
  const scope = await caseScope(app, viewer, opts.mailboxId);
  const { status, light } = checkFilters(opts);
  const limit = clampLimit(opts.limit);
  const now = app.now();
  const history = status !== null && ["rejected", "replied", "closed"].includes(status) && light === null;
  if (history) return listHistory(app, scope, status!, limit, opts.cursor, now);
  if (light === "none") return { items: [], nextCursor: null };

  const c = decodeCursor(opts.cursor, isInboxCursor);
  if (opts.cursor && !c) throw badRequest("invalid_cursor");
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const deduped = workRows(scope);
  const rank = sql`case when x.due_at < ${nowTs} then 0 when x.warn_at <= ${nowTs} then 1 else 2 end`;
  // A co-handler's open part stays its work even after the petitioner closed the case.
  const conditions: SQL[] = [sql`p.status <> 'rejected'`];
  if (status) conditions.push(sql`p.status = ${status}`);
  if (light) conditions.push(sql`${rank} = ${lightRank[light]}`);
  if (c) conditions.push(sql`(${rank}, x.due_at, p.id) > (${c[0]}, ${new Date(c[1]).toISOString()}::timestamptz, ${c[2]})`);
  const where = sql`where ${sql.join(conditions, sql` and `)}`;
  const rows = rowsOf<{ petition_id: string | number; mailbox_id: string | number; due_at: string | Date; warn_at: string | Date; rank: number }>(
    await app.db.execute(sql`
      select p.id as petition_id, x.mailbox_id, x.due_at, x.warn_at, ${rank} as rank
      from (${deduped}) x join petitions p on p.id = x.petition_id
      ${where}
      order by ${rank}, x.due_at, p.id
      limit ${limit + 1}`),
  );
  const page = rows.slice(0, limit);
  const items = await hydrate(
    app,
    page.map((r) => ({ id: Number(r.petition_id), mailboxId: Number(r.mailbox_id), dueAt: new Date(r.due_at), warnAt: new Date(r.warn_at) })),
    now,
  );
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor([Number(last.rank), new Date(last.due_at).getTime(), Number(last.petition_id)] satisfies InboxCursor) : null,
  };
}

/**
 * How many open cases of a case list are red, yellow and green now (the workbench's summary):
 * one grouped query over the same rows as listCases, with the same access rules and status filter.
 */
export async function countCasesByLight(app: AppServices, viewer: Viewer | null, opts: Pick<CaseListOptions, "mailboxId" | "status">) {
  const scope = await caseScope(app, viewer, opts.mailboxId);
  const { status } = checkFilters({ status: opts.status });
  const counts = { red: 0, yellow: 0, green: 0 };
  const nowTs = sql`${app.now().toISOString()}::timestamptz`;
  const rank = sql`case when x.due_at < ${nowTs} then 0 when x.warn_at <= ${nowTs} then 1 else 2 end`;
  const rows = rowsOf<{ rank: number | string; n: number | string }>(
    await app.db.execute(sql`
      select ${rank} as rank, count(*)::int as n
      from (${workRows(scope)}) x join petitions p on p.id = x.petition_id
      where p.status not in ('closed', 'rejected') ${status ? sql`and p.status = ${status}` : sql``}
      group by 1`),
  );
  const names = ["red", "yellow", "green"] as const;
  for (const r of rows) {
    const name = names[Number(r.rank)];
    if (name) counts[name] = Number(r.n);
  }
  return counts;
}

async function hydrate(app: AppServices, page: { id: number; mailboxId: number; dueAt: Date | null; warnAt: Date | null }[], now: Date): Promise<PetitionListItem[]> {
  if (page.length === 0) return [];
  const rows = await app.db.select().from(petitions).where(inArray(petitions.id, page.map((p) => p.id)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const mbs = await mailboxRefs(app.db, page.map((p) => p.mailboxId));
  return page.map((p) => listItem(byId.get(p.id)!, mbs.get(p.mailboxId)!, p, now));
}

async function listHistory(app: AppServices, scope: number[] | "all", status: PetitionStatus, limit: number, cursor: string | null | undefined, now: Date) {
  const c = decodeCursor(cursor, isIdCursor);
  if (cursor && !c) throw badRequest("invalid_cursor");
  const inScope =
    scope === "all"
      ? undefined
      : or(
          inArray(petitions.mailboxId, scope),
          sql`exists (select 1 from ${petitionAssignments} a where a.petition_id = ${petitions.id} and a.mailbox_id in ${scope})`,
        );
  const rows = await app.db
    .select()
    .from(petitions)
    .where(and(eq(petitions.status, status), inScope, c ? lt(petitions.id, c[0]) : undefined))
    .orderBy(desc(petitions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const mbs = await mailboxRefs(app.db, page.map((p) => p.mailboxId));
  return {
    items: page.map((p) => listItem(p, mbs.get(p.mailboxId)!, p, now)),
    nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.id] satisfies IdCursor) : null,
  };
}

/**
 * The administrators' supervision board: every open case whose light is yellow or red, across
 * all tiers, most urgent first; `tier` filters by the tier of the mailbox now responsible.
 */
export async function supervisionBoard(
  app: AppServices,
  viewer: Viewer | null,
  opts: { tier?: string | null; light?: string | null; limit?: string | number | null; cursor?: string | null },
) {
  if (!viewer) throw unauthorized();
  if (viewer.role !== "admin") throw forbidden();
  const limit = clampLimit(opts.limit, 50);
  const now = app.now();
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  if (opts.tier && !["city", "county", "town"].includes(opts.tier)) throw badRequest("invalid_input", { tier: { key: "validation.invalid_choice" } });
  if (opts.light && opts.light !== "red" && opts.light !== "yellow") throw badRequest("invalid_input", { light: { key: "validation.invalid_choice" } });
  const c = decodeCursor(opts.cursor, isInboxCursor);
  if (opts.cursor && !c) throw badRequest("invalid_cursor");
  const rank = rankOf(petitions.dueAt, petitions.warnAt, now);
  // The responsible mailbox: the lead assignment once assigned, the addressed mailbox before.
  const responsible = sql`coalesce((select a.mailbox_id from ${petitionAssignments} a where a.petition_id = ${petitions.id} and a.lead), ${petitions.mailboxId})`;
  const rows = await app.db
    .select({ p: petitions, responsible: sql<number>`${responsible}`.mapWith(Number), rank: sql<number>`${rank}`.mapWith(Number) })
    .from(petitions)
    .where(
      and(
        OPEN_WORK,
        sql`${petitions.warnAt} <= ${nowTs}`,
        opts.light === "red" ? sql`${petitions.dueAt} < ${nowTs}` : undefined,
        opts.light === "yellow" ? sql`${petitions.dueAt} >= ${nowTs}` : undefined,
        opts.tier ? sql`(select m.tier from ${mailboxes} m where m.id = ${responsible}) = ${opts.tier}` : undefined,
        c ? sql`(${rank}, ${petitions.dueAt}, ${petitions.id}) > (${c[0]}, ${new Date(c[1]).toISOString()}::timestamptz, ${c[2]})` : undefined,
      ),
    )
    .orderBy(rank, asc(petitions.dueAt), asc(petitions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const mbs = await mailboxRefs(app.db, page.flatMap((r) => [r.p.mailboxId, r.responsible]));
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...listItem(r.p, mbs.get(r.p.mailboxId)!, r.p, now),
      responsible: mbs.get(r.responsible)!,
      supervisedCount: r.p.supervisedCount,
      supervisedAt: r.p.supervisedAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor([last.rank, last.p.dueAt!.getTime(), last.p.id] satisfies InboxCursor) : null,
  };
}

/** The petitioner's own letters, newest first. */
export async function myPetitions(app: AppServices, viewer: Viewer | null, opts: { limit?: string | number | null; cursor?: string | null }) {
  if (!viewer) throw unauthorized();
  const limit = clampLimit(opts.limit);
  const c = decodeCursor(opts.cursor, isIdCursor);
  if (opts.cursor && !c) throw badRequest("invalid_cursor");
  const rows = await app.db
    .select()
    .from(petitions)
    .where(and(eq(petitions.petitionerId, viewer.id), c ? lt(petitions.id, c[0]) : undefined))
    .orderBy(desc(petitions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const now = app.now();
  const mbs = await mailboxRefs(app.db, page.map((p) => p.mailboxId));
  return {
    items: page.map((p) => listItem(p, mbs.get(p.mailboxId)!, p, now)),
    nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.id] satisfies IdCursor) : null,
  };
}

// ---------------------------------------------------------------- openness

const PUBLISHED = sql`${petitions.public} and ${petitions.status} not in ('submitted', 'rejected')`;

/** Published cases (the petitioner consented), with personal data masked. */
export async function listPublic(
  app: AppServices,
  opts: { limit?: string | number | null; cursor?: string | null; category?: string | null; mailboxId?: number | null },
) {
  const limit = clampLimit(opts.limit);
  const c = decodeCursor(opts.cursor, isIdCursor);
  if (opts.cursor && !c) throw badRequest("invalid_cursor");
  const rows = await app.db
    .select({ p: petitions, petitionerName: users.displayName })
    .from(petitions)
    .leftJoin(users, eq(users.id, petitions.petitionerId))
    .where(
      and(
        PUBLISHED,
        opts.category ? eq(petitions.category, opts.category) : undefined,
        opts.mailboxId ? eq(petitions.mailboxId, opts.mailboxId) : undefined,
        c ? lt(petitions.id, c[0]) : undefined,
      ),
    )
    .orderBy(desc(petitions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const items = await publicDtos(app, page);
  return { items, nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.p.id] satisfies IdCursor) : null };
}

export async function getPublicPetition(app: AppServices, id: number): Promise<PublicPetitionDto | null> {
  const rows = await app.db
    .select({ p: petitions, petitionerName: users.displayName })
    .from(petitions)
    .leftJoin(users, eq(users.id, petitions.petitionerId))
    .where(and(PUBLISHED, eq(petitions.id, id)));
  return rows.length ? (await publicDtos(app, rows))[0] : null;
}

async function publicDtos(app: AppServices, page: { p: PetitionRow; petitionerName: string | null }[]): Promise<PublicPetitionDto[]> {
  if (page.length === 0) return [];
  const assignments = await app.db.select().from(petitionAssignments).where(inArray(petitionAssignments.petitionId, page.map((r) => r.p.id)));
  const mbs = await mailboxRefs(app.db, [...page.map((r) => r.p.mailboxId), ...assignments.map((a) => a.mailboxId)]);
  return page.map(({ p, petitionerName }) => {
    const mask = masker(p, petitionerName);
    const body = maskMarkdown(mask, p.body);
    return {
      id: String(p.id),
      title: mask(p.title),
      body: body.text,
      bodyHtml: body.html,
      category: p.category,
      channel: p.channel,
      status: p.status,
      mailbox: mbs.get(p.mailboxId)!,
      createdAt: p.createdAt.toISOString(),
      satisfaction: p.satisfaction,
      replies: publicReplies(assignments.filter((a) => a.petitionId === p.id), mbs, mask),
    };
  });
}

/**
 * The newest replies to published cases, masked as the case page shows them (the officials'
 * replies feed): each mailbox's reply is an item, newest first.
 */
export async function latestPublishedReplies(app: AppServices, limit: number) {
  const rows = await app.db
    .select({ a: petitionAssignments, p: petitions, petitionerName: users.displayName })
    .from(petitionAssignments)
    .innerJoin(petitions, eq(petitions.id, petitionAssignments.petitionId))
    .leftJoin(users, eq(users.id, petitions.petitionerId))
    .where(and(PUBLISHED, isNotNull(petitionAssignments.repliedAt), isNotNull(petitionAssignments.replyBody)))
    .orderBy(desc(petitionAssignments.repliedAt), desc(petitionAssignments.petitionId), desc(petitionAssignments.mailboxId))
    .limit(limit);
  const mbs = await mailboxRefs(app.db, rows.map((r) => r.a.mailboxId));
  return rows.map(({ a, p, petitionerName }) => {
    const mask = masker(p, petitionerName);
    return {
      petitionId: String(p.id),
      title: mask(p.title),
      mailbox: mbs.get(a.mailboxId)!,
      bodyHtml: maskMarkdown(mask, a.replyBody!).html,
      repliedAt: a.repliedAt!,
    };
  });
}

/** The tracking page's view of a case: status, light, a timeline without names, masked replies. */
export async function trackView(app: AppServices, id: number): Promise<TrackDto> {
  const [row] = await app.db
    .select({ p: petitions, petitionerName: users.displayName })
    .from(petitions)
    .leftJoin(users, eq(users.id, petitions.petitionerId))
    .where(eq(petitions.id, id));
  const p = row.p;
  const [assignments, events] = await Promise.all([
    app.db.select().from(petitionAssignments).where(eq(petitionAssignments.petitionId, id)),
    app.db
      .select({
        at: petitionEvents.at,
        action: petitionEvents.action,
        actorRole: petitionEvents.actorRole,
        mailboxId: petitionEvents.mailboxId,
        note: petitionEvents.note,
        data: petitionEvents.data,
      })
      .from(petitionEvents)
      .where(eq(petitionEvents.petitionId, id))
      .orderBy(asc(petitionEvents.seq)),
  ]);
  const mbs = await mailboxRefs(app.db, [p.mailboxId, ...assignments.map((a) => a.mailboxId), ...events.flatMap((e) => (e.mailboxId ? [e.mailboxId] : []))]);
  const state = caseState(p, assignments);
  const now = app.now();
  const mask = masker(p, row.petitionerName);
  return {
    trackingNo: p.trackingNo,
    title: mask(p.title),
    status: p.status,
    light: lightOf(state, now),
    dueAt: p.dueAt?.toISOString() ?? null,
    mailbox: mbs.get(p.mailboxId)!,
    createdAt: p.createdAt.toISOString(),
    // Internal notes (opinions, instructions, supervision) stay inside; what the petitioner must
    // be told is shown, masked: why a letter was not accepted, why the time limit was extended,
    // and the answer to a review (信访条例).
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      by: e.actorRole as TrackDto["timeline"][number]["by"],
      mailbox: e.mailboxId ? (mbs.get(e.mailboxId) ?? null) : null,
      note: e.note && (e.action === "reject" || e.action === "extend" || (e.action === "reply" && e.data?.review === true)) ? mask(e.note) : null,
    })),
    replies: publicReplies(assignments, mbs, mask),
  };
}

