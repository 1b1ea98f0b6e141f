// The administrators' vote-integrity view and voiding. Suspicious groups are computed set-based
// in SQL over the round's valid votes:
// - new-account bursts: votes for one candidate from accounts younger than `newAccountDays` when
//   they voted, chained while each comes within `windowMinutes` of the previous one (gaps and
//   islands over the votes in time order); a chain of at least `minBurst` votes is listed;
// - one network: at least `minNetwork` votes for one candidate from the same network hash.
// Voiding records when, who and why; the ballot's `used` and the candidate's `votes` go down in
// the same statement, and a voided vote never counts again (it stays listed as voided).
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { awardCandidates, awardRounds, awardVotes, users } from "../../../db/schema";
import { rowsOf } from "../../../db/rows";
import { isAdmin, type Viewer } from "~/domain/auth/types";
import { accountAgeDays, resultsArePublic, roundState } from "~/domain/awards/rules";
import { integrityParamsSchema, voidSchema, type IntegrityParams } from "~/domain/awards/schemas";
import type { IntegrityGroupDto, IntegrityVoteDto, PersonDto, VoidedVoteDto } from "~/domain/awards/types";
import { safeParse } from "~/domain/validation";
import type { AppServices } from "../context";
import { conflict, forbidden } from "../errors";
import { awardDto, loadRound, parse, personColumns, personDto, requireUser, type RoundRow } from "./service";
import { scheduleTally } from "./tally";

const voter = alias(users, "voter");
const candidateUser = alias(users, "candidate_user");
const voider = alias(users, "voider");

const NETWORK_LABEL = 8;
const RECENT_LIMIT = 200;

type VoteRow = {
  v: typeof awardVotes.$inferSelect;
  voter: Parameters<typeof personDto>[0];
};

function voteDto(r: VoteRow): IntegrityVoteDto {
  return {
    id: String(r.v.id),
    voter: personDto(r.voter),
    candidateId: String(r.v.candidateId),
    createdAt: r.v.createdAt.toISOString(),
    voterCreatedAt: r.v.voterCreatedAt.toISOString(),
    accountAgeDays: accountAgeDays(r.v.voterCreatedAt, r.v.createdAt),
    network: r.v.network.slice(0, NETWORK_LABEL),
  };
}

function requireAdmin(viewer: Viewer | null) {
  const user = requireUser(viewer);
  if (!isAdmin(user)) throw forbidden();
  return user;
}

export interface IntegrityDto {
  award: ReturnType<typeof awardDto>;
  params: IntegrityParams;
  candidates: { id: string; user: PersonDto; votes: number; approved: boolean | null }[];
  groups: IntegrityGroupDto[];
  recent: IntegrityVoteDto[];
  voided: VoidedVoteDto[];
  totals: { valid: number; voided: number };
}

export async function integrityView(app: AppServices, viewer: Viewer | null, roundId: number, query: unknown): Promise<IntegrityDto> {
  requireAdmin(viewer);
  const params = parse(safeParse(integrityParamsSchema, query));
  const round = await loadRound(app, roundId);

  const burstResult = await app.db.execute(sql`
    with nv as (
      select id, candidate_id, created_at
        from award_votes
       where round_id = ${round.id}::bigint and voided_at is null
         and voter_created_at > created_at - make_interval(days => ${params.newAccountDays}::int)
    ), marked as (
      select nv.*,
             case when lag(created_at) over w is null
                    or created_at - lag(created_at) over w > make_interval(mins => ${params.windowMinutes}::int)
                  then 1 else 0 end as starts
        from nv window w as (partition by candidate_id order by created_at, id)
    ), chained as (
      select marked.*, sum(starts) over (partition by candidate_id order by created_at, id rows unbounded preceding) as chain
        from marked
    )
    select candidate_id, min(created_at) as first_at, max(created_at) as last_at,
           array_agg(id order by created_at, id) as ids
      from chained
     group by candidate_id, chain
    having count(*) >= ${params.minBurst}::int
     order by count(*) desc, min(created_at)`);
  const networkResult = await app.db.execute(sql`
    select candidate_id, network, min(created_at) as first_at, max(created_at) as last_at,
           array_agg(id order by created_at, id) as ids
      from award_votes
     where round_id = ${round.id}::bigint and voided_at is null
     group by candidate_id, network
    having count(*) >= ${params.minNetwork}::int
     order by count(*) desc, min(created_at)`);
  type GroupRow = { candidate_id: string | number; network?: string; first_at: string | Date; last_at: string | Date; ids: (string | number)[] | string };
  const ids = (v: GroupRow["ids"]): number[] =>
    (Array.isArray(v) ? v : String(v).replace(/[{}]/g, "").split(",").filter(Boolean)).map(Number);
  const bursts = rowsOf<GroupRow>(burstResult).map((g) => ({ kind: "new_accounts" as const, ...g, voteIds: ids(g.ids) }));
  const networks = rowsOf<GroupRow>(networkResult).map((g) => ({ kind: "network" as const, ...g, voteIds: ids(g.ids) }));

  const allIds = [...new Set([...bursts, ...networks].flatMap((g) => g.voteIds))];
  const [groupVotes, recentRows, voidedRows, candidateRows, totals] = await Promise.all([
    allIds.length
      ? app.db
          .select({ v: awardVotes, voter: { id: voter.id, username: voter.username, displayName: voter.displayName, role: voter.role } })
          .from(awardVotes)
          .innerJoin(voter, eq(voter.id, awardVotes.voterId))
          .where(inArray(awardVotes.id, allIds))
      : Promise.resolve([] as VoteRow[]),
    app.db
      .select({ v: awardVotes, voter: { id: voter.id, username: voter.username, displayName: voter.displayName, role: voter.role } })
      .from(awardVotes)
      .innerJoin(voter, eq(voter.id, awardVotes.voterId))
      .where(and(eq(awardVotes.roundId, round.id), sql`${awardVotes.voidedAt} is null`))
      .orderBy(desc(awardVotes.createdAt), desc(awardVotes.id))
      .limit(RECENT_LIMIT),
    app.db
      .select({
        v: awardVotes,
        voter: { id: voter.id, username: voter.username, displayName: voter.displayName, role: voter.role },
        candidate: { id: candidateUser.id, username: candidateUser.username, displayName: candidateUser.displayName, role: candidateUser.role },
        by: { id: voider.id, username: voider.username, displayName: voider.displayName, role: voider.role },
      })
      .from(awardVotes)
      .innerJoin(voter, eq(voter.id, awardVotes.voterId))
      .innerJoin(awardCandidates, eq(awardCandidates.id, awardVotes.candidateId))
      .innerJoin(candidateUser, eq(candidateUser.id, awardCandidates.userId))
      .leftJoin(voider, eq(voider.id, awardVotes.voidedBy))
      .where(and(eq(awardVotes.roundId, round.id), sql`${awardVotes.voidedAt} is not null`))
      .orderBy(desc(awardVotes.voidedAt), desc(awardVotes.id))
      .limit(RECENT_LIMIT),
    app.db
      .select({ id: awardCandidates.id, votes: awardCandidates.votes, approved: awardCandidates.approved, user: personColumns })
      .from(awardCandidates)
      .innerJoin(users, eq(users.id, awardCandidates.userId))
      .where(eq(awardCandidates.roundId, round.id))
      .orderBy(desc(awardCandidates.votes), awardCandidates.id),
    app.db
      .select({
        valid: sql<number>`count(*) filter (where ${awardVotes.voidedAt} is null)::int`,
        voided: sql<number>`count(*) filter (where ${awardVotes.voidedAt} is not null)::int`,
      })
      .from(awardVotes)
      .where(eq(awardVotes.roundId, round.id)),
  ]);
  const byId = new Map(groupVotes.map((r) => [r.v.id, voteDto(r)]));
  const candidates = candidateRows.map((c) => ({ id: String(c.id), user: personDto(c.user), votes: c.votes, approved: c.approved }));
  const person = new Map(candidates.map((c) => [c.id, c.user]));
  const groups: IntegrityGroupDto[] = [...bursts, ...networks].map((g) => ({
    kind: g.kind,
    candidateId: String(g.candidate_id),
    candidate: person.get(String(g.candidate_id))!,
    network: g.kind === "network" && g.network ? g.network.slice(0, NETWORK_LABEL) : null,
    from: new Date(g.first_at).toISOString(),
    to: new Date(g.last_at).toISOString(),
    votes: g.voteIds.map((id) => byId.get(id)).filter((v): v is IntegrityVoteDto => Boolean(v)),
  }));
  return {
    award: awardDto(round, app.now(), candidates.filter((c) => c.approved).length),
    params,
    candidates,
    groups,
    recent: recentRows.map(voteDto),
    voided: voidedRows.map((r) => ({
      ...voteDto(r),
      candidate: personDto(r.candidate),
      voidedAt: r.v.voidedAt!.toISOString(),
      voidedBy: r.by?.id ? personDto(r.by as Parameters<typeof personDto>[0]) : null,
      reason: r.v.voidReason ?? "",
    })),
    totals: { valid: Number(totals[0]?.valid ?? 0), voided: Number(totals[0]?.voided ?? 0) },
  };
}

/**
 * Voids votes of the round (one, a whole suspicious group, any selection) with a reason. Votes
 * already voided or of another round are skipped. One statement under the round's row lock: the
 * votes are marked (voided_at, voided_by, void_reason), and each voter's ballot `used` and each
 * candidate's `votes` go down by what was voided. Once results are published: 409 results_published.
 */
export async function voidVotes(app: AppServices, viewer: Viewer | null, roundId: number, input: unknown) {
  const user = requireAdmin(viewer);
  const { voteIds, reason } = parse(safeParse(voidSchema, input));
  const round: RoundRow = await loadRound(app, roundId);
  const now = app.now();
  const voided = await app.db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ awardedAt: awardRounds.awardedAt })
      .from(awardRounds)
      .where(eq(awardRounds.id, round.id))
      .for("update");
    if (locked.awardedAt) throw conflict("award_results_published");
    // Ballots before candidates, in voter order: the order a vote takes its locks in, so a void
    // during voting never deadlocks with a vote.
    await tx.execute(sql`
      select 1 from award_ballots
       where round_id = ${round.id}::bigint
         and voter_id in (select voter_id from award_votes where round_id = ${round.id}::bigint and id = any(${sql.param(voteIds)}::bigint[]) and voided_at is null)
       order by voter_id
         for update`);
    const result = await tx.execute(sql`
      with v as (
        update award_votes
           set voided_at = ${now.toISOString()}::timestamptz, voided_by = ${user.id}::bigint, void_reason = ${reason}::text
         where round_id = ${round.id}::bigint and id = any(${sql.param(voteIds)}::bigint[]) and voided_at is null
        returning id, voter_id, candidate_id
      ), ballots as (
        update award_ballots b
           set used = b.used - x.n
          from (select voter_id, count(*)::int as n from v group by voter_id) x
         where b.round_id = ${round.id}::bigint and b.voter_id = x.voter_id
        returning b.voter_id
      ), candidates as (
        update award_candidates c
           set votes = c.votes - y.n
          from (select candidate_id, count(*)::int as n from v group by candidate_id) y
         where c.id = y.candidate_id
        returning c.id
      )
      select (select count(*)::int from v) as voided,
             (select count(*)::int from ballots) as ballots,
             (select count(*)::int from candidates) as candidates`);
    return Number(rowsOf<{ voided: number }>(result)[0]?.voided ?? 0);
  });
  if (voided > 0 && resultsArePublic(round.resultsVisibility, roundState(round, now))) scheduleTally(app, round.id);
  return { voided };
}
