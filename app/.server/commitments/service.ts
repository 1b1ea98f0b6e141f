// The yearly "ten practical things" (十件实事). Each write: parse → load (under the
// commitment's row lock) → policy (app/domain/commitments/rules.ts) → transaction → publish.
//
// - A commitment's comments are a Development Forum thread (commitments.thread_id), written in
//   the same transaction as the commitment through the forum service, so replies get the
//   forum's moderation, reactions, reports and live updates. The forum, not Public Information:
//   comments are citizens' debate of a proposal or a promise (and moderators, who may propose,
//   can open forum topics), while Public Information is the officials' announcements column and
//   its feed should not fill with every proposal.
// - Progress: one row in commitment_progress per change, commitments.progress updated in the
//   same transaction (CHECKs keep both in 0–100), a notification to every follower but the
//   author, then `commitment:progress` to the public room `commitment:<id>` after commit.
// - Follows: the primary key (commitment_id, user_id) admits one follow per person; the row
//   and the `followers` counter change in one transaction, the counter only when a row did.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import {
  commitmentFollows,
  commitmentLinks,
  commitmentMilestones,
  commitmentProgress,
  commitments,
  mailboxes,
  mailboxMembers,
  threads,
  users,
} from "../../../db/schema";
import type { Tx } from "../../../db/client";
import { isModerator, type Viewer } from "~/domain/auth/types";
import {
  abilities,
  acceptsProgress,
  canTransition,
  completeRefusal,
  createRefusal,
  mayEdit,
  mayLink,
  mayRecordProgress,
  mayTransition,
  type CommitmentActor,
} from "~/domain/commitments/rules";
import {
  commitmentCreateSchema,
  commitmentPatchSchema,
  linkSchema,
  milestoneInputSchema,
  milestonePatchSchema,
  progressSchema,
} from "~/domain/commitments/schemas";
import {
  commitmentHref,
  commitmentRoom,
  type CommitmentDto,
  type CommitmentLinkDto,
  type CommitmentStatus,
  type CommitmentSummary,
  type MailboxRefDto,
  type MilestoneDto,
  type ProgressEntryDto,
  MILESTONES_MAX,
  LINKS_MAX,
} from "~/domain/commitments/types";
import { TITLE_MAX } from "~/domain/forum/types";
import { safeParse, type FieldIssues } from "~/domain/validation";
import { getT } from "~/i18n";
import type { AppServices } from "../context";
import { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from "../errors";
import { authorColumns, authorDto } from "../forum/dto";
import { createThreadInTx } from "../forum/service";
import { renderMarkdown } from "../markdown";
import { notify, publishNotifications } from "../notifications/service";
import { getPublicPetition } from "../petitions/queries";

type Row = typeof commitments.$inferSelect;
type Db = AppServices["db"] | Tx;

function parse<T>(r: { ok: true; data: T } | { ok: false; fields: FieldIssues }): T {
  if (!r.ok) throw badRequest("invalid_input", r.fields);
  return r.data;
}

const NOTIFY_SLICE = 5_000;

const validId = (id: number) => Number.isSafeInteger(id) && id > 0;

function violated(e: unknown, code: string, constraint: string): boolean {
  const err = e as { code?: string; constraint_name?: string; constraint?: string; message?: string; cause?: unknown };
  if (err?.code === code) return (err.constraint_name ?? err.constraint ?? err.message ?? "").includes(constraint);
  return err?.cause ? violated(err.cause, code, constraint) : false;
}

/** Refusals the database makes under concurrency, as the API's codes. */
function translateDbError(e: unknown): never {
  if (violated(e, "23505", "commitments_year_ordinal_idx")) throw conflict("ordinal_taken");
  if (violated(e, "23505", "commitment_links_thread_idx") || violated(e, "23505", "commitment_links_petition_idx")) throw conflict("already_linked");
  throw e;
}

/** Shanghai's calendar year now: the list shown by default. */
export const currentYear = (now: Date) => Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4));

export async function loadCommitmentActor(db: Db, viewer: Viewer | null): Promise<CommitmentActor | null> {
  if (!viewer) return null;
  const mbs = await db.select({ id: mailboxMembers.mailboxId }).from(mailboxMembers).where(eq(mailboxMembers.userId, viewer.id));
  return { id: viewer.id, role: viewer.role, mailboxIds: mbs.map((m) => m.id) };
}

const facts = (r: Row) => ({ status: r.status, ownerMailboxId: r.ownerMailboxId, createdBy: r.createdBy, progress: r.progress });

async function mailboxRefs(db: Db, ids: number[]): Promise<Map<number, MailboxRefDto>> {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map();
  const rows = await db.select({ id: mailboxes.id, name: mailboxes.name, nameEn: mailboxes.nameEn }).from(mailboxes).where(inArray(mailboxes.id, uniq));
  return new Map(rows.map((m) => [m.id, { id: String(m.id), name: m.name, nameEn: m.nameEn }]));
}

function summaryDto(r: Row, mbs: Map<number, MailboxRefDto>): CommitmentSummary {
  return {
    id: String(r.id),
    year: r.year,
    ordinal: r.ordinal,
    title: r.title,
    status: r.status,
    ownerMailbox: mbs.get(r.ownerMailboxId) ?? { id: String(r.ownerMailboxId), name: "", nameEn: "" },
    budgetYuan: r.budgetYuan,
    progress: r.progress,
    followers: r.followers,
    threadId: r.threadId === null ? null : String(r.threadId),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const milestoneDto = (m: typeof commitmentMilestones.$inferSelect): MilestoneDto => ({
  id: String(m.id),
  title: m.title,
  dueOn: m.dueOn?.toISOString() ?? null,
  doneAt: m.doneAt?.toISOString() ?? null,
  position: m.position,
});

async function loadRow(db: Db, id: number, lock = false): Promise<Row> {
  if (!validId(id)) throw notFound();
  const q = db.select().from(commitments).where(eq(commitments.id, id));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound();
  return row;
}

// ---------------------------------------------------------------- reading

/**
 * One year's commitments, not paged (ten places plus proposals): adopted and done ones by their
 * place in the list, then proposals, then dropped ones. `years` lists every year that has any.
 */
export async function listCommitments(app: AppServices, opts: { year?: string | number | null; status?: string | null } = {}) {
  const rawYear = opts.year === undefined || opts.year === null || opts.year === "" ? null : Number(opts.year);
  if (rawYear !== null && (!Number.isInteger(rawYear) || rawYear < 2000 || rawYear > 2100)) throw badRequest("invalid_input", { year: { key: "validation.commitment_year_range" } });
  if (opts.status && !["proposed", "adopted", "done", "dropped"].includes(opts.status)) throw badRequest("invalid_input", { status: { key: "validation.invalid_choice" } });
  const year = rawYear ?? currentYear(app.now());
  const rows = await app.db
    .select()
    .from(commitments)
    .where(and(eq(commitments.year, year), opts.status ? eq(commitments.status, opts.status as CommitmentStatus) : undefined))
    .orderBy(
      sql`case ${commitments.status} when 'dropped' then 2 when 'proposed' then 1 else 0 end`,
      sql`${commitments.ordinal} asc nulls last`,
      asc(commitments.id),
    );
  const years = await app.db.selectDistinct({ year: commitments.year }).from(commitments).orderBy(desc(commitments.year));
  const mbs = await mailboxRefs(app.db, rows.map((r) => r.ownerMailboxId));
  return { year, years: years.map((y) => y.year), items: rows.map((r) => summaryDto(r, mbs)), nextCursor: null };
}

/** Progress points of the year's adopted and done commitments, oldest first, for one chart. */
export async function yearProgressSeries(app: AppServices, year: number) {
  const rows = await app.db
    .select({ commitmentId: commitmentProgress.commitmentId, progress: commitmentProgress.progress, at: commitmentProgress.createdAt })
    .from(commitmentProgress)
    .innerJoin(commitments, eq(commitments.id, commitmentProgress.commitmentId))
    .where(and(eq(commitments.year, year), inArray(commitments.status, ["adopted", "done"])))
    .orderBy(asc(commitmentProgress.createdAt), asc(commitmentProgress.id));
  return rows.map((r) => ({ commitmentId: String(r.commitmentId), progress: r.progress, at: r.at.toISOString() }));
}

export async function progressHistory(db: Db, id: number, limit = 200): Promise<ProgressEntryDto[]> {
  const rows = await db
    .select({ p: commitmentProgress, author: authorColumns })
    .from(commitmentProgress)
    .innerJoin(users, eq(users.id, commitmentProgress.authorId))
    .where(eq(commitmentProgress.commitmentId, id))
    .orderBy(desc(commitmentProgress.createdAt), desc(commitmentProgress.id))
    .limit(limit);
  return rows.map(({ p, author }) => ({
    id: String(p.id),
    progress: p.progress,
    note: p.note,
    noteHtml: p.noteHtml,
    author: authorDto(author),
    createdAt: p.createdAt.toISOString(),
  }));
}

/**
 * The links anyone may see: visible threads (hidden ones for moderators only) and published
 * petitions with their masked title; a petition that is not (or no longer) published is left
 * out for everyone but those who may link, who see its tracking number only.
 */
async function linksOf(app: AppServices, id: number, viewer: Viewer | null, staff: boolean): Promise<CommitmentLinkDto[]> {
  const rows = await app.db.select().from(commitmentLinks).where(eq(commitmentLinks.commitmentId, id)).orderBy(asc(commitmentLinks.id));
  const threadIds = rows.flatMap((r) => (r.threadId === null ? [] : [r.threadId]));
  const ts = threadIds.length
    ? await app.db.select({ id: threads.id, title: threads.title, hidden: threads.hidden }).from(threads).where(inArray(threads.id, threadIds))
    : [];
  const byThread = new Map(ts.map((t) => [t.id, t]));
  const out: CommitmentLinkDto[] = [];
  for (const r of rows) {
    if (r.threadId !== null) {
      const t = byThread.get(r.threadId);
      if (!t || (t.hidden && !isModerator(viewer))) continue;
      out.push({ id: String(r.id), kind: "thread", targetId: String(t.id), title: t.title, trackingNo: null, url: `/t/${t.id}` });
    } else if (r.petitionId !== null) {
      const p = await getPublicPetition(app, r.petitionId);
      if (p) out.push({ id: String(r.id), kind: "petition", targetId: p.id, title: p.title, trackingNo: null, url: `/petitions/${p.id}` });
      else if (staff) out.push({ id: String(r.id), kind: "petition", targetId: String(r.petitionId), title: "", trackingNo: null, url: `/petitions/${r.petitionId}` });
    }
  }
  return out;
}

async function detailDto(app: AppServices, r: Row, viewer: Viewer | null, actor?: CommitmentActor | null): Promise<CommitmentDto> {
  const a = actor === undefined ? await loadCommitmentActor(app.db, viewer) : actor;
  const can = abilities(a, facts(r));
  const [mbs, [creator], milestones, history, links, following] = await Promise.all([
    mailboxRefs(app.db, [r.ownerMailboxId]),
    app.db.select(authorColumns).from(users).where(eq(users.id, r.createdBy)),
    app.db
      .select()
      .from(commitmentMilestones)
      .where(eq(commitmentMilestones.commitmentId, r.id))
      .orderBy(asc(commitmentMilestones.position), asc(commitmentMilestones.id)),
    progressHistory(app.db, r.id),
    linksOf(app, r.id, viewer, can.link),
    viewer
      ? app.db
          .select({ u: commitmentFollows.userId })
          .from(commitmentFollows)
          .where(and(eq(commitmentFollows.commitmentId, r.id), eq(commitmentFollows.userId, viewer.id)))
      : Promise.resolve([]),
  ]);
  return {
    ...summaryDto(r, mbs),
    summary: r.summary,
    summaryHtml: r.summaryHtml,
    createdBy: authorDto(creator),
    milestones: milestones.map(milestoneDto),
    history,
    links,
    following: following.length > 0,
    can,
  };
}

export async function getCommitment(app: AppServices, viewer: Viewer | null, id: number): Promise<CommitmentDto> {
  return detailDto(app, await loadRow(app.db, id), viewer);
}

/** The few numbers a page needs after reconnecting (no gaps: the newest word from the database). */
export async function commitmentState(app: AppServices, id: number) {
  const r = await loadRow(app.db, id);
  return { commitmentId: String(r.id), progress: r.progress, status: r.status, followers: r.followers };
}

// ---------------------------------------------------------------- writing

async function requireMailbox(db: Db, id: number) {
  const [m] = await db.select({ id: mailboxes.id, active: mailboxes.active }).from(mailboxes).where(eq(mailboxes.id, id));
  if (!m || !m.active) throw badRequest("invalid_input", { ownerMailboxId: { key: "validation.commitment_mailbox" } });
}

/** Only visible threads, and only published petitions, may be shown as a commitment's reasons. */
async function checkTargets(app: AppServices, db: Db, viewer: Viewer, threadIds: number[], petitionIds: number[]) {
  if (threadIds.length) {
    const found = await db.select({ id: threads.id, hidden: threads.hidden }).from(threads).where(inArray(threads.id, threadIds));
    const ok = new Set(found.filter((t) => !t.hidden || isModerator(viewer)).map((t) => t.id));
    if (threadIds.some((t) => !ok.has(t))) throw badRequest("invalid_input", { threadIds: { key: "validation.commitment_thread_unknown" } });
  }
  for (const p of petitionIds) {
    if (!(await getPublicPetition(app, p))) throw badRequest("petition_not_public", { petitionIds: { key: "validation.commitment_petition_not_public" } });
  }
}

function threadBody(summary: string, id: number) {
  const t = getT("zh-CN");
  return [summary.trim(), t("commitments.thread.body", { url: commitmentHref(id) })].filter(Boolean).join("\n\n");
}

export async function createCommitment(app: AppServices, viewer: Viewer | null, input: unknown): Promise<CommitmentDto> {
  if (!viewer) throw unauthorized();
  const data = parse(safeParse(commitmentCreateSchema, input));
  const actor = await loadCommitmentActor(app.db, viewer);
  const refusal = createRefusal(actor, data);
  if (refusal) throw refusal === "unauthorized" ? unauthorized() : forbidden(refusal);
  await requireMailbox(app.db, data.ownerMailboxId);
  await checkTargets(app, app.db, viewer, data.threadIds, data.petitionIds);
  const now = app.now();
  const t = getT("zh-CN");
  let id = 0;
  try {
    id = await app.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(commitments)
        .values({
          year: data.year,
          ordinal: data.status === "adopted" ? data.ordinal : null,
          title: data.title,
          summary: data.summary,
          summaryHtml: renderMarkdown(data.summary),
          status: data.status,
          ownerMailboxId: data.ownerMailboxId,
          budgetYuan: data.budgetYuan,
          createdBy: viewer.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      // Its discussion, in the same transaction: a commitment never exists without one.
      const title = [...t("commitments.thread.title", { year: data.year, title: data.title })].slice(0, TITLE_MAX).join("");
      const thread = await createThreadInTx(tx, viewer, { section: "forum", title, body: threadBody(data.summary, row.id), at: now });
      await tx.update(commitments).set({ threadId: thread.id }).where(eq(commitments.id, row.id));
      if (data.milestones.length) {
        await tx.insert(commitmentMilestones).values(data.milestones.map((m, i) => ({ commitmentId: row.id, title: m.title, dueOn: m.dueOn, position: i })));
      }
      const links = [
        ...data.threadIds.map((threadId) => ({ commitmentId: row.id, threadId, createdAt: now })),
        ...data.petitionIds.map((petitionId) => ({ commitmentId: row.id, petitionId, createdAt: now })),
      ];
      if (links.length) await tx.insert(commitmentLinks).values(links);
      return row.id;
    });
  } catch (e) {
    translateDbError(e);
  }
  return getCommitment(app, viewer, id);
}

function publishState(app: AppServices, r: Pick<Row, "id" | "progress" | "status" | "updatedAt">, entryId: number | null) {
  app.publisher.publish(commitmentRoom(r.id), "commitment:progress", {
    commitmentId: String(r.id),
    entryId: entryId === null ? null : String(entryId),
    progress: r.progress,
    status: r.status,
    at: r.updatedAt.toISOString(),
  });
}

/** Details (title, summary, budget, year, owner) and status changes: adopt, complete, drop. */
export async function updateCommitment(app: AppServices, viewer: Viewer | null, id: number, input: unknown): Promise<CommitmentDto> {
  if (!viewer) throw unauthorized();
  const data = parse(safeParse(commitmentPatchSchema, input));
  const actor = await loadCommitmentActor(app.db, viewer);
  if (data.ownerMailboxId !== undefined) await requireMailbox(app.db, data.ownerMailboxId);
  let changed: Row | null = null;
  let statusChanged = false;
  try {
    changed = await app.db.transaction(async (tx) => {
      const r = await loadRow(tx, id, true);
      const f = facts(r);
      const details = (["year", "title", "summary", "ownerMailboxId", "budgetYuan"] as const).filter((k) => data[k] !== undefined);
      // Who first (403), then whether it can happen now (409).
      if (details.length && !mayEdit(actor, f)) throw forbidden();
      if (data.ownerMailboxId !== undefined && data.ownerMailboxId !== r.ownerMailboxId && actor?.role !== "admin") throw forbidden("commitment_owner_forbidden");
      if (data.status && !mayTransition(actor, f, data.status)) throw forbidden();
      if (data.ordinal !== undefined && actor?.role !== "admin") throw forbidden();
      if (data.status && data.status !== r.status && !canTransition(r.status, data.status)) throw conflict("invalid_transition");
      if (data.status === "done" && r.status !== "done" && completeRefusal(f)) throw conflict("commitment_not_finished");

      const status = data.status ?? r.status;
      statusChanged = status !== r.status;
      let ordinal = r.ordinal;
      if (status === "adopted" || status === "done") ordinal = data.ordinal ?? r.ordinal;
      else ordinal = null; // proposals and dropped ones hold no place
      if ((status === "adopted" || status === "done") && ordinal === null) {
        throw badRequest("invalid_input", { ordinal: { key: "validation.commitment_ordinal_required" } });
      }
      if (data.ordinal !== undefined && status !== "adopted" && status !== "done") {
        throw badRequest("invalid_input", { ordinal: { key: "validation.commitment_ordinal_proposed" } });
      }
      const [row] = await tx
        .update(commitments)
        .set({
          year: data.year ?? r.year,
          title: data.title ?? r.title,
          summary: data.summary ?? r.summary,
          summaryHtml: data.summary !== undefined ? renderMarkdown(data.summary) : r.summaryHtml,
          ownerMailboxId: data.ownerMailboxId ?? r.ownerMailboxId,
          budgetYuan: data.budgetYuan !== undefined ? data.budgetYuan : r.budgetYuan,
          status,
          ordinal,
          updatedAt: app.now(),
        })
        .where(eq(commitments.id, id))
        .returning();
      return row;
    });
  } catch (e) {
    translateDbError(e);
  }
  if (changed && statusChanged) publishState(app, changed, null);
  return getCommitment(app, viewer, id);
}

/**
 * Records a progress change with a note: appends to the history, moves commitments.progress,
 * notifies every follower (but the author) and tells the room, after commit.
 */
export async function recordProgress(app: AppServices, viewer: Viewer | null, id: number, input: unknown) {
  if (!viewer) throw unauthorized();
  const data = parse(safeParse(progressSchema, input));
  const actor = await loadCommitmentActor(app.db, viewer);
  const now = app.now();
  const { row, entry, notes } = await app.db.transaction(async (tx) => {
    const r = await loadRow(tx, id, true);
    if (!mayRecordProgress(actor, facts(r))) throw forbidden();
    if (!acceptsProgress(r.status)) throw conflict("commitment_not_adopted");
    const [entry] = await tx
      .insert(commitmentProgress)
      .values({ commitmentId: id, progress: data.progress, note: data.note, noteHtml: renderMarkdown(data.note), authorId: viewer.id, createdAt: now })
      .returning();
    const [row] = await tx.update(commitments).set({ progress: data.progress, updatedAt: now }).where(eq(commitments.id, id)).returning();
    const followers = await tx.select({ userId: commitmentFollows.userId }).from(commitmentFollows).where(eq(commitmentFollows.commitmentId, id));
    // In slices: one insert carries four parameters a row, and a statement at most 65,535.
    const notes: Awaited<ReturnType<typeof notify>> = [];
    for (let i = 0; i < followers.length; i += NOTIFY_SLICE) {
      notes.push(
        ...(await notify(
          tx,
          { userIds: followers.slice(i, i + NOTIFY_SLICE).map((f) => f.userId), except: viewer.id },
          "commitment_progress",
          { commitmentId: String(id), title: r.title, progress: data.progress, previous: r.progress },
          commitmentHref(id),
        )),
      );
    }
    return { row, entry, notes };
  });
  publishNotifications(app, notes);
  publishState(app, row, entry.id);
  const dto: ProgressEntryDto = {
    id: String(entry.id),
    progress: entry.progress,
    note: entry.note,
    noteHtml: entry.noteHtml,
    author: authorDto(viewer),
    createdAt: entry.createdAt.toISOString(),
  };
  return { entry: dto, progress: row.progress, notified: notes.length };
}

// ---------------------------------------------------------------- milestones

export async function addMilestone(app: AppServices, viewer: Viewer | null, id: number, input: unknown): Promise<MilestoneDto> {
  if (!viewer) throw unauthorized();
  const data = parse(safeParse(milestoneInputSchema, input));
  const actor = await loadCommitmentActor(app.db, viewer);
  return app.db.transaction(async (tx) => {
    const r = await loadRow(tx, id, true);
    if (!mayEdit(actor, facts(r))) throw forbidden();
    const [{ n, last }] = await tx
      .select({ n: sql<number>`count(*)::int`, last: sql<number>`coalesce(max(${commitmentMilestones.position}), -1)::int` })
      .from(commitmentMilestones)
      .where(eq(commitmentMilestones.commitmentId, id));
    if (Number(n) >= MILESTONES_MAX) throw conflict("too_many_milestones");
    const [m] = await tx.insert(commitmentMilestones).values({ commitmentId: id, title: data.title, dueOn: data.dueOn, position: Number(last) + 1 }).returning();
    await tx.update(commitments).set({ updatedAt: app.now() }).where(eq(commitments.id, id));
    return milestoneDto(m);
  });
}

/** Ticks a milestone off (done: true), reopens it, or edits its title or due date. */
export async function updateMilestone(app: AppServices, viewer: Viewer | null, id: number, milestoneId: number, input: unknown): Promise<MilestoneDto> {
  if (!viewer) throw unauthorized();
  const data = parse(safeParse(milestonePatchSchema, input));
  const actor = await loadCommitmentActor(app.db, viewer);
  if (!validId(milestoneId)) throw notFound();
  return app.db.transaction(async (tx) => {
    const r = await loadRow(tx, id, true);
    const [m] = await tx
      .select()
      .from(commitmentMilestones)
      .where(and(eq(commitmentMilestones.id, milestoneId), eq(commitmentMilestones.commitmentId, id)));
    if (!m) throw notFound();
    if (!mayEdit(actor, facts(r))) throw forbidden();
    const [row] = await tx
      .update(commitmentMilestones)
      .set({
        title: data.title ?? m.title,
        dueOn: data.dueOn !== undefined ? data.dueOn : m.dueOn,
        doneAt: data.done === undefined ? m.doneAt : data.done ? (m.doneAt ?? app.now()) : null,
      })
      .where(eq(commitmentMilestones.id, milestoneId))
      .returning();
    await tx.update(commitments).set({ updatedAt: app.now() }).where(eq(commitments.id, id));
    return milestoneDto(row);
  });
}

// ---------------------------------------------------------------- follows

/** Follows once (again: nothing changes); the counter moves only when a row was added. */
export const follow = (app: AppServices, viewer: Viewer | null, id: number) => setFollowing(app, viewer, id, true);

/** Unfollows (when not following: nothing changes); the counter moves only when a row was removed. */
export const unfollow = (app: AppServices, viewer: Viewer | null, id: number) => setFollowing(app, viewer, id, false);

async function setFollowing(app: AppServices, viewer: Viewer | null, id: number, following: boolean) {
  if (!viewer) throw unauthorized();
  const { followers, changed } = await app.db.transaction(async (tx) => {
    await loadRow(tx, id);
    const rows = following
      ? await tx
          .insert(commitmentFollows)
          .values({ commitmentId: id, userId: viewer.id, createdAt: app.now() })
          .onConflictDoNothing()
          .returning({ u: commitmentFollows.userId })
      : await tx
          .delete(commitmentFollows)
          .where(and(eq(commitmentFollows.commitmentId, id), eq(commitmentFollows.userId, viewer.id)))
          .returning({ u: commitmentFollows.userId });
    if (rows.length) {
      const [r] = await tx
        .update(commitments)
        .set({ followers: sql`${commitments.followers} + ${following ? 1 : -1}` })
        .where(eq(commitments.id, id))
        .returning({ followers: commitments.followers });
      return { followers: r.followers, changed: true };
    }
    const [r] = await tx.select({ followers: commitments.followers }).from(commitments).where(eq(commitments.id, id));
    return { followers: r.followers, changed: false };
  });
  if (changed) app.publisher.publish(commitmentRoom(id), "commitment:followers", { commitmentId: String(id), followers });
  return { following, followers };
}

// ---------------------------------------------------------------- links

export async function addLink(app: AppServices, viewer: Viewer | null, id: number, input: unknown): Promise<CommitmentLinkDto> {
  if (!viewer) throw unauthorized();
  const data = parse(safeParse(linkSchema, input));
  const actor = await loadCommitmentActor(app.db, viewer);
  const r = await loadRow(app.db, id);
  if (!mayLink(actor, facts(r))) throw forbidden();
  if (r.status === "dropped") throw conflict("invalid_transition");
  const threadIds = "threadId" in data ? [data.threadId] : [];
  const petitionIds = "petitionId" in data ? [data.petitionId] : [];
  if (threadIds[0] !== undefined && threadIds[0] === r.threadId) throw badRequest("invalid_input", { threadId: { key: "validation.commitment_own_thread" } });
  await checkTargets(app, app.db, viewer, threadIds, petitionIds);
  let linkId = 0;
  try {
    linkId = await app.db.transaction(async (tx) => {
      await loadRow(tx, id, true);
      const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(commitmentLinks).where(eq(commitmentLinks.commitmentId, id));
      if (Number(n) >= LINKS_MAX) throw conflict("too_many_links");
      const [l] = await tx
        .insert(commitmentLinks)
        .values({ commitmentId: id, threadId: threadIds[0] ?? null, petitionId: petitionIds[0] ?? null, createdAt: app.now() })
        .returning({ id: commitmentLinks.id });
      return l.id;
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    translateDbError(e);
  }
  const link = (await linksOf(app, id, viewer, true)).find((l) => l.id === String(linkId));
  if (!link) throw notFound();
  return link;
}

export async function removeLink(app: AppServices, viewer: Viewer | null, id: number, linkId: number) {
  if (!viewer) throw unauthorized();
  const actor = await loadCommitmentActor(app.db, viewer);
  const r = await loadRow(app.db, id);
  if (!validId(linkId)) throw notFound();
  if (!mayLink(actor, facts(r))) throw forbidden();
  const gone = await app.db
    .delete(commitmentLinks)
    .where(and(eq(commitmentLinks.id, linkId), eq(commitmentLinks.commitmentId, id)))
    .returning({ id: commitmentLinks.id });
  if (!gone.length) throw notFound();
}

/** Whether a commitment exists (the public room's join policy). */
export async function commitmentExists(app: AppServices, id: number) {
  const [r] = await app.db.select({ id: commitments.id }).from(commitments).where(eq(commitments.id, id));
  return Boolean(r);
}
