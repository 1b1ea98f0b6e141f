// The most helpful netizen (最给力网友): rounds, candidates (nominations and the suggested list),
// votes, results and the winners' badges. Each write: parse → load → policy → transaction →
// publish after commit. The vote limits are the database's: the ballot's CHECK (used ≤ allowed)
// and the partial unique index on valid votes; see castVote.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { awardBallots, awardCandidates, awardRounds, awardVotes, userBadges, users } from "../../../db/schema";
import { rowsOf } from "../../../db/rows";
import { isAdmin, isModerator, type Viewer } from "~/domain/auth/types";
import {
  awardCreateSchema,
  candidateReviewSchema,
  nominationSchema,
  suggestedCandidateSchema,
  voteSchema,
} from "~/domain/awards/schemas";
import { eligibility, HELPFULNESS_WEIGHTS, rankTallies, resultsArePublic, roundState, yearRange } from "~/domain/awards/rules";
import {
  BADGE_KIND,
  type AwardDto,
  type BadgeDto,
  type CandidateDto,
  type PersonDto,
  type RankedTallyDto,
  type SuggestionDto,
  type VoterStatusDto,
} from "~/domain/awards/types";
import { safeParse } from "~/domain/validation";
import type { AppServices } from "../context";
import { badRequest, conflict, forbidden, notFound, unauthorized } from "../errors";
import { clampLimit, decodeCursor, encodeCursor } from "../forum/cursor";
import { notify, publishNotifications } from "../notifications/service";
import { take } from "../rate-limit";
import { networkHash } from "./network";
import { readTally, scheduleTally } from "./tally";

export type RoundRow = typeof awardRounds.$inferSelect;

export function parse<T>(r: { ok: true; data: T } | { ok: false; fields: Record<string, { key: string }> }): T {
  if (!r.ok) throw badRequest("invalid_input", r.fields);
  return r.data;
}

export function requireUser(viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthorized();
  return viewer;
}

function pgError(e: unknown): { code?: string; constraint?: string } | null {
  const err = e as { code?: string; constraint_name?: string; constraint?: string; message?: string; cause?: unknown };
  if (!err || typeof err !== "object") return null;
  if (err.code) return { code: err.code, constraint: err.constraint_name ?? err.constraint ?? err.message };
  return err.cause ? pgError(err.cause) : null;
}
const violates = (e: unknown, code: string, constraint: string) => {
  const p = pgError(e);
  return p?.code === code && (p.constraint ?? "").includes(constraint);
};

export const personColumns = { id: users.id, username: users.username, displayName: users.displayName, role: users.role };
export const personDto = (u: { id: number | string; username: string; displayName: string; role: PersonDto["role"] }): PersonDto => ({
  id: String(u.id),
  username: u.username,
  displayName: u.displayName,
  role: u.role,
});

export function awardDto(r: RoundRow, now: Date, candidateCount = 0): AwardDto {
  const state = roundState(r, now);
  return {
    id: String(r.id),
    title: r.title,
    year: r.year,
    description: r.description,
    nominationOpensAt: r.nominationOpensAt.toISOString(),
    votingOpensAt: r.votingOpensAt.toISOString(),
    votingClosesAt: r.votingClosesAt.toISOString(),
    votesPerVoter: r.votesPerVoter,
    minAccountAgeDays: r.minAccountAgeDays,
    minPosts: r.minPosts,
    resultsVisibility: r.resultsVisibility,
    winners: r.winners,
    state,
    resultsPublic: resultsArePublic(r.resultsVisibility, state),
    awardedAt: r.awardedAt?.toISOString() ?? null,
    candidateCount,
    createdAt: r.createdAt.toISOString(),
  };
}

// Written out: inside a subquery drizzle would print the outer column unqualified ("id").
const approvedCount = sql<number>`(select count(*)::int from award_candidates c where c.round_id = "award_rounds"."id" and c.approved)`;

export async function loadRound(app: AppServices, id: number): Promise<RoundRow> {
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  const [row] = await app.db.select().from(awardRounds).where(eq(awardRounds.id, id));
  if (!row) throw notFound();
  return row;
}

// ---------------------------------------------------------------- rounds

type ListCursor = [number, number]; // year, id
const isListCursor = (v: unknown): v is ListCursor =>
  Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && Number.isSafeInteger(v[1]);

/** Rounds, newest year first. */
export async function listAwards(app: AppServices, opts: { limit?: string | number | null; cursor?: string | null } = {}) {
  const limit = clampLimit(opts.limit);
  const c = decodeCursor(opts.cursor, isListCursor);
  if (opts.cursor && !c) throw badRequest("invalid_cursor");
  const rows = await app.db
    .select({ round: awardRounds, candidates: approvedCount })
    .from(awardRounds)
    .where(c ? sql`(${awardRounds.year}, ${awardRounds.id}) < (${c[0]}, ${c[1]})` : undefined)
    .orderBy(desc(awardRounds.year), desc(awardRounds.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const now = app.now();
  const last = page.at(-1);
  return {
    items: page.map((r) => awardDto(r.round, now, Number(r.candidates))),
    nextCursor: rows.length > limit && last ? encodeCursor([last.round.year, last.round.id] satisfies ListCursor) : null,
  };
}

export async function createAward(app: AppServices, viewer: Viewer | null, input: unknown): Promise<AwardDto> {
  const user = requireUser(viewer);
  if (!isAdmin(user)) throw forbidden();
  const data = parse(safeParse(awardCreateSchema, input));
  try {
    const [row] = await app.db
      .insert(awardRounds)
      .values({ ...data, createdBy: user.id, createdAt: app.now() })
      .returning();
    return awardDto(row, app.now(), 0);
  } catch (e) {
    // The schema checks the same order; the CHECK is the last word.
    if (violates(e, "23514", "award_rounds_windows")) {
      throw badRequest("invalid_input", { votingClosesAt: { key: "validation.award_close_before_open" } });
    }
    throw e;
  }
}

export async function getAward(app: AppServices, viewer: Viewer | null, id: number): Promise<AwardDto> {
  const [row] = await app.db.select({ round: awardRounds, candidates: approvedCount }).from(awardRounds).where(eq(awardRounds.id, id));
  if (!row) throw notFound();
  return awardDto(row.round, app.now(), Number(row.candidates));
}

// ---------------------------------------------------------------- candidates

const nominator = alias(users, "nominator");

/**
 * The round's candidates in the order they came. Everyone sees the approved ones; a signed-in
 * user also sees the ones they nominated; moderators see all. Votes only while results are public.
 */
export async function listCandidates(app: AppServices, viewer: Viewer | null, round: RoundRow): Promise<CandidateDto[]> {
  const rows = await app.db
    .select({
      c: awardCandidates,
      user: personColumns,
      by: { id: nominator.id, username: nominator.username, displayName: nominator.displayName, role: nominator.role },
    })
    .from(awardCandidates)
    .innerJoin(users, eq(users.id, awardCandidates.userId))
    .leftJoin(nominator, eq(nominator.id, awardCandidates.nominatedBy))
    .where(
      and(
        eq(awardCandidates.roundId, round.id),
        isModerator(viewer)
          ? undefined
          : viewer
            ? sql`(${awardCandidates.approved} or ${awardCandidates.nominatedBy} = ${viewer.id})`
            : eq(awardCandidates.approved, true),
      ),
    )
    .orderBy(asc(awardCandidates.id));
  const open = resultsArePublic(round.resultsVisibility, roundState(round, app.now()));
  return rows.map((r) => candidateDto(r.c, r.user, r.by?.id ? (r.by as Parameters<typeof personDto>[0]) : null, open));
}

function candidateDto(
  c: typeof awardCandidates.$inferSelect,
  user: Parameters<typeof personDto>[0],
  by: Parameters<typeof personDto>[0] | null,
  votesVisible: boolean,
): CandidateDto {
  return {
    id: String(c.id),
    awardId: String(c.roundId),
    user: personDto(user),
    source: c.source,
    reason: c.reason,
    nominatedBy: by ? personDto(by) : null,
    approved: c.approved,
    votes: votesVisible && c.approved ? c.votes : null,
    createdAt: c.createdAt.toISOString(),
  };
}

async function loadCandidate(app: AppServices, viewer: Viewer | null, candidateId: number): Promise<CandidateDto> {
  const [r] = await app.db
    .select({
      c: awardCandidates,
      user: personColumns,
      by: { id: nominator.id, username: nominator.username, displayName: nominator.displayName, role: nominator.role },
      round: awardRounds,
    })
    .from(awardCandidates)
    .innerJoin(users, eq(users.id, awardCandidates.userId))
    .innerJoin(awardRounds, eq(awardRounds.id, awardCandidates.roundId))
    .leftJoin(nominator, eq(nominator.id, awardCandidates.nominatedBy))
    .where(eq(awardCandidates.id, candidateId));
  if (!r) throw notFound();
  const open = resultsArePublic(r.round.resultsVisibility, roundState(r.round, app.now()));
  return candidateDto(r.c, r.user, r.by?.id ? (r.by as Parameters<typeof personDto>[0]) : null, open);
}

/** Who may become a candidate: an active account that is not an official or administrator. */
async function loadNominee(app: AppServices, ref: { userId?: number; username?: string }) {
  const [u] = await app.db
    .select({ id: users.id, disabled: users.disabled, role: users.role })
    .from(users)
    .where(ref.userId !== undefined ? eq(users.id, ref.userId) : sql`lower(${users.username}) = ${(ref.username ?? "").toLowerCase()}`);
  const field = ref.userId !== undefined ? "userId" : "username";
  if (!u) throw badRequest("invalid_input", { [field]: { key: "validation.award_unknown_user" } });
  if (u.disabled) throw conflict("nominee_disabled");
  if (u.role === "official" || u.role === "admin") throw conflict("nominee_official");
  return u;
}

async function insertCandidate(app: AppServices, values: typeof awardCandidates.$inferInsert, viewer: Viewer) {
  try {
    const [row] = await app.db.insert(awardCandidates).values(values).returning({ id: awardCandidates.id });
    return loadCandidate(app, viewer, row.id);
  } catch (e) {
    // One candidacy per person and round (award_candidates_one_idx): a second nomination is refused.
    if (violates(e, "23505", "award_candidates_one_idx")) throw conflict("already_nominated");
    throw e;
  }
}

function requireNominating(round: RoundRow, now: Date) {
  const state = roundState(round, now);
  if (state === "upcoming") throw conflict("nominations_not_open");
  if (state !== "nominating") throw conflict("nominations_closed");
}

/**
 * Any signed-in user nominates someone, with a reason, from nominationOpensAt until votingOpensAt.
 * The candidacy waits for a moderator. Nobody nominates themselves; a person is a candidate once
 * per round (a second nomination: 409 already_nominated).
 */
export async function nominate(app: AppServices, viewer: Viewer | null, roundId: number, input: unknown): Promise<CandidateDto> {
  const user = requireUser(viewer);
  const data = parse(safeParse(nominationSchema, input));
  const round = await loadRound(app, roundId);
  requireNominating(round, app.now());
  const nominee = await loadNominee(app, data);
  if (nominee.id === user.id) throw conflict("cannot_nominate_self");
  await take(app, `award-nominate:user:${user.id}`, 20, 3600);
  return insertCandidate(
    app,
    { roundId, userId: nominee.id, source: "nomination", reason: data.reason, nominatedBy: user.id, createdAt: app.now() },
    user,
  );
}

/** A moderator adds someone from the suggested list (source "suggested"); that is their approval. */
export async function addSuggested(app: AppServices, viewer: Viewer | null, roundId: number, input: unknown): Promise<CandidateDto> {
  const user = requireUser(viewer);
  if (!isModerator(user)) throw forbidden();
  const data = parse(safeParse(suggestedCandidateSchema, input));
  const round = await loadRound(app, roundId);
  requireNominating(round, app.now());
  const nominee = await loadNominee(app, { userId: data.userId });
  return insertCandidate(
    app,
    {
      roundId,
      userId: nominee.id,
      source: "suggested",
      reason: data.reason,
      nominatedBy: user.id,
      approved: true,
      reviewedBy: user.id,
      createdAt: app.now(),
    },
    user,
  );
}

/**
 * Moderators approve or decline a candidate until voting closes. A candidate who already holds
 * valid votes cannot be declined (void the votes first, with a reason, in the integrity view).
 */
export async function reviewCandidate(app: AppServices, viewer: Viewer | null, candidateId: number, input: unknown): Promise<CandidateDto> {
  const user = requireUser(viewer);
  if (!Number.isSafeInteger(candidateId) || candidateId <= 0) throw notFound();
  const { approved } = parse(safeParse(candidateReviewSchema, input));
  const [found] = await app.db
    .select({ roundId: awardCandidates.roundId, nominatedBy: awardCandidates.nominatedBy, approved: awardCandidates.approved })
    .from(awardCandidates)
    .where(eq(awardCandidates.id, candidateId));
  // Pending and declined candidacies are seen only by moderators and the nominator.
  if (!found || (!isModerator(user) && !found.approved && found.nominatedBy !== user.id)) throw notFound();
  if (!isModerator(user)) throw forbidden();
  const round = await loadRound(app, found.roundId);
  if (roundState(round, app.now()) === "closed") throw conflict("award_round_closed");
  const changed = await app.db
    .update(awardCandidates)
    .set({ approved, reviewedBy: user.id })
    .where(and(eq(awardCandidates.id, candidateId), approved ? undefined : eq(awardCandidates.votes, 0)))
    .returning({ id: awardCandidates.id });
  if (!changed.length) throw conflict("candidate_has_votes");
  if (resultsArePublic(round.resultsVisibility, roundState(round, app.now()))) scheduleTally(app, round.id);
  return loadCandidate(app, user, candidateId);
}

// ---------------------------------------------------------------- the suggested list

/**
 * People ranked by their helpfulness in the round's year (Shanghai time), in one set-based
 * statement over the forum and the petitions:
 * - helpful reactions received: `post_reactions` of kind helpful given that year to their visible replies;
 * - official answers drawn: visible official replies, written that year by someone else, either in a
 *   thread they started or answering (reply_to_id) one of their replies; each official reply counts once;
 * - petitions resolved: their petitions closed that year with the rating satisfied or basically satisfied.
 * Score = Σ weight × count (HELPFULNESS_WEIGHTS). Officials, administrators and disabled accounts are left out.
 */
export async function suggestions(app: AppServices, viewer: Viewer | null, roundId: number, limit = 20): Promise<SuggestionDto[]> {
  const user = requireUser(viewer);
  if (!isModerator(user)) throw forbidden();
  const round = await loadRound(app, roundId);
  const { from, to } = yearRange(round.year);
  const w = HELPFULNESS_WEIGHTS;
  const f = from.toISOString();
  const t = to.toISOString();
  const result = await app.db.execute(sql`
    with helpful as (
      select p.author_id as user_id, count(*)::int as n
        from post_reactions r
        join posts p on p.id = r.post_id
        join threads th on th.id = p.thread_id
       where r.kind = 'helpful' and r.user_id <> p.author_id
         and r.created_at >= ${f}::timestamptz and r.created_at < ${t}::timestamptz
         and not p.hidden and not th.hidden
       group by p.author_id
    ), answers as (
      select x.user_id, count(distinct x.answer_id)::int as n from (
        select th.author_id as user_id, op.id as answer_id
          from posts op join threads th on th.id = op.thread_id
         where op.official and op.author_id <> th.author_id and not op.hidden and not th.hidden
           and op.created_at >= ${f}::timestamptz and op.created_at < ${t}::timestamptz
        union all
        select q.author_id, op.id
          from posts op
          join posts q on q.id = op.reply_to_id
          join threads th on th.id = op.thread_id
         where op.official and op.author_id <> q.author_id and not op.hidden and not th.hidden
           and op.created_at >= ${f}::timestamptz and op.created_at < ${t}::timestamptz
      ) x group by x.user_id
    ), resolved as (
      select petitioner_id as user_id, count(*)::int as n
        from petitions
       where petitioner_id is not null and status = 'closed' and satisfaction in ('satisfied', 'basic')
         and closed_at >= ${f}::timestamptz and closed_at < ${t}::timestamptz
       group by petitioner_id
    ), scores as (
      select user_id, sum(h)::int as helpful, sum(a)::int as answers, sum(r)::int as resolved from (
        select user_id, n as h, 0 as a, 0 as r from helpful
        union all select user_id, 0, n, 0 from answers
        union all select user_id, 0, 0, n from resolved
      ) s group by user_id
    )
    select u.id, u.username, u.display_name, u.role, s.helpful, s.answers, s.resolved,
           (s.helpful * ${w.helpful} + s.answers * ${w.officialAnswers} + s.resolved * ${w.resolvedPetitions})::int as score,
           c.id as candidate_id
      from scores s
      join users u on u.id = s.user_id
      left join award_candidates c on c.round_id = ${round.id}::bigint and c.user_id = u.id
     where not u.disabled and u.role in ('citizen', 'moderator')
     order by score desc, s.helpful desc, u.id asc
     limit ${Math.min(Math.max(1, limit), 100)}`);
  type Row = {
    id: string | number;
    username: string;
    display_name: string;
    role: PersonDto["role"];
    helpful: number;
    answers: number;
    resolved: number;
    score: number;
    candidate_id: string | number | null;
  };
  return rowsOf<Row>(result).map((r) => ({
    user: personDto({ id: r.id, username: r.username, displayName: r.display_name, role: r.role }),
    helpful: Number(r.helpful),
    officialAnswers: Number(r.answers),
    resolvedPetitions: Number(r.resolved),
    score: Number(r.score),
    candidateId: r.candidate_id === null ? null : String(r.candidate_id),
  }));
}

// ---------------------------------------------------------------- voting

/** What eligibility needs about an account: its age, whether it is active, its visible posts. */
async function voterFacts(app: AppServices, userId: number) {
  const [row] = await app.db
    .select({
      createdAt: users.createdAt,
      disabled: users.disabled,
      posts: sql<number>`((select count(*) from threads t where t.author_id = ${userId}::bigint and not t.hidden)
        + (select count(*) from posts p join threads t on t.id = p.thread_id where p.author_id = ${userId}::bigint and not p.hidden and not t.hidden))::int`,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) throw unauthorized();
  return { ...row, posts: Number(row.posts) };
}

/** The viewer's standing in the round: eligibility with its figures, votes used and for whom. */
export async function voterStatus(app: AppServices, viewer: Viewer | null, round: RoundRow): Promise<VoterStatusDto | null> {
  if (!viewer) return null;
  const [facts, ballot, voted, mine] = await Promise.all([
    voterFacts(app, viewer.id),
    app.db
      .select({ used: awardBallots.used })
      .from(awardBallots)
      .where(and(eq(awardBallots.roundId, round.id), eq(awardBallots.voterId, viewer.id))),
    app.db
      .select({ candidateId: awardVotes.candidateId })
      .from(awardVotes)
      .where(and(eq(awardVotes.roundId, round.id), eq(awardVotes.voterId, viewer.id), sql`${awardVotes.voidedAt} is null`))
      .orderBy(asc(awardVotes.id)),
    app.db
      .select({ id: awardCandidates.id })
      .from(awardCandidates)
      .where(and(eq(awardCandidates.roundId, round.id), eq(awardCandidates.userId, viewer.id))),
  ]);
  const e = eligibility(facts, round, app.now());
  const used = ballot[0]?.used ?? 0;
  return {
    eligible: e.eligible,
    reasons: e.reasons,
    accountAgeDays: e.accountAgeDays,
    posts: facts.posts,
    votesUsed: used,
    votesLeft: Math.max(0, round.votesPerVoter - used),
    votedCandidateIds: voted.map((v) => String(v.candidateId)),
    candidateId: mine[0] ? String(mine[0].id) : null,
  };
}

export interface VoteResult {
  vote: { id: string; awardId: string; candidateId: string; createdAt: string };
  votesUsed: number;
  votesLeft: number;
}

/**
 * One vote. Checks (in this order, each with its own answer): the voting window (409
 * voting_not_open / voting_closed), the candidate (409: not of this round, not approved, oneself),
 * the voter's eligibility (403: account_disabled, account_too_new, too_few_posts). Then one
 * transaction, where the database has the last word under any concurrency:
 *   1. the voter's ballot row exists (allowed = the round's votes per voter);
 *   2. UPDATE … SET used = used + 1 WHERE used < allowed RETURNING — no row: 409 no_votes_left
 *      (the row lock serialises one voter's votes; the CHECK used ≤ allowed backs it);
 *   3. INSERT the vote — the partial unique index (round, voter, candidate) among valid votes
 *      refuses the same candidate twice: 409 already_voted_for_candidate, and the ballot's
 *      increment rolls back with it;
 *   4. the candidate's counter + 1, only while approved.
 * The vote records the voter's network (salted hash of the /24 or /48) and account creation time.
 */
export async function castVote(app: AppServices, viewer: Viewer | null, roundId: number, input: unknown, ip: string): Promise<VoteResult> {
  const user = requireUser(viewer);
  const { candidateId } = parse(safeParse(voteSchema, input));
  const round = await loadRound(app, roundId);
  const now = app.now();
  const state = roundState(round, now);
  if (state === "upcoming" || state === "nominating") throw conflict("voting_not_open");
  if (state === "closed") throw conflict("voting_closed");
  const [candidate] = await app.db
    .select({ roundId: awardCandidates.roundId, userId: awardCandidates.userId, approved: awardCandidates.approved })
    .from(awardCandidates)
    .where(eq(awardCandidates.id, candidateId));
  if (!candidate || candidate.roundId !== round.id) throw conflict("candidate_not_in_round");
  if (candidate.approved !== true) throw conflict("candidate_not_approved");
  if (candidate.userId === user.id) throw conflict("cannot_vote_for_self");
  const facts = await voterFacts(app, user.id);
  const e = eligibility(facts, round, now);
  if (!e.eligible) throw forbidden(e.reasons[0]);
  await take(app, `award-vote:user:${user.id}`, 30, 60);
  const network = await networkHash(app, ip);

  let result: { voteId: number; used: number; allowed: number };
  try {
    result = await app.db.transaction(async (tx) => {
      await tx.insert(awardBallots).values({ roundId: round.id, voterId: user.id, allowed: round.votesPerVoter }).onConflictDoNothing();
      const [ballot] = await tx
        .update(awardBallots)
        .set({ used: sql`${awardBallots.used} + 1` })
        .where(and(eq(awardBallots.roundId, round.id), eq(awardBallots.voterId, user.id), sql`${awardBallots.used} < ${awardBallots.allowed}`))
        .returning({ used: awardBallots.used, allowed: awardBallots.allowed });
      if (!ballot) throw conflict("no_votes_left");
      const [vote] = await tx
        .insert(awardVotes)
        .values({ roundId: round.id, voterId: user.id, candidateId, network, voterCreatedAt: facts.createdAt, createdAt: now })
        .returning({ id: awardVotes.id });
      const counted = await tx
        .update(awardCandidates)
        .set({ votes: sql`${awardCandidates.votes} + 1` })
        .where(and(eq(awardCandidates.id, candidateId), eq(awardCandidates.approved, true)))
        .returning({ id: awardCandidates.id });
      if (!counted.length) throw conflict("candidate_not_approved");
      return { voteId: vote.id, used: ballot.used, allowed: ballot.allowed };
    });
  } catch (err) {
    if (violates(err, "23505", "award_votes_once_idx")) throw conflict("already_voted_for_candidate");
    if (violates(err, "23514", "award_ballots_limit")) throw conflict("no_votes_left");
    throw err;
  }
  if (resultsArePublic(round.resultsVisibility, state)) scheduleTally(app, round.id);
  return {
    vote: { id: String(result.voteId), awardId: String(round.id), candidateId: String(candidateId), createdAt: now.toISOString() },
    votesUsed: result.used,
    votesLeft: result.allowed - result.used,
  };
}

// ---------------------------------------------------------------- results and badges

/** The approved candidates, ranked, with who they are. */
export async function rankedTally(app: AppServices, round: RoundRow): Promise<RankedTallyDto[]> {
  const rows = await app.db
    .select({ id: awardCandidates.id, votes: awardCandidates.votes, user: personColumns })
    .from(awardCandidates)
    .innerJoin(users, eq(users.id, awardCandidates.userId))
    .where(and(eq(awardCandidates.roundId, round.id), eq(awardCandidates.approved, true)))
    .orderBy(desc(awardCandidates.votes), asc(awardCandidates.id));
  return rankTallies(
    rows.map((r) => ({ candidateId: String(r.id), votes: r.votes, user: personDto(r.user) })),
    round.winners,
  );
}

export interface ResultsDto {
  award: AwardDto;
  /** Voting has closed: the tally is final (until votes are voided). */
  final: boolean;
  totalVotes: number;
  tallies: RankedTallyDto[];
}

/** Anyone, once voting has closed, or during the round when its results are live; else 403 results_hidden. */
export async function getResults(app: AppServices, viewer: Viewer | null, roundId: number): Promise<ResultsDto> {
  const round = await loadRound(app, roundId);
  const award = awardDto(round, app.now());
  if (!award.resultsPublic) throw forbidden("results_hidden");
  const tallies = await rankedTally(app, round);
  award.candidateCount = tallies.length;
  return { award, final: award.state === "closed", totalVotes: tallies.reduce((n, t) => n + t.votes, 0), tallies };
}

/**
 * After voting has closed an administrator publishes the results once: the round is marked
 * awarded and its winners (ranked within `winners`, ties included, at least one vote) get the
 * badge — user_badges is unique per user, kind and round, so a badge is never given twice.
 */
export async function publishResults(app: AppServices, viewer: Viewer | null, roundId: number): Promise<ResultsDto> {
  const user = requireUser(viewer);
  if (!isAdmin(user)) throw forbidden();
  const round = await loadRound(app, roundId);
  const now = app.now();
  if (roundState(round, now) !== "closed") throw conflict("award_round_not_closed");
  const notes = await app.db.transaction(async (tx) => {
    const [marked] = await tx
      .update(awardRounds)
      .set({ awardedAt: now })
      .where(and(eq(awardRounds.id, round.id), sql`${awardRounds.awardedAt} is null`))
      .returning({ id: awardRounds.id });
    if (!marked) throw conflict("award_already_published");
    // Read under the round's lock: no void can change the counts meanwhile (voidVotes takes it too).
    const rows = await tx
      .select({ id: awardCandidates.id, userId: awardCandidates.userId, votes: awardCandidates.votes })
      .from(awardCandidates)
      .where(and(eq(awardCandidates.roundId, round.id), eq(awardCandidates.approved, true)));
    const winners = rankTallies(
      rows.map((r) => ({ candidateId: String(r.id), votes: r.votes, userId: r.userId })),
      round.winners,
    ).filter((r) => r.winner);
    if (!winners.length) return [];
    const given = await tx
      .insert(userBadges)
      .values(winners.map((w) => ({ userId: w.userId, kind: BADGE_KIND, roundId: round.id, label: `${round.year}年度最给力网友`, createdAt: now })))
      .onConflictDoNothing()
      .returning({ userId: userBadges.userId });
    return notify(tx, { userIds: given.map((g) => g.userId) }, "award_won", { title: round.title, year: String(round.year) }, `/awards/${round.id}/results`);
  });
  publishNotifications(app, notes);
  return getResults(app, user, roundId);
}

/** A profile's badges, newest first. */
export async function badgesOf(app: AppServices, userId: number): Promise<BadgeDto[]> {
  const rows = await app.db
    .select({ b: userBadges, year: awardRounds.year, title: awardRounds.title })
    .from(userBadges)
    .leftJoin(awardRounds, eq(awardRounds.id, userBadges.roundId))
    .where(eq(userBadges.userId, userId))
    .orderBy(desc(userBadges.createdAt), desc(userBadges.id));
  return rows.map((r) => ({
    id: String(r.b.id),
    kind: r.b.kind,
    label: r.b.label,
    awardId: r.b.roundId === null ? null : String(r.b.roundId),
    year: r.year,
    awardTitle: r.title,
    createdAt: r.b.createdAt.toISOString(),
  }));
}

/** The winners' user ids of a published round (for the results page's badges). */
export async function badgeHolders(app: AppServices, roundId: number): Promise<Set<string>> {
  const rows = await app.db
    .select({ userId: userBadges.userId })
    .from(userBadges)
    .where(and(eq(userBadges.roundId, roundId), eq(userBadges.kind, BADGE_KIND)));
  return new Set(rows.map((r) => String(r.userId)));
}

export { readTally };
