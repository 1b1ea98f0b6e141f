// The forum: both sections (Public Information and the Development Forum), threads, replies,
// reactions, reports. Each write: parse → load → policy → transaction → publish.
import { and, asc, desc, eq, gt, gte, lte, sql } from "drizzle-orm";
import { petitions, postReactions, postRevisions, posts, reports, threadRevisions, threads, users } from "../../../db/schema";
import { petitionSummary } from "../petitions/dto";
import { isModerator, isOfficial, type Viewer } from "~/domain/auth/types";
import {
  postCreateSchema,
  postPatchSchema,
  reactionSchema,
  reportResolveSchema,
  reportSchema,
  threadCreateSchema,
  threadPatchSchema,
} from "~/domain/forum/schemas";
import { PAGE_SIZE, type PostDto, type Section, type ThreadDto } from "~/domain/forum/types";
import { isIdempotencyKey, safeParse } from "~/domain/validation";
import type { AppServices } from "../context";
import type { Tx } from "../../../db/client";
import { badRequest, conflict, forbidden, notFound, unauthorized } from "../errors";
import { renderMarkdown } from "../markdown";
import { rowsOf } from "../../../db/rows";
import { take } from "../rate-limit";
import { clampLimit, decodeCursor, encodeCursor } from "./cursor";
import { authorColumns, authorDto, postDtos, threadDto } from "./dto";

const room = (threadId: number | string) => `thread:${threadId}`;

// The petition a discussion became (one at most: a unique index), for the thread's banner.
const petitionSummaryColumns = {
  id: petitions.id,
  trackingNo: petitions.trackingNo,
  status: petitions.status,
  dueAt: petitions.dueAt,
  warnAt: petitions.warnAt,
  lightAt: petitions.lightAt,
  cosignCount: petitions.cosignCount,
};
type SummaryRow = { [K in keyof typeof petitionSummaryColumns]: (typeof petitions.$inferSelect)[K] | null };
const bannerOf = (app: AppServices, p: SummaryRow | null) =>
  p && p.id !== null ? petitionSummary(p as Parameters<typeof petitionSummary>[0], app.now()) : null;

function requireUser(viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthorized();
  return viewer;
}

function parse<T>(r: { ok: true; data: T } | { ok: false; fields: Record<string, { key: string }> }): T {
  if (!r.ok) throw badRequest("invalid_input", r.fields);
  return r.data;
}

// ---------------------------------------------------------------- threads

type ListCursor = [boolean, number, number]; // pinned, lastPostAt ms, id
const isListCursor = (v: unknown): v is ListCursor =>
  Array.isArray(v) && v.length === 3 && typeof v[0] === "boolean" && Number.isFinite(v[1]) && Number.isSafeInteger(v[2]);

export async function listThreads(
  app: AppServices,
  viewer: Viewer | null,
  opts: { section?: Section; limit?: number | string | null; cursor?: string | null; featured?: boolean },
) {
  const limit = clampLimit(opts.limit);
  const c = decodeCursor(opts.cursor, isListCursor);
  if (opts.cursor && !c) throw badRequest("invalid_cursor");
  const rows = await app.db
    .select({ thread: threads, author: authorColumns, petition: petitionSummaryColumns })
    .from(threads)
    .innerJoin(users, eq(users.id, threads.authorId))
    .leftJoin(petitions, eq(petitions.threadId, threads.id))
    .where(
      and(
        opts.section ? eq(threads.section, opts.section) : undefined,
        opts.featured ? eq(threads.featured, true) : undefined,
        isModerator(viewer) ? undefined : eq(threads.hidden, false),
        c
          ? sql`(${threads.pinned}, ${threads.lastPostAt}, ${threads.id}) < (${c[0]}, ${new Date(c[1]).toISOString()}::timestamptz, ${c[2]})`
          : undefined,
      ),
    )
    .orderBy(desc(threads.pinned), desc(threads.lastPostAt), desc(threads.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => threadDto(r.thread, authorDto(r.author), bannerOf(app, r.petition))),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor([last.thread.pinned, last.thread.lastPostAt.getTime(), last.thread.id] satisfies ListCursor)
        : null,
  };
}

/** Newest threads by creation (home page "latest information"). */
export async function latestThreads(app: AppServices, section: Section, limit: number) {
  const rows = await app.db
    .select({ thread: threads, author: authorColumns, petition: petitionSummaryColumns })
    .from(threads)
    .innerJoin(users, eq(users.id, threads.authorId))
    .leftJoin(petitions, eq(petitions.threadId, threads.id))
    .where(and(eq(threads.section, section), eq(threads.hidden, false)))
    .orderBy(desc(threads.createdAt), desc(threads.id))
    .limit(limit);
  return rows.map((r) => threadDto(r.thread, authorDto(r.author), bannerOf(app, r.petition)));
}

async function loadThread(app: AppServices, viewer: Viewer | null, id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  const [row] = await app.db
    .select({ thread: threads, author: authorColumns, petition: petitionSummaryColumns })
    .from(threads)
    .innerJoin(users, eq(users.id, threads.authorId))
    .leftJoin(petitions, eq(petitions.threadId, threads.id))
    .where(eq(threads.id, id));
  if (!row || (row.thread.hidden && !isModerator(viewer))) throw notFound();
  return row;
}

export async function getThread(app: AppServices, viewer: Viewer | null, id: number): Promise<ThreadDto> {
  const row = await loadThread(app, viewer, id);
  return threadDto(row.thread, authorDto(row.author), bannerOf(app, row.petition));
}

/** Whether the viewer may see the thread (used by the socket room policy). */
export async function canSeeThread(app: AppServices, viewer: Viewer | null, id: number) {
  const [row] = await app.db.select({ hidden: threads.hidden }).from(threads).where(eq(threads.id, id));
  return Boolean(row) && (!row.hidden || isModerator(viewer));
}

export async function createThread(app: AppServices, viewer: Viewer | null, input: unknown): Promise<ThreadDto> {
  const user = requireUser(viewer);
  const data = parse(safeParse(threadCreateSchema, input));
  if (data.section === "info" && !isOfficial(user)) throw forbidden("forbidden_section");
  await take(app, `thread:user:${user.id}`, 10, 600);
  const [row] = await app.db
    .insert(threads)
    .values({
      section: data.section,
      title: data.title,
      body: data.body,
      bodyHtml: renderMarkdown(data.body),
      authorId: user.id,
      official: isOfficial(user),
    })
    .returning();
  return threadDto(row, authorDto(user));
}

/**
 * A thread written as part of another area's change, inside that change's transaction (a
 * commitment's discussion): the caller has checked who may do it and validated its own input;
 * the thread's title and body are validated here like any thread's. Returns the new thread.
 */
export async function createThreadInTx(tx: Tx, author: Viewer, input: { section: Section; title: string; body: string; at?: Date }) {
  const data = parse(safeParse(threadCreateSchema, input));
  const at = input.at ?? new Date();
  const [row] = await tx
    .insert(threads)
    .values({
      section: data.section,
      title: data.title,
      body: data.body,
      bodyHtml: renderMarkdown(data.body),
      authorId: author.id,
      official: isOfficial(author),
      createdAt: at,
      lastPostAt: at,
    })
    .returning();
  return row;
}

/**
 * Moderators set the flags (pinned, featured, locked, hidden); the author edits the title and
 * opening text, keeping every earlier version.
 */
export async function updateThread(app: AppServices, viewer: Viewer | null, id: number, input: unknown) {
  const user = requireUser(viewer);
  const { title, body, ...flags } = parse(safeParse(threadPatchSchema, input));
  const current = await loadThread(app, user, id);
  if (Object.keys(flags).length && !isModerator(user)) throw forbidden();
  const editing = title !== undefined || body !== undefined;
  if (editing && current.thread.authorId !== user.id) throw forbidden();
  await app.db.transaction(async (tx) => {
    const [t] = await tx.select().from(threads).where(eq(threads.id, id)).for("update");
    if (editing && ((title ?? t.title) !== t.title || (body ?? t.body) !== t.body)) {
      if (t.locked) throw conflict("thread_locked");
      await tx.insert(threadRevisions).values({ threadId: id, title: t.title, body: t.body, editorId: user.id });
      await tx
        .update(threads)
        .set({ title: title ?? t.title, body: body ?? t.body, bodyHtml: renderMarkdown(body ?? t.body), editedAt: sql`now()` })
        .where(eq(threads.id, id));
    }
    if (Object.keys(flags).length) await tx.update(threads).set(flags).where(eq(threads.id, id));
  });
  const dto = await getThread(app, user, id);
  // Readers who may no longer see the thread leave its room before anything more is sent.
  if (dto.hidden) await app.publisher.restrictToModerators(room(id));
  app.publisher.publish(room(id), "thread:updated", { thread: dto });
  return dto;
}

export async function threadHistory(app: AppServices, viewer: Viewer | null, id: number) {
  const thread = await getThread(app, viewer, id);
  const rows = await app.db
    .select({ id: threadRevisions.id, title: threadRevisions.title, body: threadRevisions.body, createdAt: threadRevisions.createdAt })
    .from(threadRevisions)
    .where(eq(threadRevisions.threadId, id))
    .orderBy(asc(threadRevisions.id));
  return {
    thread,
    revisions: rows.map((r) => ({
      id: String(r.id),
      title: r.title,
      body: r.body,
      bodyHtml: renderMarkdown(r.body),
      replacedAt: r.createdAt.toISOString(),
    })),
  };
}

// ---------------------------------------------------------------- posts

const postSelect = { post: posts, author: authorColumns };

export async function getPostPage(app: AppServices, viewer: Viewer | null, threadId: number, page: number) {
  const row = await loadThread(app, viewer, threadId);
  const thread = threadDto(row.thread, authorDto(row.author), bannerOf(app, row.petition));
  const pageCount = Math.max(1, Math.ceil(row.thread.lastSeq / PAGE_SIZE));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  // Floors are dense, so any page is one range scan on (thread_id, seq). It starts one floor
  // early to learn the id just before the page: a client that reconnects asks for everything
  // after it. Page 5,000 costs what page 1 costs.
  const first = (p - 1) * PAGE_SIZE;
  const rows = await app.db
    .select(postSelect)
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(eq(posts.threadId, threadId), gte(posts.seq, Math.max(first, 1)), lte(posts.seq, p * PAGE_SIZE)))
    .orderBy(asc(posts.seq));
  const before = p > 1 && rows[0]?.post.seq === first ? rows.shift() : undefined;
  const items = await postDtos(app, rows.map((r) => ({ post: r.post, author: authorDto(r.author) })), {
    redactHidden: !isModerator(viewer),
  });
  return { thread, items, page: p, pageCount, beforeId: String(before?.post.id ?? 0) };
}

/** Posts after a post id, oldest first. Ids rise with commit order inside a thread (see createPost). */
export async function listPostsAfter(
  app: AppServices,
  viewer: Viewer | null,
  threadId: number,
  opts: { after?: string | null; cursor?: string | null; limit?: string | number | null },
) {
  await loadThread(app, viewer, threadId);
  const limit = clampLimit(opts.limit);
  const afterRaw = opts.cursor ?? opts.after ?? "0";
  if (!/^\d{1,18}$/.test(afterRaw)) throw badRequest("invalid_cursor");
  const after = Number(afterRaw);
  const rows = await app.db
    .select(postSelect)
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(eq(posts.threadId, threadId), gt(posts.id, after)))
    .orderBy(asc(posts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const items = await postDtos(app, page.map((r) => ({ post: r.post, author: authorDto(r.author) })), {
    redactHidden: !isModerator(viewer),
  });
  return { items, nextCursor: rows.length > limit ? String(page.at(-1)!.post.id) : null };
}

export async function getPost(app: AppServices, viewer: Viewer | null, postId: number): Promise<PostDto> {
  if (!Number.isSafeInteger(postId) || postId <= 0) throw notFound();
  const [row] = await app.db
    .select(postSelect)
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(eq(posts.id, postId));
  if (!row) throw notFound();
  await loadThread(app, viewer, row.post.threadId);
  const [dto] = await postDtos(app, [{ post: row.post, author: authorDto(row.author) }], {
    redactHidden: !isModerator(viewer),
  });
  return dto;
}

/** The same post as everyone in the room may see it (hidden bodies redacted). */
async function publicPost(app: AppServices, postId: number) {
  return getPost(app, { id: 0, username: "", displayName: "", role: "citizen" }, postId).catch(() => null);
}

export async function createPost(app: AppServices, viewer: Viewer | null, threadId: number, input: unknown) {
  return (await createPostOnce(app, viewer, threadId, input, null)).post;
}

/**
 * A reply, made at most once per Idempotency-Key: a client that retries after a lost answer (a
 * crashed node, a dropped connection) gets the post it already made, `replayed`, and no second
 * one. The database's unique (author, key) index settles two retries racing each other.
 */
export async function createPostOnce(
  app: AppServices,
  viewer: Viewer | null,
  threadId: number,
  input: unknown,
  intakeKey: string | null,
): Promise<{ post: PostDto; replayed: boolean }> {
  const user = requireUser(viewer);
  const data = parse(safeParse(postCreateSchema, input));
  if (!Number.isSafeInteger(threadId) || threadId <= 0) throw notFound();
  if (intakeKey !== null && !isIdempotencyKey(intakeKey)) throw badRequest("invalid_input", { idempotencyKey: { key: "validation.invalid" } });
  const replay = async () => {
    if (intakeKey === null) return null;
    const [row] = await app.db
      .select({ id: posts.id, threadId: posts.threadId, body: posts.body })
      .from(posts)
      .where(and(eq(posts.authorId, user.id), eq(posts.intakeKey, intakeKey)));
    if (!row) return null;
    // The same key for another reply is a client bug, not a retry: never swallow the reply.
    if (row.threadId !== threadId || row.body !== data.body) throw conflict("idempotency_key_reused");
    return { post: await getPost(app, user, row.id), replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  await take(app, `post:user:${user.id}`, 30, 60);
  let replyTo: PostDto["replyTo"] = null;
  if (data.replyToId) {
    const [target] = await app.db
      .select({ threadId: posts.threadId, seq: posts.seq, author: authorColumns })
      .from(posts)
      .innerJoin(users, eq(users.id, posts.authorId))
      .where(eq(posts.id, data.replyToId));
    if (!target || target.threadId !== threadId) {
      throw badRequest("invalid_input", { replyToId: { key: "validation.invalid_reply_target" } });
    }
    replyTo = { id: String(data.replyToId), seq: target.seq, author: authorDto(target.author) };
  }
  const official = isOfficial(user);
  const bodyHtml = renderMarkdown(data.body);
  // One statement: the UPDATE takes the thread's row lock and the next floor, then the INSERT
  // draws the post id while that lock is held. Replies to a thread are thereby serialised:
  // floors stay dense and ids rise in commit order, so "everything after id X" never skips one
  // (docs/decisions/001). A locked, hidden or missing thread updates no row and inserts nothing.
  const result = await app.db.execute(sql`
    with t as (
      update threads
         set last_seq = last_seq + 1, post_count = post_count + 1, last_post_at = now()
       where id = ${threadId}::bigint and not locked and (not hidden or ${isModerator(user)}::boolean)
   returning last_seq, post_count
    )
    insert into posts (thread_id, seq, author_id, official, body, body_html, reply_to_id, intake_key)
    select ${threadId}::bigint, t.last_seq, ${user.id}::bigint, ${official}::boolean, ${data.body}::text, ${bodyHtml}::text,
           ${data.replyToId ?? null}::bigint, ${intakeKey}::text
      from t
    returning id, seq, created_at, (select post_count from t) as post_count`).catch(async (e) => {
    // A retry that raced the first attempt: the key's index refused it (and the floor with it).
    const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (code === "23505" && intakeKey !== null) {
      const earlier = await replay();
      if (earlier) return earlier;
    }
    throw e;
  });
  if ("replayed" in result) return result as { post: PostDto; replayed: boolean };
  const [inserted] = rowsOf<{ id: string | number; seq: number; created_at: string | Date; post_count: number }>(result);
  if (!inserted) {
    const [t] = await app.db.select({ locked: threads.locked, hidden: threads.hidden }).from(threads).where(eq(threads.id, threadId));
    if (!t || (t.hidden && !isModerator(user))) throw notFound();
    throw conflict("thread_locked");
  }
  const post: PostDto = {
    id: String(inserted.id),
    threadId: String(threadId),
    seq: Number(inserted.seq),
    author: authorDto(user),
    official,
    body: data.body,
    bodyHtml,
    replyToId: replyTo?.id ?? null,
    replyTo,
    helpfulCount: 0,
    hidden: false,
    createdAt: new Date(inserted.created_at).toISOString(),
    editedAt: null,
  };
  app.publisher.publish(room(threadId), "post:created", { threadId: String(threadId), post, postCount: Number(inserted.post_count) });
  return { post, replayed: false };
}

export async function updatePost(app: AppServices, viewer: Viewer | null, postId: number, input: unknown) {
  const user = requireUser(viewer);
  const patch = parse(safeParse(postPatchSchema, input));
  const current = await getPost(app, user, postId);
  const isAuthor = current.author.id === String(user.id);
  if (patch.body !== undefined && !isAuthor) throw forbidden();
  if (patch.hidden !== undefined && !isModerator(user)) throw forbidden();
  if (patch.body === undefined && patch.hidden === undefined) return current;
  await app.db.transaction(async (tx) => {
    const [p] = await tx.select().from(posts).where(eq(posts.id, postId)).for("update");
    const [t] = await tx.select({ locked: threads.locked }).from(threads).where(eq(threads.id, p.threadId));
    if (patch.body !== undefined && patch.body !== p.body) {
      if (t.locked) throw conflict("thread_locked");
      if (p.hidden && !isModerator(user)) throw conflict("post_hidden");
      await tx.insert(postRevisions).values({ postId, body: p.body, editorId: user.id });
      await tx
        .update(posts)
        .set({ body: patch.body, bodyHtml: renderMarkdown(patch.body), editedAt: sql`now()` })
        .where(eq(posts.id, postId));
    }
    if (patch.hidden !== undefined && patch.hidden !== p.hidden) {
      await tx.update(posts).set({ hidden: patch.hidden }).where(eq(posts.id, postId));
      await tx
        .update(threads)
        .set({ postCount: sql`${threads.postCount} + ${patch.hidden ? -1 : 1}` })
        .where(eq(threads.id, p.threadId));
    }
  });
  const post = await getPost(app, user, postId);
  const pub = await publicPost(app, postId);
  const [{ postCount }] = await app.db.select({ postCount: threads.postCount }).from(threads).where(eq(threads.id, Number(post.threadId)));
  if (pub) app.publisher.publish(room(post.threadId), "post:updated", { threadId: post.threadId, post: pub, postCount });
  return post;
}

export async function toggleReaction(app: AppServices, viewer: Viewer | null, postId: number, input: unknown) {
  const user = requireUser(viewer);
  const { kind } = parse(safeParse(reactionSchema, input));
  const current = await getPost(app, user, postId);
  if (current.author.id === String(user.id)) throw forbidden("own_post");
  if (current.hidden) throw conflict("post_hidden");
  await app.db.transaction(async (tx) => {
    const added = await tx.insert(postReactions).values({ postId, userId: user.id, kind }).onConflictDoNothing().returning();
    if (added.length === 0) {
      const removed = await tx
        .delete(postReactions)
        .where(and(eq(postReactions.postId, postId), eq(postReactions.userId, user.id), eq(postReactions.kind, kind)))
        .returning();
      if (removed.length === 0) return;
    }
    await tx
      .update(posts)
      .set({ helpfulCount: sql`${posts.helpfulCount} + ${added.length ? 1 : -1}` })
      .where(eq(posts.id, postId));
  });
  const post = await getPost(app, user, postId);
  const pub = await publicPost(app, postId);
  if (pub) app.publisher.publish(room(post.threadId), "post:updated", { threadId: post.threadId, post: pub });
  return post;
}

/** Post ids (of the given ones) that the viewer has marked helpful. */
export async function reactedPostIds(app: AppServices, viewer: Viewer | null, postIds: number[]) {
  if (!viewer || postIds.length === 0) return new Set<string>();
  const rows = await app.db
    .select({ postId: postReactions.postId })
    .from(postReactions)
    .where(and(eq(postReactions.userId, viewer.id), sql`${postReactions.postId} = any(${sql.param(postIds)}::bigint[])`));
  return new Set(rows.map((r) => String(r.postId)));
}

export async function postHistory(app: AppServices, viewer: Viewer | null, postId: number) {
  const post = await getPost(app, viewer, postId);
  if (post.hidden && !isModerator(viewer)) throw notFound();
  const rows = await app.db
    .select({ id: postRevisions.id, body: postRevisions.body, createdAt: postRevisions.createdAt, editor: authorColumns })
    .from(postRevisions)
    .innerJoin(users, eq(users.id, postRevisions.editorId))
    .where(eq(postRevisions.postId, postId))
    .orderBy(asc(postRevisions.id));
  return {
    post,
    revisions: rows.map((r) => ({
      id: String(r.id),
      bodyHtml: renderMarkdown(r.body),
      body: r.body,
      replacedAt: r.createdAt.toISOString(),
      editor: authorDto(r.editor),
    })),
  };
}

// ---------------------------------------------------------------- reports (moderation queue)

export async function reportPost(app: AppServices, viewer: Viewer | null, postId: number, input: unknown) {
  const user = requireUser(viewer);
  const { reason } = parse(safeParse(reportSchema, input));
  await getPost(app, user, postId);
  await take(app, `report:user:${user.id}`, 20, 3600);
  const rows = await app.db.insert(reports).values({ postId, reporterId: user.id, reason }).onConflictDoNothing().returning();
  if (rows.length === 0) throw conflict("already_reported");
  return { id: String(rows[0].id), status: rows[0].status };
}

export async function listReports(
  app: AppServices,
  viewer: Viewer | null,
  status: "open" | "resolved" | "dismissed" = "open",
  opts: { cursor?: string | null; limit?: string | number | null } = {},
) {
  const user = requireUser(viewer);
  if (!isModerator(user)) throw forbidden();
  const limit = clampLimit(opts.limit, 50);
  if (opts.cursor && !/^\d{1,18}$/.test(opts.cursor)) throw badRequest("invalid_cursor");
  const cursor = opts.cursor ? Number(opts.cursor) : null;
  // Open reports oldest first (a queue); settled ones newest first (a log).
  const oldestFirst = status === "open";
  const rows = await app.db
    .select({
      report: reports,
      reporter: authorColumns,
      post: { id: posts.id, body: posts.body, hidden: posts.hidden, seq: posts.seq, threadId: posts.threadId },
      threadTitle: threads.title,
    })
    .from(reports)
    .innerJoin(users, eq(users.id, reports.reporterId))
    .innerJoin(posts, eq(posts.id, reports.postId))
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(
      and(
        eq(reports.status, status),
        cursor === null ? undefined : oldestFirst ? gt(reports.id, cursor) : sql`${reports.id} < ${cursor}`,
      ),
    )
    .orderBy(oldestFirst ? asc(reports.id) : desc(reports.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const items = page.map((r) => ({
    id: String(r.report.id),
    reason: r.report.reason,
    status: r.report.status,
    createdAt: r.report.createdAt.toISOString(),
    reporter: authorDto(r.reporter),
    post: { id: String(r.post.id), excerpt: r.post.body.slice(0, 280), hidden: r.post.hidden, seq: r.post.seq },
    thread: { id: String(r.post.threadId), title: r.threadTitle },
  }));
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}

export async function resolveReport(app: AppServices, viewer: Viewer | null, reportId: number, input: unknown) {
  const user = requireUser(viewer);
  if (!isModerator(user)) throw forbidden();
  const data = parse(safeParse(reportResolveSchema, input));
  const [r] = await app.db.select().from(reports).where(eq(reports.id, reportId));
  if (!r) throw notFound();
  if (data.hidePost) await updatePost(app, user, r.postId, { hidden: true });
  // Resolving one report settles every open report on the same post.
  await app.db
    .update(reports)
    .set({ status: data.status, resolvedById: user.id, resolvedAt: sql`now()` })
    .where(and(eq(reports.postId, r.postId), eq(reports.status, "open")));
  return { id: String(reportId), status: data.status };
}

// ---------------------------------------------------------------- profiles

export async function profile(app: AppServices, viewer: Viewer | null, username: string) {
  const [u] = await app.db.select().from(users).where(sql`lower(${users.username}) = ${username.toLowerCase()}`);
  if (!u) throw notFound();
  const [threadRows, postRows, stats] = await Promise.all([
    app.db
      .select({ id: threads.id, title: threads.title, section: threads.section, createdAt: threads.createdAt, postCount: threads.postCount })
      .from(threads)
      .where(and(eq(threads.authorId, u.id), eq(threads.hidden, false)))
      .orderBy(desc(threads.createdAt))
      .limit(10),
    app.db
      .select({ id: posts.id, seq: posts.seq, body: posts.body, createdAt: posts.createdAt, threadId: threads.id, threadTitle: threads.title })
      .from(posts)
      .innerJoin(threads, eq(threads.id, posts.threadId))
      .where(and(eq(posts.authorId, u.id), eq(posts.hidden, false), eq(threads.hidden, false)))
      .orderBy(desc(posts.createdAt))
      .limit(10),
    app.db
      .select({
        threads: sql<number>`(select count(*)::int from threads t where t.author_id = ${u.id} and not t.hidden)`,
        // Nothing inside hidden threads or hidden replies counts towards a public profile.
        posts: sql<number>`(select count(*)::int from posts p join threads t on t.id = p.thread_id
          where p.author_id = ${u.id} and not p.hidden and not t.hidden)`,
        helpful: sql<number>`(select coalesce(sum(p.helpful_count), 0)::int from posts p join threads t on t.id = p.thread_id
          where p.author_id = ${u.id} and not p.hidden and not t.hidden)`,
      })
      .from(sql`(select 1) as one`),
  ]);
  return {
    user: { ...authorDto(u), bio: u.bio, createdAt: u.createdAt.toISOString(), disabled: u.disabled },
    threads: threadRows.map((t) => ({ ...t, id: String(t.id), createdAt: t.createdAt.toISOString() })),
    posts: postRows.map((p) => ({
      id: String(p.id),
      seq: p.seq,
      excerpt: p.body.slice(0, 160),
      createdAt: p.createdAt.toISOString(),
      thread: { id: String(p.threadId), title: p.threadTitle },
    })),
    stats: stats[0],
    viewerIsSelf: viewer?.id === u.id,
  };
}
