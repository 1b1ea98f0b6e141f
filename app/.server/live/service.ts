// Officials online (公仆在线): sessions, questions, votes, answers, moderation and the petition
// a question may become. Each write: parse → load → policy → transaction → publish after commit.
//
// Who sees what: a session and its approved questions are public. Pending and hidden questions
// are seen by the session's staff (the host, moderators, administrators) and by their askers.
// The public room `live:<id>` therefore only ever carries approved questions (and, when one is
// hidden, its id and status without the text); a pending question travels to the staff's and
// the asker's own `user:<id>` rooms, which only their sockets can join. Each vote publishes the
// question's new count (`live:votes`); the realtime layer merges counts and sweeps them through
// the room, at most one message per reader every 50 ms (server/realtime/sweep.ts, decision 014).
import { and, asc, desc, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { liveQuestions, liveSessions, liveVotes, mailboxes, mailboxMembers, petitions, users } from "../../../db/schema";
import { rowsOf } from "../../../db/rows";
import { isAdmin, isModerator, isOfficial, type Viewer } from "~/domain/auth/types";
import type { AuthorDto } from "~/domain/forum/types";
import {
  answerSchema,
  listQuerySchema,
  questionConversionSchema,
  questionCreateSchema,
  questionPatchSchema,
  sessionCreateSchema,
  sessionPatchSchema,
} from "~/domain/live/schemas";
import {
  SESSION_MAX_HOURS,
  liveRoom,
  petitionTitleFrom,
  sessionState,
  type LiveAnswerDto,
  type LiveQuestionDto,
  type LiveQuestionPatch,
  type LiveSessionDto,
  type LiveStateDto,
  type QuestionStatus,
} from "~/domain/live/types";
import { safeParse, type FieldIssues } from "~/domain/validation";
import { getT } from "~/i18n";
import type { AppServices } from "../context";
import { badRequest, conflict, forbidden, notFound, unauthorized } from "../errors";
import { authorDto } from "../forum/dto";
import { clampLimit, decodeCursor, encodeCursor } from "../forum/cursor";
import { renderMarkdown } from "../markdown";
import { take } from "../rate-limit";
import { filePetition } from "../petitions/service";
import { writeTranscript } from "./transcript";
import { notify, publishNotifications } from "../notifications/service";

type SessionRow = typeof liveSessions.$inferSelect;
type QuestionRow = typeof liveQuestions.$inferSelect;

function parse<T>(r: { ok: true; data: T } | { ok: false; fields: FieldIssues }): T {
  if (!r.ok) throw badRequest("invalid_input", r.fields);
  return r.data;
}

function requireUser(viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthorized();
  return viewer;
}

const validId = (id: number) => Number.isSafeInteger(id) && id > 0;

// ---------------------------------------------------------------- sessions: rows → wire

const hosts = alias(users, "host");
const askers = alias(users, "asker");
const answerers = alias(users, "answerer");

const sessionSelect = {
  s: liveSessions,
  host: { id: hosts.id, username: hosts.username, displayName: hosts.displayName, role: hosts.role },
  mailbox: { id: mailboxes.id, name: mailboxes.name, nameEn: mailboxes.nameEn },
  questionCount: sql<number>`(select count(*)::int from live_questions q where q.session_id = ${liveSessions.id} and q.status = 'approved')`,
  answeredCount: sql<number>`(select count(*)::int from live_questions q where q.session_id = ${liveSessions.id} and q.status = 'approved' and q.answered_at is not null)`,
};
type SessionSelectRow = {
  s: SessionRow;
  host: Pick<typeof users.$inferSelect, "id" | "username" | "displayName" | "role">;
  mailbox: { id: number; name: string; nameEn: string };
  questionCount: number;
  answeredCount: number;
};

function sessionDto(r: SessionSelectRow, now: Date): LiveSessionDto {
  const s = r.s;
  const state = sessionState(s, now);
  return {
    id: String(s.id),
    title: s.title,
    description: s.description,
    descriptionHtml: s.description ? renderMarkdown(s.description) : "",
    host: authorDto(r.host),
    mailboxId: String(s.mailboxId),
    mailbox: { id: String(r.mailbox.id), name: r.mailbox.name, nameEn: r.mailbox.nameEn },
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    endedAt: s.endedAt && s.endedAt.getTime() < s.endsAt.getTime() ? s.endedAt.toISOString() : null,
    moderated: s.moderated,
    state,
    // Only a live session has a question "being answered now".
    highlightedQuestionId: state === "live" && s.highlightedQuestionId ? String(s.highlightedQuestionId) : null,
    transcriptThreadId: s.transcriptThreadId ? String(s.transcriptThreadId) : null,
    questionCount: Number(r.questionCount),
    answeredCount: Number(r.answeredCount),
    createdAt: s.createdAt.toISOString(),
  };
}

export function stateDto(s: LiveSessionDto): LiveStateDto {
  return {
    state: s.state,
    highlightedQuestionId: s.highlightedQuestionId,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    endedAt: s.endedAt,
    transcriptThreadId: s.transcriptThreadId,
    title: s.title,
    moderated: s.moderated,
  };
}

function sessionQuery(app: AppServices) {
  return app.db
    .select(sessionSelect)
    .from(liveSessions)
    .innerJoin(hosts, eq(hosts.id, liveSessions.hostId))
    .innerJoin(mailboxes, eq(mailboxes.id, liveSessions.mailboxId));
}

async function loadSession(app: AppServices, id: number): Promise<SessionSelectRow> {
  if (!validId(id)) throw notFound();
  const [row] = await sessionQuery(app).where(eq(liveSessions.id, id));
  if (!row) throw notFound();
  return row;
}

/** The session as everyone sees it (null when it does not exist). */
export async function getSessionDto(app: AppServices, id: number): Promise<LiveSessionDto | null> {
  if (!validId(id)) return null;
  const [row] = await sessionQuery(app).where(eq(liveSessions.id, id));
  return row ? sessionDto(row, app.now()) : null;
}

/** The host, moderators and administrators: they see and approve every question. */
const isStaff = (viewer: Viewer | null, s: Pick<SessionRow, "hostId">) => Boolean(viewer) && (isModerator(viewer) || viewer!.id === s.hostId);
/** Who answers, highlights, edits and ends: the host, or an administrator. */
const isHostOrAdmin = (viewer: Viewer | null, s: Pick<SessionRow, "hostId">) => Boolean(viewer) && (isAdmin(viewer) || viewer!.id === s.hostId);

// ---------------------------------------------------------------- sessions: list

// Upcoming and live sessions first (soonest first), then past ones (newest first). The cursor
// is the last row's group (0 = not ended, 1 = ended), start and id.
type ListCursor = [0 | 1, number, number];
const isListCursor = (v: unknown): v is ListCursor =>
  Array.isArray(v) && v.length === 3 && (v[0] === 0 || v[0] === 1) && Number.isFinite(v[1]) && Number.isSafeInteger(v[2]);

export async function listSessions(
  app: AppServices,
  _viewer: Viewer | null,
  opts: { limit?: number | string | null; cursor?: string | null; state?: string | null },
) {
  const limit = clampLimit(opts.limit);
  const c = decodeCursor(opts.cursor, isListCursor);
  if (opts.cursor && !c) throw badRequest("invalid_cursor");
  const { state } = parse(safeParse(listQuerySchema, { state: opts.state || undefined }));
  const now = app.now();
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const ended = sql`(${liveSessions.endsAt} <= ${nowSql} or (${liveSessions.endedAt} is not null and ${liveSessions.endedAt} <= ${nowSql}))`;
  const stateFilter =
    state === "ended" ? ended : state === "live" ? sql`not ${ended} and ${liveSessions.startsAt} <= ${nowSql}` : state === "scheduled" ? sql`${liveSessions.startsAt} > ${nowSql}` : undefined;
  const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

  const rows: { row: SessionSelectRow; group: 0 | 1 }[] = [];
  if (!c || c[0] === 0) {
    const open = await sessionQuery(app)
      .where(and(sql`not ${ended}`, stateFilter, c ? sql`(${liveSessions.startsAt}, ${liveSessions.id}) > (${at(c[1])}, ${c[2]})` : undefined))
      .orderBy(asc(liveSessions.startsAt), asc(liveSessions.id))
      .limit(limit + 1);
    rows.push(...open.map((row) => ({ row, group: 0 as const })));
  }
  if (rows.length <= limit) {
    const past = await sessionQuery(app)
      .where(and(ended, stateFilter, c && c[0] === 1 ? sql`(${liveSessions.startsAt}, ${liveSessions.id}) < (${at(c[1])}, ${c[2]})` : undefined))
      .orderBy(desc(liveSessions.startsAt), desc(liveSessions.id))
      .limit(limit + 1 - rows.length);
    rows.push(...past.map((row) => ({ row, group: 1 as const })));
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => sessionDto(r.row, now)),
    nextCursor:
      rows.length > limit && last ? encodeCursor([last.group, last.row.s.startsAt.getTime(), last.row.s.id] satisfies ListCursor) : null,
  };
}

// ---------------------------------------------------------------- sessions: schedule and change

/** Officials (for an administrator's host picker). */
export async function listHosts(app: AppServices) {
  const rows = await app.db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
    .from(users)
    .where(and(inArray(users.role, ["official", "admin"]), eq(users.disabled, false)))
    .orderBy(asc(users.displayName));
  return rows.map(authorDto);
}

/** The mailboxes a user belongs to (an official's choice of mailbox for a session). */
export async function memberMailboxes(app: AppServices, userId: number) {
  const rows = await app.db
    .select({ id: mailboxes.id, name: mailboxes.name, nameEn: mailboxes.nameEn })
    .from(mailboxMembers)
    .innerJoin(mailboxes, eq(mailboxes.id, mailboxMembers.mailboxId))
    .where(and(eq(mailboxMembers.userId, userId), eq(mailboxes.active, true)))
    .orderBy(asc(mailboxes.sortOrder), asc(mailboxes.id));
  return rows.map((m) => ({ id: String(m.id), name: m.name, nameEn: m.nameEn }));
}

/** An official hosts in one of their own mailboxes; an administrator may use any active one. */
async function checkMailbox(app: AppServices, actor: Viewer, hostId: number, mailboxId: number) {
  const [mb] = await app.db.select({ id: mailboxes.id, active: mailboxes.active }).from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!mb || !mb.active) throw badRequest("invalid_input", { mailboxId: { key: "validation.unknown_mailbox" } });
  if (isAdmin(actor)) return;
  const [member] = await app.db
    .select({ m: mailboxMembers.mailboxId })
    .from(mailboxMembers)
    .where(and(eq(mailboxMembers.userId, hostId), eq(mailboxMembers.mailboxId, mailboxId)));
  if (!member) throw badRequest("invalid_input", { mailboxId: { key: "validation.host_mailbox" } });
}

export async function createSession(app: AppServices, viewer: Viewer | null, input: unknown): Promise<LiveSessionDto> {
  const user = requireUser(viewer);
  if (!isOfficial(user)) throw forbidden();
  const data = parse(safeParse(sessionCreateSchema, input));
  const hostId = data.hostId ?? user.id;
  if (hostId !== user.id) {
    if (!isAdmin(user)) throw forbidden("forbidden_host");
    const [host] = await app.db.select({ role: users.role, disabled: users.disabled }).from(users).where(eq(users.id, hostId));
    if (!host || host.disabled || (host.role !== "official" && host.role !== "admin")) {
      throw badRequest("invalid_input", { hostId: { key: "validation.invalid_host" } });
    }
  }
  await checkMailbox(app, user, hostId, data.mailboxId);
  if (data.endsAt.getTime() <= app.now().getTime()) throw badRequest("invalid_input", { endsAt: { key: "validation.ends_in_past" } });
  await take(app, `live:session:user:${user.id}`, 20, 3600);
  const [row] = await app.db
    .insert(liveSessions)
    .values({
      title: data.title,
      description: data.description,
      hostId,
      mailboxId: data.mailboxId,
      startsAt: data.startsAt,
      endsAt: data.endsAt,
      moderated: data.moderated,
      createdBy: user.id,
      createdAt: app.now(),
    })
    .returning({ id: liveSessions.id });
  return sessionDto(await loadSession(app, row.id), app.now());
}

/**
 * The host or an administrator: edits the details before the session starts, ends it while it
 * is live (the transcript is published in the same transaction), highlights the question being
 * answered.
 */
export async function updateSession(app: AppServices, viewer: Viewer | null, id: number, input: unknown): Promise<LiveSessionDto> {
  const user = requireUser(viewer);
  const current = await loadSession(app, id);
  if (!isHostOrAdmin(user, current.s)) throw forbidden();
  const { end, highlightedQuestionId, ...details } = parse(safeParse(sessionPatchSchema, input));
  const editing = Object.keys(details).length > 0;
  if (details.mailboxId !== undefined) await checkMailbox(app, user, current.s.hostId, details.mailboxId);
  const startsAt = details.startsAt ?? current.s.startsAt;
  const endsAt = details.endsAt ?? current.s.endsAt;
  if (editing) {
    if (endsAt.getTime() <= startsAt.getTime()) throw badRequest("invalid_input", { endsAt: { key: "validation.ends_before_start" } });
    if (endsAt.getTime() - startsAt.getTime() > SESSION_MAX_HOURS * 3_600_000) throw badRequest("invalid_input", { endsAt: { key: "validation.session_too_long" } });
    if (endsAt.getTime() <= app.now().getTime()) throw badRequest("invalid_input", { endsAt: { key: "validation.ends_in_past" } });
  }
  if (highlightedQuestionId) {
    const [q] = await app.db
      .select({ sessionId: liveQuestions.sessionId, status: liveQuestions.status })
      .from(liveQuestions)
      .where(eq(liveQuestions.id, highlightedQuestionId));
    if (!q || q.sessionId !== id) throw badRequest("invalid_input", { highlightedQuestionId: { key: "validation.unknown_question" } });
    if (q.status !== "approved") throw conflict("question_not_approved");
  }
  await app.db.transaction(async (tx) => {
    const [s] = await tx.select().from(liveSessions).where(eq(liveSessions.id, id)).for("update");
    const now = app.now();
    const state = sessionState(s, now);
    if (editing) {
      if (state !== "scheduled") throw conflict("session_started");
      await tx.update(liveSessions).set(details).where(eq(liveSessions.id, id));
    }
    if (highlightedQuestionId !== undefined) {
      if (state !== "live") throw conflict(state === "ended" ? "session_ended" : "session_not_live");
      await tx.update(liveSessions).set({ highlightedQuestionId }).where(eq(liveSessions.id, id));
    }
    if (end) {
      if (state !== "live") throw conflict(state === "ended" ? "session_ended" : "session_not_live");
      await tx.update(liveSessions).set({ endedAt: now, highlightedQuestionId: null }).where(eq(liveSessions.id, id));
      await writeTranscript(tx, id, now);
    }
  });
  const dto = sessionDto(await loadSession(app, id), app.now());
  app.publisher.publish(liveRoom(id), "live:state", { sessionId: String(id), state: stateDto(dto) });
  return dto;
}

// ---------------------------------------------------------------- questions: rows → wire

const questionSelect = {
  q: liveQuestions,
  asker: { id: askers.id, username: askers.username, displayName: askers.displayName, role: askers.role },
  answerer: { id: answerers.id, username: answerers.username, displayName: answerers.displayName, role: answerers.role },
  petition: { id: petitions.id, trackingNo: petitions.trackingNo },
};
type QuestionSelectRow = {
  q: QuestionRow;
  asker: Pick<typeof users.$inferSelect, "id" | "username" | "displayName" | "role">;
  answerer: Pick<typeof users.$inferSelect, "id" | "username" | "displayName" | "role"> | null;
  petition: { id: number; trackingNo: string } | null;
};

function answerDto(q: QuestionRow, answerer: QuestionSelectRow["answerer"]): LiveAnswerDto | null {
  if (q.answerBody === null || q.answeredAt === null || !answerer) return null;
  return {
    id: String(q.id),
    questionId: String(q.id),
    body: q.answerBody,
    bodyHtml: q.answerHtml ?? renderMarkdown(q.answerBody),
    author: authorDto(answerer),
    createdAt: q.answeredAt.toISOString(),
  };
}

function questionDto(r: QuestionSelectRow, voted = false): LiveQuestionDto {
  return {
    id: String(r.q.id),
    sessionId: String(r.q.sessionId),
    author: authorDto(r.asker),
    body: r.q.body,
    status: r.q.status,
    votes: r.q.votes,
    answer: answerDto(r.q, r.answerer),
    createdAt: r.q.createdAt.toISOString(),
    voted,
    petition: r.petition ? { id: String(r.petition.id), trackingNo: r.petition.trackingNo } : null,
  };
}

function questionQuery(app: AppServices) {
  return app.db
    .select(questionSelect)
    .from(liveQuestions)
    .innerJoin(askers, eq(askers.id, liveQuestions.authorId))
    .leftJoin(answerers, eq(answerers.id, liveQuestions.answeredBy))
    .leftJoin(petitions, eq(petitions.liveQuestionId, liveQuestions.id));
}

/** A question with its session, or 404 when the viewer may not see it. */
async function loadQuestion(app: AppServices, viewer: Viewer | null, questionId: number) {
  if (!validId(questionId)) throw notFound();
  const [row] = await questionQuery(app).where(eq(liveQuestions.id, questionId));
  if (!row) throw notFound();
  const [session] = await app.db.select().from(liveSessions).where(eq(liveSessions.id, row.q.sessionId));
  const staff = isStaff(viewer, session);
  if (row.q.status !== "approved" && !staff && row.q.authorId !== viewer?.id) throw notFound();
  return { row, session, staff };
}

async function getQuestionDto(app: AppServices, questionId: number, viewer: Viewer | null) {
  const [row] = await questionQuery(app).where(eq(liveQuestions.id, questionId));
  let voted = false;
  if (viewer) {
    const [v] = await app.db
      .select({ u: liveVotes.userId })
      .from(liveVotes)
      .where(and(eq(liveVotes.questionId, questionId), eq(liveVotes.userId, viewer.id)));
    voted = Boolean(v);
  }
  return questionDto(row, voted);
}

const patchOf = (q: LiveQuestionDto): LiveQuestionPatch => ({ id: q.id, sessionId: q.sessionId, status: q.status, votes: q.votes });

/** `user:<id>` rooms of everyone who moderates this session, and of the asker. */
async function staffRooms(app: AppServices, hostId: number, authorId: number) {
  const mods = await app.db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ["moderator", "admin"]), eq(users.disabled, false)));
  return [...new Set([hostId, authorId, ...mods.map((m) => m.id)])].map((id) => `user:${id}`);
}

/**
 * Announces a question after a change. Approved: the whole question to the public room.
 * Pending or hidden: the whole question only to the staff's and the asker's own rooms, and, if
 * the public saw it before (it was approved), its id and new status to the public room so the
 * pages drop it.
 */
async function publishQuestion(app: AppServices, session: Pick<SessionRow, "id" | "hostId">, q: LiveQuestionDto, wasPublic: boolean) {
  const sessionId = String(session.id);
  const broadcast = { ...q, voted: false };
  if (q.status === "approved") {
    app.publisher.publish(liveRoom(session.id), "live:question", { sessionId, question: broadcast });
    return;
  }
  if (wasPublic) app.publisher.publish(liveRoom(session.id), "live:question", { sessionId, question: patchOf(q) });
  app.publisher.publish(await staffRooms(app, session.hostId, Number(q.author.id)), "live:question", { sessionId, question: broadcast });
}

// ---------------------------------------------------------------- a session with its questions

export async function getSession(app: AppServices, viewer: Viewer | null, id: number) {
  const row = await loadSession(app, id);
  const session = sessionDto(row, app.now());
  const staff = isStaff(viewer, row.s);
  const visible: SQL | undefined = staff
    ? undefined
    : viewer
      ? or(eq(liveQuestions.status, "approved"), eq(liveQuestions.authorId, viewer.id))
      : eq(liveQuestions.status, "approved");
  const rows = await questionQuery(app)
    .where(and(eq(liveQuestions.sessionId, id), visible))
    .orderBy(desc(liveQuestions.votes), asc(liveQuestions.id));
  let voted = new Set<number>();
  if (viewer && rows.length) {
    const v = await app.db
      .select({ q: liveVotes.questionId })
      .from(liveVotes)
      .innerJoin(liveQuestions, eq(liveQuestions.id, liveVotes.questionId))
      .where(and(eq(liveQuestions.sessionId, id), eq(liveVotes.userId, viewer.id)));
    voted = new Set(v.map((x) => x.q));
  }
  return {
    session,
    questions: rows.map((r) => questionDto(r, voted.has(r.q.id))),
    viewer: {
      signedIn: Boolean(viewer),
      id: viewer ? String(viewer.id) : null,
      staff,
      host: viewer?.id === row.s.hostId,
      canAnswer: isHostOrAdmin(viewer, row.s),
    },
  };
}

// ---------------------------------------------------------------- asking, moderating, voting

export async function askQuestion(app: AppServices, viewer: Viewer | null, sessionId: number, input: unknown): Promise<LiveQuestionDto> {
  const user = requireUser(viewer);
  const { body } = parse(safeParse(questionCreateSchema, input));
  const s = (await loadSession(app, sessionId)).s;
  if (sessionState(s, app.now()) === "ended") throw conflict("session_ended");
  await take(app, `live:question:user:${user.id}`, 10, 60);
  // Questions wait for approval in a moderated session, unless they come from its staff.
  const status: QuestionStatus = s.moderated && !isStaff(user, s) ? "pending" : "approved";
  const [row] = await app.db
    .insert(liveQuestions)
    .values({ sessionId, authorId: user.id, body, status, createdAt: app.now() })
    .returning();
  const question = questionDto({
    q: row,
    asker: user,
    answerer: null,
    petition: null,
  });
  await publishQuestion(app, s, question, false);
  return question;
}

export async function moderateQuestion(app: AppServices, viewer: Viewer | null, questionId: number, input: unknown): Promise<LiveQuestionDto> {
  const user = requireUser(viewer);
  const { status } = parse(safeParse(questionPatchSchema, input));
  const { row, session, staff } = await loadQuestion(app, user, questionId);
  if (!staff) throw forbidden();
  const was = row.q.status;
  if (was !== status) {
    await app.db.transaction(async (tx) => {
      await tx.update(liveQuestions).set({ status }).where(eq(liveQuestions.id, questionId));
      // A hidden question stops being the one "being answered".
      if (status === "hidden") {
        await tx
          .update(liveSessions)
          .set({ highlightedQuestionId: null })
          .where(and(eq(liveSessions.id, session.id), eq(liveSessions.highlightedQuestionId, questionId)));
      }
    });
  }
  const question = await getQuestionDto(app, questionId, user);
  if (was !== status) {
    await publishQuestion(app, session, question, was === "approved");
    if (status === "hidden" && session.highlightedQuestionId === questionId) {
      const dto = await getSessionDto(app, session.id);
      if (dto) app.publisher.publish(liveRoom(session.id), "live:state", { sessionId: String(session.id), state: stateDto(dto) });
    }
  }
  return question;
}

/**
 * One upvote per account and question. The vote row and the count change in one statement: the
 * primary key of live_votes refuses a second vote (even a concurrent one), and the count only
 * moves when a row was inserted, so `votes` always equals the rows.
 */
export async function voteQuestion(app: AppServices, viewer: Viewer | null, questionId: number): Promise<LiveQuestionDto> {
  const user = requireUser(viewer);
  if (!validId(questionId)) throw notFound();
  const now = app.now();
  // The hot path of a busy session is one statement: read the question and its session, insert
  // the vote only if it may be cast (approved, not one's own, the session not over), count
  // exactly the row inserted, and return the question as the answer shows it.
  const result = await app.db.execute(sql`
    with q as (
      select q.*, s.ends_at, s.ended_at
        from live_questions q join live_sessions s on s.id = q.session_id
       where q.id = ${questionId}::bigint
    ),
    v as (
      insert into live_votes (question_id, user_id, created_at)
      select q.id, ${user.id}::bigint, ${now.toISOString()}::timestamptz
        from q
       where q.status = 'approved' and q.author_id <> ${user.id}::bigint
         and ${now.toISOString()}::timestamptz < least(q.ends_at, coalesce(q.ended_at, q.ends_at))
      on conflict do nothing
      returning question_id
    ),
    u as (
      update live_questions set votes = votes + 1
       where id = (select question_id from v)
      returning votes
    )
    -- An acknowledged vote is durable like every other write (no asynchronous commit).
    select q.id, q.session_id, q.author_id, q.body, q.status, q.answer_body, q.answer_html, q.answered_at, q.created_at,
           (select votes from u) as new_votes,
           a.username as a_username, a.display_name as a_name, a.role as a_role,
           r.id as r_id, r.username as r_username, r.display_name as r_name, r.role as r_role,
           p.id as p_id, p.tracking_no as p_tracking_no
      from q
      join users a on a.id = q.author_id
      left join users r on r.id = q.answered_by
      left join petitions p on p.live_question_id = q.id`);
  const [r] = rowsOf<Record<string, unknown>>(result);
  if (!r || r.new_votes === null || r.new_votes === undefined) {
    // Nothing counted: say why (404 for a question the viewer may not see).
    const { row, session, staff } = await loadQuestion(app, user, questionId);
    if (row.q.status !== "approved") {
      if (!staff) throw notFound();
      throw conflict("question_not_approved");
    }
    if (row.q.authorId === user.id) throw forbidden("own_question");
    if (sessionState(session, now) === "ended") throw conflict("session_ended");
    throw conflict("already_voted");
  }
  const role = (v: unknown) => v as AuthorDto["role"];
  const question: LiveQuestionDto = {
    id: String(r.id),
    sessionId: String(r.session_id),
    author: { id: String(r.author_id), username: String(r.a_username), displayName: String(r.a_name), role: role(r.a_role) },
    body: String(r.body),
    status: r.status as QuestionStatus,
    votes: Number(r.new_votes),
    answer:
      r.answer_body !== null && r.answered_at !== null && r.r_id !== null
        ? {
            id: String(r.id),
            questionId: String(r.id),
            body: String(r.answer_body),
            bodyHtml: r.answer_html !== null ? String(r.answer_html) : renderMarkdown(String(r.answer_body)),
            author: { id: String(r.r_id), username: String(r.r_username), displayName: String(r.r_name), role: role(r.r_role) },
            createdAt: new Date(r.answered_at as string).toISOString(),
          }
        : null,
    createdAt: new Date(r.created_at as string).toISOString(),
    voted: true,
    petition: r.p_id !== null ? { id: String(r.p_id), trackingNo: String(r.p_tracking_no) } : null,
  };
  app.publisher.publish(liveRoom(Number(r.session_id)), "live:votes", { sessionId: question.sessionId, votes: [{ id: question.id, votes: question.votes }] });
  return question;
}

// ---------------------------------------------------------------- answering

export async function answerQuestion(app: AppServices, viewer: Viewer | null, questionId: number, input: unknown): Promise<LiveAnswerDto> {
  const user = requireUser(viewer);
  const { body } = parse(safeParse(answerSchema, input));
  const { row, session } = await loadQuestion(app, user, questionId);
  if (!isHostOrAdmin(user, session)) throw forbidden("not_host");
  if (row.q.status === "hidden") throw conflict("question_hidden");
  const state = sessionState(session, app.now());
  if (state !== "live") throw conflict(state === "ended" ? "session_ended" : "session_not_live");
  const now = app.now();
  // Answering a question that waits for approval approves it; a second answer replaces the first.
  // The asker hears about the first answer (in-app notification, written with it).
  const notes = await app.db.transaction(async (tx) => {
    const updated = await tx
      .update(liveQuestions)
      .set({ answerBody: body, answerHtml: renderMarkdown(body), answeredBy: user.id, answeredAt: now, status: "approved" })
      .where(and(eq(liveQuestions.id, questionId), ne(liveQuestions.status, "hidden")))
      .returning({ id: liveQuestions.id });
    if (!updated.length) throw conflict("question_hidden");
    if (row.q.answerBody !== null) return [];
    return notify(tx, { userIds: [row.q.authorId], except: user.id }, "live_answered", { title: session.title }, `/live/${session.id}#q-${questionId}`);
  });
  publishNotifications(app, notes);
  const question = await getQuestionDto(app, questionId, user);
  const answer = question.answer!;
  const sessionId = String(session.id);
  // The question first (it may just have become public), then the answer.
  await publishQuestion(app, session, question, row.q.status === "approved");
  app.publisher.publish(liveRoom(session.id), "live:answer", { sessionId, answer });
  return answer;
}

// ---------------------------------------------------------------- a question becomes a petition

/**
 * An unanswered question, by its asker or the host (or an administrator), becomes a petition
 * to the session's mailbox (channel "live"); the asker is the petitioner. Once per question:
 * the unique index on petitions.live_question_id refuses a second conversion.
 */
export async function convertQuestion(app: AppServices, viewer: Viewer | null, questionId: number, input: unknown) {
  const user = requireUser(viewer);
  const opts = parse(safeParse(questionConversionSchema, input));
  const { row, session } = await loadQuestion(app, user, questionId);
  const asker = row.q.authorId === user.id;
  if (!asker && !isHostOrAdmin(user, session)) throw forbidden();
  if (row.q.answerBody !== null) throw conflict("question_answered");
  if (row.petition) throw conflict("already_converted");
  const t = getT("zh-CN");
  const body = [
    row.q.body,
    "",
    t("live.petition.source", { title: session.title, url: `/live/${session.id}`, date: session.startsAt.toISOString().slice(0, 10) }),
  ].join("\n");
  const filed = await filePetition(app, {
    data: {
      mailboxId: session.mailboxId,
      title: petitionTitleFrom(row.q.body),
      body,
      category: opts.category,
      public: opts.public,
      contactName: opts.contactName,
      contactPhone: opts.contactPhone,
      contactAddress: opts.contactAddress,
    },
    petitionerId: row.q.authorId,
    channel: "live",
    liveQuestionId: questionId,
    actorId: user.id,
    actorRole: asker ? "petitioner" : "system",
  });
  const question = await getQuestionDto(app, questionId, user);
  await publishQuestion(app, session, question, row.q.status === "approved");
  return {
    petition: { id: String(filed.petitionId), trackingNo: filed.trackingNo },
    // The code is for the petitioner alone: shown once, to the asker.
    queryCode: asker ? filed.queryCode : null,
    question,
  };
}
