// The most helpful netizen award through the HTTP API on a real database (PostgreSQL in CI):
// rounds, nominations, the suggested list, one account / the set number of votes under
// concurrency (enforced by the database), eligibility, hidden and live results, the live tally,
// vote integrity and voiding, and badges given once. Time is injected (s.app.now).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { awardBallots, awardCandidates, awardRounds, awardVotes, mailboxes, userBadges, users } from "../../db/schema";
import { hashToken, newToken } from "../../app/.server/auth/tokens";
import { castVote } from "../../app/.server/awards/service";
import { TALLY_INTERVAL_MS } from "../../app/.server/awards/tally";
import { emitAck, startTestServer, type TestServer, type TestUser } from "../support/server";

const DAY = 86_400_000;
const REAL = Date.now();
/** The round's windows, relative to the real time the accounts were made at. */
const WINDOWS = {
  nominationOpensAt: new Date(REAL + 10 * DAY).toISOString(),
  votingOpensAt: new Date(REAL + 20 * DAY).toISOString(),
  votingClosesAt: new Date(REAL + 30 * DAY).toISOString(),
};
const UPCOMING = new Date(REAL + 5 * DAY);
const NOMINATING = new Date(REAL + 15 * DAY);
const VOTING = new Date(REAL + 25 * DAY);
const CLOSED = new Date(REAL + 31 * DAY);
const YEAR = Number(new Date(REAL + 8 * 3_600_000).toISOString().slice(0, 4));

let s: TestServer;
let admin: TestUser;
let moderator: TestUser;
let citizen: TestUser;
let realNow: () => Date;
let counter = 0;

const setNow = (d: Date) => {
  s.app.now = () => d;
};

/** A citizen with a session, made directly (no password hashing: the suite needs over 100). */
async function quickUser(role: TestUser["role"] = "citizen"): Promise<TestUser> {
  const username = `aw${process.pid}_${++counter}_${Math.floor(Math.random() * 1e6)}`;
  const [u] = await s.app.db
    .insert(users)
    .values({ username, displayName: `网友${counter}`, passwordHash: "x", role })
    .returning({ id: users.id });
  const token = newToken();
  await s.app.lucia.createSession(u.id, {}, { sessionId: hashToken(token) });
  return { id: String(u.id), username, token, role };
}

async function createRound(over: Record<string, unknown> = {}) {
  const r = await s.api("/awards", {
    token: admin.token,
    body: { title: `${YEAR}年度最给力网友评选`, year: YEAR, votesPerVoter: 3, minAccountAgeDays: 0, minPosts: 0, resultsVisibility: "live", winners: 3, ...WINDOWS, ...over },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.award as { id: string; votesPerVoter: number; state: string };
}

/** Approved candidates made directly (the nomination path has its own tests). */
async function approvedCandidates(roundId: string, n: number) {
  const people = await Promise.all(Array.from({ length: n }, () => quickUser()));
  const rows = await s.app.db
    .insert(awardCandidates)
    .values(people.map((p) => ({ roundId: Number(roundId), userId: Number(p.id), source: "nomination" as const, reason: "热心", approved: true })))
    .returning({ id: awardCandidates.id, userId: awardCandidates.userId });
  return rows.map((r) => ({ id: String(r.id), userId: String(r.userId) }));
}

const vote = (u: TestUser, roundId: string, candidateId: string, ip?: string) =>
  s.api(`/awards/${roundId}/votes`, { token: u.token, body: { candidateId }, headers: ip ? { "X-Forwarded-For": ip } : undefined });

/** Every candidate's counter equals its valid vote rows; every ballot's `used` equals its voter's valid rows. */
async function countersMatchRows(roundId: string) {
  const bad: any = await s.app.db.execute(sql`
    select c.id, c.votes, (select count(*)::int from award_votes v where v.candidate_id = c.id and v.voided_at is null) as n
      from award_candidates c where c.round_id = ${Number(roundId)}::bigint
       and c.votes <> (select count(*)::int from award_votes v where v.candidate_id = c.id and v.voided_at is null)`);
  expect(bad.rows ?? bad).toEqual([]);
  const badBallots: any = await s.app.db.execute(sql`
    select b.voter_id from award_ballots b where b.round_id = ${Number(roundId)}::bigint
       and b.used <> (select count(*)::int from award_votes v where v.round_id = b.round_id and v.voter_id = b.voter_id and v.voided_at is null)`);
  expect(badBallots.rows ?? badBallots).toEqual([]);
}

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  realNow = s.app.now;
  [admin, moderator, citizen] = await Promise.all([s.user("admin"), s.user("moderator"), s.user()]);
});
afterAll(async () => {
  if (s) s.app.now = realNow;
  await s?.stop();
});

describe("rounds", () => {
  it("only administrators open rounds; the windows, votes per voter and numbers are checked", async () => {
    setNow(UPCOMING);
    const body = { title: "评选", year: YEAR, votesPerVoter: 3, resultsVisibility: "live", ...WINDOWS };
    expect((await s.api("/awards", { body })).status).toBe(401);
    expect((await s.api("/awards", { token: citizen.token, body })).status).toBe(403);
    expect((await s.api("/awards", { token: moderator.token, body })).status).toBe(403);
    for (const [over, field] of [
      [{ votesPerVoter: 0 }, "votesPerVoter"],
      [{ votesPerVoter: 21 }, "votesPerVoter"],
      [{ votingOpensAt: new Date(REAL + 9 * DAY).toISOString() }, "votingOpensAt"],
      [{ votingClosesAt: WINDOWS.votingOpensAt }, "votingClosesAt"],
      [{ resultsVisibility: "never" }, "resultsVisibility"],
      [{ title: "" }, "title"],
    ] as const) {
      const r = await s.api("/awards", { token: admin.token, body: { ...body, ...over } });
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.body.error.fields[field]).toEqual(expect.any(String));
    }
    const award = await createRound({ description: "说明", winners: 2 });
    expect(award).toMatchObject({
      title: `${YEAR}年度最给力网友评选`,
      year: YEAR,
      votesPerVoter: 3,
      minAccountAgeDays: 0,
      minPosts: 0,
      resultsVisibility: "live",
      winners: 2,
      state: "upcoming",
      ...WINDOWS,
    });
    expect((await s.api("/awards")).body.items.map((a: any) => a.id)).toContain(award.id);
  });

  it("the database's CHECKs back the windows' order and 1–20 votes", async () => {
    const base = { title: "x", year: YEAR, resultsVisibility: "live" as const, createdBy: Number(admin.id) };
    await expect(
      s.app.db.insert(awardRounds).values({ ...base, votesPerVoter: 3, nominationOpensAt: new Date(REAL + 2 * DAY), votingOpensAt: new Date(REAL + DAY), votingClosesAt: new Date(REAL + 3 * DAY) }),
    ).rejects.toThrow();
    await expect(
      s.app.db.insert(awardRounds).values({ ...base, votesPerVoter: 21, nominationOpensAt: new Date(REAL), votingOpensAt: new Date(REAL + DAY), votingClosesAt: new Date(REAL + 3 * DAY) }),
    ).rejects.toThrow();
  });

  it("derives the state from the injected time when read", async () => {
    const award = await createRound();
    const states: string[] = [];
    for (const at of [UPCOMING, NOMINATING, VOTING, CLOSED, new Date(WINDOWS.votingOpensAt), new Date(WINDOWS.votingClosesAt)]) {
      setNow(at);
      states.push((await s.api(`/awards/${award.id}`)).body.award.state);
    }
    expect(states).toEqual(["upcoming", "nominating", "voting", "closed", "voting", "closed"]);
    expect((await s.api("/awards/999999")).status).toBe(404);
    expect((await s.api("/awards/abc")).status).toBe(404);
  });
});

describe("candidates", () => {
  it("nominations: only from nominationOpensAt until votingOpensAt, once per person, not oneself, not disabled or official accounts", async () => {
    const award = await createRound();
    const [a, b, c, off] = await Promise.all([quickUser(), quickUser(), quickUser(), quickUser("official")]);
    const nominateAs = (u: TestUser, body: Record<string, unknown>) => s.api(`/awards/${award.id}/nominations`, { token: u.token, body });

    setNow(UPCOMING);
    let r = await nominateAs(citizen, { userId: a.id, reason: "热心解答" });
    expect([r.status, r.body.error.code]).toEqual([409, "nominations_not_open"]);
    setNow(CLOSED);
    expect((await nominateAs(citizen, { userId: a.id, reason: "热心解答" })).body.error.code).toBe("nominations_closed");
    setNow(VOTING);
    expect((await nominateAs(citizen, { userId: a.id, reason: "热心解答" })).body.error.code).toBe("nominations_closed");

    setNow(NOMINATING);
    expect((await s.api(`/awards/${award.id}/nominations`, { body: { userId: a.id, reason: "x" } })).status).toBe(401);
    r = await nominateAs(citizen, { userId: a.id, reason: "热心解答，整理官方答复" });
    expect(r.status).toBe(201);
    expect(r.body.candidate).toMatchObject({
      awardId: award.id,
      user: { id: a.id, username: a.username },
      source: "nomination",
      reason: "热心解答，整理官方答复",
      nominatedBy: { id: citizen.id },
      approved: null,
      votes: null,
    });
    const candidateId = r.body.candidate.id;
    // By username too (the page's form).
    expect((await nominateAs(a, { username: b.username.toUpperCase(), reason: "理性" })).status).toBe(201);
    // Once per person and round, whoever nominates.
    r = await nominateAs(b, { userId: a.id, reason: "again" });
    expect([r.status, r.body.error.code]).toEqual([409, "already_nominated"]);
    expect((await nominateAs(c, { userId: c.id, reason: "me" })).body.error.code).toBe("cannot_nominate_self");
    expect((await nominateAs(c, { userId: off.id, reason: "x" })).body.error.code).toBe("nominee_official");
    expect((await s.api(`/admin/users/${b.id}`, { method: "PATCH", token: admin.token, body: { disabled: true } })).status).toBe(200);
    const d = await quickUser();
    await s.api(`/admin/users/${d.id}`, { method: "PATCH", token: admin.token, body: { disabled: true } });
    expect((await nominateAs(c, { userId: d.id, reason: "x" })).body.error.code).toBe("nominee_disabled");
    r = await nominateAs(c, { username: "nobody_here_at_all", reason: "x" });
    expect([r.status, Object.keys(r.body.error.fields)]).toEqual([400, ["username"]]);
    expect((await nominateAs(c, { reason: "x" })).body.error.fields.userId).toEqual(expect.any(String));

    // Pending: hidden from the public, seen by the nominator and moderators.
    const seen = async (u?: TestUser) => (await s.api(`/awards/${award.id}`, { token: u?.token })).body.candidates.map((x: any) => x.id);
    expect(await seen()).not.toContain(candidateId);
    expect(await seen(c)).not.toContain(candidateId);
    expect(await seen(citizen)).toContain(candidateId);
    expect(await seen(moderator)).toContain(candidateId);

    // Moderators review; the nominator may not (403), a stranger does not see it (404).
    const review = (u: TestUser, approved: unknown) => s.api(`/awards/candidates/${candidateId}`, { method: "PATCH", token: u.token, body: { approved } });
    expect((await review(citizen, true)).status).toBe(403);
    expect((await review(c, true)).status).toBe(404);
    expect((await review(moderator, "maybe")).status).toBe(400);
    r = await review(moderator, true);
    expect(r.status).toBe(200);
    expect(r.body.candidate).toMatchObject({ id: candidateId, approved: true, votes: 0 });
    expect(await seen()).toContain(candidateId);
    r = await review(moderator, false);
    expect(r.body.candidate.approved).toBe(false);
    expect(await seen()).not.toContain(candidateId);
    expect((await s.api("/awards/candidates/999999", { method: "PATCH", token: moderator.token, body: { approved: true } })).status).toBe(404);
  });

  it("suggests people by helpfulness (helpful reactions, official answers drawn, resolved petitions), set-based, and moderators add them", async () => {
    setNow(new Date(REAL));
    const [helper, fan1, fan2, official, petitioner] = await Promise.all([s.user(), s.user(), s.user(), s.user("official"), s.user()]);
    // The helper's thread gets an official reply; the helper's reply in another thread is marked
    // helpful twice and an official answers it.
    const t1 = (await s.api("/threads", { token: helper.token, body: { section: "forum", title: "公交站台建议", body: "正文" } })).body.thread.id;
    await s.api(`/threads/${t1}/posts`, { token: official.token, body: { body: "已转交公交公司研究。" } });
    await s.api(`/threads/${t1}/posts`, { token: official.token, body: { body: "补充：下月开工。" } });
    const t2 = (await s.api("/threads", { token: fan1.token, body: { section: "forum", title: "停车难", body: "正文" } })).body.thread.id;
    const reply = (await s.api(`/threads/${t2}/posts`, { token: helper.token, body: { body: "可以错峰共享车位。" } })).body.post.id;
    for (const f of [fan1, fan2]) expect((await s.api(`/posts/${reply}/reactions`, { token: f.token, body: { kind: "helpful" } })).status).toBe(200);
    await s.api(`/threads/${t2}/posts`, { token: official.token, body: { body: "这个建议很好。", replyToId: reply } });

    // A petition the petitioner started, resolved to their satisfaction.
    const [mb] = await s.app.db.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.slug, "city-transport"));
    await s.api(`/admin/users/${official.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId: String(mb.id), position: "handler" }] } });
    const p = await s.api("/petitions", { token: petitioner.token, body: { mailboxId: String(mb.id), title: "公交站缺候车亭", body: "请增设候车亭。", category: "transport" } });
    expect(p.status).toBe(201);
    const act = (u: TestUser, body: Record<string, unknown>) => s.api(`/petitions/${p.body.petition.id}/actions`, { token: u.token, body });
    expect((await act(official, { action: "accept" })).status).toBe(200);
    expect((await act(admin, { action: "assign", mailboxIds: [String(mb.id)] })).status).toBe(200);
    expect((await act(official, { action: "reply", body: "已安排建设。" })).status).toBe(200);
    expect((await act(petitioner, { action: "rate", satisfaction: "satisfied" })).body.petition.status).toBe("closed");

    const award = await createRound({
      nominationOpensAt: new Date(REAL - DAY).toISOString(),
      votingOpensAt: new Date(REAL + DAY).toISOString(),
      votingClosesAt: new Date(REAL + 2 * DAY).toISOString(),
    });
    expect((await s.api(`/awards/${award.id}/suggestions`, { token: citizen.token })).status).toBe(403);
    const r = await s.api(`/awards/${award.id}/suggestions`, { token: moderator.token });
    expect(r.status).toBe(200);
    const of = (u: TestUser) => r.body.items.find((x: any) => x.user.id === u.id);
    // helpful 2×1 + official answers 3×2 (two in their thread, one to their reply) = 8.
    expect(of(helper)).toMatchObject({ helpful: 2, officialAnswers: 3, resolvedPetitions: 0, score: 8, candidateId: null });
    expect(of(petitioner)).toMatchObject({ helpful: 0, officialAnswers: 0, resolvedPetitions: 1, score: 3 });
    expect(of(official)).toBeUndefined(); // officials are not candidates
    const scores = r.body.items.map((x: any) => x.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));

    // Moderators add a suggested person: a candidate at once (their approval).
    expect((await s.api(`/awards/${award.id}/candidates`, { token: citizen.token, body: { userId: helper.id } })).status).toBe(403);
    const added = await s.api(`/awards/${award.id}/candidates`, { token: moderator.token, body: { userId: helper.id, reason: "今年获得最多有用" } });
    expect(added.status).toBe(201);
    expect(added.body.candidate).toMatchObject({ source: "suggested", approved: true, user: { id: helper.id }, nominatedBy: { id: moderator.id } });
    const again = await s.api(`/awards/${award.id}/suggestions`, { token: moderator.token });
    expect(again.body.items.find((x: any) => x.user.id === helper.id).candidateId).toBe(added.body.candidate.id);
    // A round of another year does not count this year's data.
    const other = await createRound({
      year: YEAR - 1,
      nominationOpensAt: new Date(REAL - DAY).toISOString(),
      votingOpensAt: new Date(REAL + DAY).toISOString(),
      votingClosesAt: new Date(REAL + 2 * DAY).toISOString(),
    });
    const last = await s.api(`/awards/${other.id}/suggestions`, { token: moderator.token });
    expect(last.body.items.find((x: any) => x.user.id === helper.id)).toBeUndefined();
  });
});

describe("voting: one account, the set number of votes, enforced by the database", () => {
  it("one voter with 3 votes firing 50 votes at 50 candidates at once: exactly 3 count", async () => {
    setNow(NOMINATING);
    const award = await createRound({ votesPerVoter: 3 });
    const candidates = await approvedCandidates(award.id, 50);
    const voter = await quickUser();
    setNow(VOTING);
    const results = await Promise.all(candidates.map((c) => vote(voter, award.id, c.id)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 201)).toHaveLength(3);
    expect(statuses.filter((x) => x === 409)).toHaveLength(47);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.error.code))).toEqual(new Set(["no_votes_left"]));
    const [ballot] = await s.app.db
      .select()
      .from(awardBallots)
      .where(and(eq(awardBallots.roundId, Number(award.id)), eq(awardBallots.voterId, Number(voter.id))));
    expect(ballot).toMatchObject({ used: 3, allowed: 3 });
    const rows = await s.app.db.select().from(awardVotes).where(eq(awardVotes.roundId, Number(award.id)));
    expect(rows).toHaveLength(3);
    const [{ total }] = await s.app.db
      .select({ total: sql<number>`sum(${awardCandidates.votes})::int` })
      .from(awardCandidates)
      .where(eq(awardCandidates.roundId, Number(award.id)));
    expect(Number(total)).toBe(3);
    await countersMatchRows(award.id);
    const ok = results.filter((r) => r.status === 201);
    expect(ok.map((r) => r.body.votesLeft).sort()).toEqual([0, 1, 2]);
    // The viewer's standing agrees.
    const me = (await s.api(`/awards/${award.id}`, { token: voter.token })).body.me;
    expect(me).toMatchObject({ eligible: true, votesUsed: 3, votesLeft: 0 });
    expect(me.votedCandidateIds).toHaveLength(3);
  });

  it("50 different voters at one candidate at once: 50 votes, counter equal to the rows", async () => {
    setNow(NOMINATING);
    const award = await createRound({ votesPerVoter: 1 });
    const [candidate] = await approvedCandidates(award.id, 1);
    const voters = await Promise.all(Array.from({ length: 50 }, () => quickUser()));
    setNow(VOTING);
    const results = await Promise.all(voters.map((v) => vote(v, award.id, candidate.id)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const [c] = await s.app.db.select({ votes: awardCandidates.votes }).from(awardCandidates).where(eq(awardCandidates.id, Number(candidate.id)));
    expect(c.votes).toBe(50);
    await countersMatchRows(award.id);
  });

  it("the same candidate twice: 409 (also when fired at once), while votes are left", async () => {
    setNow(NOMINATING);
    const award = await createRound({ votesPerVoter: 5 });
    const [a, b] = await approvedCandidates(award.id, 2);
    const voter = await quickUser();
    setNow(VOTING);
    const burst = await Promise.all(Array.from({ length: 10 }, () => vote(voter, award.id, a.id)));
    expect(burst.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(burst.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.error.code}`))).toEqual(new Set(["409 already_voted_for_candidate"]));
    const again = await vote(voter, award.id, a.id);
    expect([again.status, again.body.error.code]).toEqual([409, "already_voted_for_candidate"]);
    expect(again.body.error.message).toEqual(expect.any(String));
    expect((await vote(voter, award.id, b.id)).status).toBe(201);
    const [ballot] = await s.app.db.select({ used: awardBallots.used }).from(awardBallots).where(eq(awardBallots.voterId, Number(voter.id)));
    expect(ballot.used).toBe(2); // the refused votes rolled back their ballot increments
    await countersMatchRows(award.id);
  });

  it("the constraints themselves refuse what the code checks: used > allowed, a second valid vote", async () => {
    setNow(NOMINATING);
    const award = await createRound({ votesPerVoter: 1 });
    const [a] = await approvedCandidates(award.id, 1);
    const voter = await quickUser();
    setNow(VOTING);
    expect((await vote(voter, award.id, a.id)).status).toBe(201);
    await expect(
      s.app.db.update(awardBallots).set({ used: 2 }).where(and(eq(awardBallots.roundId, Number(award.id)), eq(awardBallots.voterId, Number(voter.id)))),
    ).rejects.toThrow();
    const [v] = await s.app.db.select().from(awardVotes).where(eq(awardVotes.voterId, Number(voter.id)));
    await expect(
      s.app.db.insert(awardVotes).values({ roundId: v.roundId, voterId: v.voterId, candidateId: v.candidateId, network: "x", voterCreatedAt: v.voterCreatedAt }),
    ).rejects.toThrow();
  });

  it("outside the window: 409 voting_not_open / voting_closed", async () => {
    setNow(NOMINATING);
    const award = await createRound();
    const [a] = await approvedCandidates(award.id, 1);
    const voter = await quickUser();
    for (const [at, code] of [
      [UPCOMING, "voting_not_open"],
      [NOMINATING, "voting_not_open"],
      [new Date(new Date(WINDOWS.votingOpensAt).getTime() - 1), "voting_not_open"],
      [new Date(WINDOWS.votingClosesAt), "voting_closed"],
      [CLOSED, "voting_closed"],
    ] as const) {
      setNow(at);
      const r = await vote(voter, award.id, a.id);
      expect([r.status, r.body.error.code], at.toISOString()).toEqual([409, code]);
    }
    setNow(new Date(WINDOWS.votingOpensAt));
    expect((await vote(voter, award.id, a.id)).status).toBe(201);
    expect(await s.app.db.select().from(awardVotes).where(eq(awardVotes.roundId, Number(award.id)))).toHaveLength(1);
  });

  it("only approved candidates of that round, never oneself: 409", async () => {
    setNow(NOMINATING);
    const award = await createRound();
    const other = await createRound();
    const [approved] = await approvedCandidates(award.id, 1);
    const [elsewhere] = await approvedCandidates(other.id, 1);
    const [pendingUser, declinedUser] = await Promise.all([quickUser(), quickUser()]);
    const pending = (await s.api(`/awards/${award.id}/nominations`, { token: citizen.token, body: { userId: pendingUser.id, reason: "x" } })).body.candidate.id;
    const declined = (await s.api(`/awards/${award.id}/nominations`, { token: citizen.token, body: { userId: declinedUser.id, reason: "x" } })).body.candidate.id;
    await s.api(`/awards/candidates/${declined}`, { method: "PATCH", token: moderator.token, body: { approved: false } });
    const self = await quickUser();
    const selfCandidate = (await s.api(`/awards/${award.id}/nominations`, { token: citizen.token, body: { userId: self.id, reason: "x" } })).body.candidate.id;
    await s.api(`/awards/candidates/${selfCandidate}`, { method: "PATCH", token: moderator.token, body: { approved: true } });
    setNow(VOTING);
    const voter = await quickUser();
    const code = async (u: TestUser, candidateId: string) => {
      const r = await vote(u, award.id, candidateId);
      return `${r.status} ${r.body?.error?.code ?? ""}`.trim();
    };
    expect(await code(voter, pending)).toBe("409 candidate_not_approved");
    expect(await code(voter, declined)).toBe("409 candidate_not_approved");
    expect(await code(voter, elsewhere.id)).toBe("409 candidate_not_in_round");
    expect(await code(voter, "999999")).toBe("409 candidate_not_in_round");
    expect(await code(self, selfCandidate)).toBe("409 cannot_vote_for_self");
    expect((await s.api(`/awards/${award.id}/votes`, { token: voter.token, body: { candidateId: "x" } })).status).toBe(400);
    expect((await s.api(`/awards/${award.id}/votes`, { body: { candidateId: approved.id } })).status).toBe(401);
    expect(await code(voter, approved.id)).toBe("201");
    // A candidate with valid votes cannot be declined.
    const r = await s.api(`/awards/candidates/${approved.id}`, { method: "PATCH", token: moderator.token, body: { approved: false } });
    expect([r.status, r.body.error.code]).toEqual([409, "candidate_has_votes"]);
  });

  it("ineligible voters get 403 with the reason: account too new, too few posts, disabled", async () => {
    setNow(NOMINATING);
    const young = await createRound({ minAccountAgeDays: 26 });
    const quiet = await createRound({ minPosts: 2 });
    const [a] = await approvedCandidates(young.id, 1);
    const [b] = await approvedCandidates(quiet.id, 1);
    const voter = await s.user();
    const [{ createdAt }] = await s.app.db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, Number(voter.id)));
    const age = (ms: number) => setNow(new Date(createdAt.getTime() + ms));
    age(26 * DAY - 1); // a millisecond short of 26 days
    let r = await vote(voter, young.id, a.id);
    expect([r.status, r.body.error.code]).toEqual([403, "account_too_new"]);
    expect(r.body.error.message).toMatch(/注册时间不足/);
    const en = await s.api(`/awards/${young.id}/votes`, { token: voter.token, body: { candidateId: a.id }, headers: { "Accept-Language": "en" } });
    expect(en.body.error.message).toBe("Your account is too new to vote in this round.");
    const standing = (await s.api(`/awards/${young.id}`, { token: voter.token })).body.me;
    expect(standing).toMatchObject({ eligible: false, reasons: ["account_too_new"], accountAgeDays: 25 });
    age(26 * DAY); // exactly 26 days: old enough
    expect((await vote(voter, young.id, a.id)).status).toBe(201);

    setNow(VOTING);
    r = await vote(voter, quiet.id, b.id);
    expect([r.status, r.body.error.code]).toEqual([403, "too_few_posts"]);
    const thread = (await s.api("/threads", { token: voter.token, body: { section: "forum", title: "建议", body: "正文" } })).body.thread.id;
    expect((await vote(voter, quiet.id, b.id)).body.error.code).toBe("too_few_posts"); // one post
    await s.api(`/threads/${thread}/posts`, { token: voter.token, body: { body: "补充" } });
    expect((await vote(voter, quiet.id, b.id)).status).toBe(201); // two posts

    // A disabled account: its sessions end (401), and the service refuses it anyway.
    const gone = await quickUser();
    await s.api(`/admin/users/${gone.id}`, { method: "PATCH", token: admin.token, body: { disabled: true } });
    expect((await vote(gone, quiet.id, b.id)).status).toBe(401);
    await expect(castVote(s.app, { id: Number(gone.id), username: gone.username, displayName: "x", role: "citizen" }, Number(young.id), { candidateId: a.id }, "127.0.0.1")).rejects.toMatchObject({
      status: 403,
      code: "account_disabled",
    });
  });

  it("records the voter's hashed network (/24) and account creation time, never the address", async () => {
    setNow(NOMINATING);
    const award = await createRound({ votesPerVoter: 3 });
    const cs = await approvedCandidates(award.id, 3);
    const voter = await quickUser();
    setNow(VOTING);
    await vote(voter, award.id, cs[0].id, "203.0.113.9");
    await vote(voter, award.id, cs[1].id, "203.0.113.77");
    await vote(voter, award.id, cs[2].id, "198.51.100.1");
    const rows = await s.app.db.select().from(awardVotes).where(eq(awardVotes.roundId, Number(award.id))).orderBy(awardVotes.id);
    const [u] = await s.app.db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, Number(voter.id)));
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113|198\.51\.100/);
    expect(rows.map((r) => r.network)).toEqual([rows[0].network, rows[0].network, expect.not.stringMatching(rows[0].network)]);
    for (const r of rows) {
      expect(r.network).toMatch(/^[0-9a-f]{32}$/);
      expect(r.voterCreatedAt.getTime()).toBe(u.createdAt.getTime());
      expect(r.createdAt.getTime()).toBe(VOTING.getTime());
    }
  });
});

describe("results", () => {
  it("hidden until close (403 results_hidden, no counts anywhere), then public to anyone", async () => {
    setNow(NOMINATING);
    const award = await createRound({ resultsVisibility: "after_close", winners: 1 });
    const [a, b] = await approvedCandidates(award.id, 2);
    const voters = await Promise.all([quickUser(), quickUser(), quickUser()]);
    setNow(VOTING);
    for (const v of voters) await vote(v, award.id, a.id);
    await vote(voters[0], award.id, b.id);
    for (const u of [undefined, citizen, admin]) {
      const r = await s.api(`/awards/${award.id}/results`, { token: u?.token });
      expect([r.status, r.body.error.code]).toEqual([403, "results_hidden"]);
    }
    const page = await s.api(`/awards/${award.id}`, { token: admin.token });
    expect(page.body.award.resultsPublic).toBe(false);
    expect(page.body.candidates.map((c: any) => c.votes)).toEqual([null, null]);
    setNow(CLOSED);
    const r = await s.api(`/awards/${award.id}/results`);
    expect(r.status).toBe(200);
    expect(r.body.final).toBe(true);
    expect(r.body.totalVotes).toBe(4);
    expect(r.body.tallies.map((x: any) => [x.candidateId, x.votes, x.rank, x.winner])).toEqual([
      [a.id, 3, 1, true],
      [b.id, 1, 2, false],
    ]);
  });

  it("a live round shows its tally during voting and sends award:tally to its room, coalesced", async () => {
    setNow(NOMINATING);
    const award = await createRound({ resultsVisibility: "live", votesPerVoter: 1 });
    const hidden = await createRound({ resultsVisibility: "after_close", votesPerVoter: 1 });
    const [a] = await approvedCandidates(award.id, 1);
    const [h] = await approvedCandidates(hidden.id, 1);
    const voters = await Promise.all(Array.from({ length: 20 }, () => quickUser()));
    setNow(VOTING);
    expect((await s.api(`/awards/${award.id}/results`)).status).toBe(200);

    const anon = await s.socket();
    expect(await emitAck(anon, "join", `award:${award.id}`)).toEqual({ ok: true });
    expect(await emitAck(anon, "join", `award:${hidden.id}`)).toEqual({ ok: true });
    expect((await emitAck<any>(anon, "join", "award:999999")).ok).toBe(false);
    const got: any[] = [];
    anon.on("award:tally", (p: any) => got.push({ ...p, at: Date.now() }));

    await vote(voters[0], hidden.id, h.id);
    await vote(voters[0], award.id, a.id);
    await new Promise((r) => setTimeout(r, TALLY_INTERVAL_MS * 2));
    expect(got.map((g) => g.awardId)).toEqual([award.id]); // nothing for the hidden round
    expect(got[0].tallies).toEqual([{ candidateId: a.id, votes: 1 }]);

    // A burst of 19 votes: a few messages, each with the latest counts, the last with all 20.
    got.length = 0;
    const started = Date.now();
    await Promise.all(voters.slice(1).map((v) => vote(v, award.id, a.id)));
    const elapsed = Date.now() - started;
    await new Promise((r) => setTimeout(r, TALLY_INTERVAL_MS * 3));
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(got.length).toBeLessThanOrEqual(Math.ceil((elapsed + TALLY_INTERVAL_MS * 3) / TALLY_INTERVAL_MS) + 1);
    expect(got.length).toBeLessThan(19);
    expect(got.at(-1).tallies).toEqual([{ candidateId: a.id, votes: 20 }]);
    for (let i = 1; i < got.length; i++) expect(got[i].at - got[i - 1].at).toBeGreaterThanOrEqual(TALLY_INTERVAL_MS - 60);
  });
});

describe("integrity and voiding", () => {
  it("finds bursts from new accounts and from one network, set-based; voiding with a reason adjusts counts in one go", async () => {
    setNow(NOMINATING);
    const award = await createRound({ votesPerVoter: 2 });
    const [target, other] = await approvedCandidates(award.id, 2);
    const burst = await Promise.all(Array.from({ length: 4 }, () => quickUser()));
    const lone = await quickUser();
    // The burst: four accounts (25 days old at voting) for one candidate within two minutes, from one /24.
    for (let i = 0; i < burst.length; i++) {
      setNow(new Date(VOTING.getTime() + i * 30_000));
      expect((await vote(burst[i], award.id, target.id, `203.0.113.${10 + i}`)).status).toBe(201);
    }
    // Far apart in time and from elsewhere: not a burst.
    setNow(new Date(VOTING.getTime() + 3 * 3_600_000));
    await vote(lone, award.id, target.id, "198.51.100.20");
    await vote(burst[0], award.id, other.id, "192.0.2.1");

    const view = (u: TestUser, q = "") => s.api(`/awards/${award.id}/integrity${q}`, { token: u.token });
    expect((await view(moderator)).status).toBe(403);
    expect((await view(citizen)).status).toBe(403);
    // Default "new" is younger than 7 days: these accounts are 25 days old, so only the network shows.
    let r = await view(admin);
    expect(r.status).toBe(200);
    expect(r.body.groups.map((g: any) => [g.kind, g.candidateId, g.votes.length])).toEqual([["network", target.id, 4]]);
    r = await view(admin, "?newAccountDays=30&windowMinutes=5&minBurst=3&minNetwork=5");
    expect(r.body.params).toEqual({ newAccountDays: 30, windowMinutes: 5, minBurst: 3, minNetwork: 5 });
    const groups = r.body.groups;
    expect(groups.map((g: any) => [g.kind, g.candidateId, g.votes.length])).toEqual([["new_accounts", target.id, 4]]);
    expect(groups[0].votes.map((v: any) => v.voter.id)).toEqual(burst.map((b) => b.id));
    expect(groups[0].votes[0]).toMatchObject({ network: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect([24, 25]).toContain(groups[0].votes[0].accountAgeDays); // made just after the suite started
    expect((await view(admin, "?minBurst=1")).status).toBe(400);

    // Void the whole group, with a reason.
    const ids = groups[0].votes.map((v: any) => v.id);
    const voidAs = (u: TestUser, body: unknown) => s.api(`/awards/${award.id}/votes/void`, { token: u.token, body });
    expect((await voidAs(moderator, { voteIds: ids, reason: "刷票" })).status).toBe(403);
    expect((await voidAs(admin, { voteIds: ids, reason: "" })).status).toBe(400);
    expect((await voidAs(admin, { voteIds: [], reason: "刷票" })).status).toBe(400);
    const done = await voidAs(admin, { voteIds: ids, reason: "新注册账号集中刷票" });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ voided: 4 });
    // Again: nothing more is voided; counts do not move twice.
    expect((await voidAs(admin, { voteIds: ids, reason: "again" })).body).toEqual({ voided: 0 });
    const [t] = await s.app.db.select({ votes: awardCandidates.votes }).from(awardCandidates).where(eq(awardCandidates.id, Number(target.id)));
    expect(t.votes).toBe(1);
    const [b0] = await s.app.db.select({ used: awardBallots.used }).from(awardBallots).where(and(eq(awardBallots.roundId, Number(award.id)), eq(awardBallots.voterId, Number(burst[0].id))));
    expect(b0.used).toBe(1); // the vote for the other candidate still counts
    await countersMatchRows(award.id);
    const voided = await s.app.db.select().from(awardVotes).where(and(eq(awardVotes.roundId, Number(award.id)), sql`${awardVotes.voidedAt} is not null`));
    expect(voided).toHaveLength(4);
    for (const v of voided) expect(v).toMatchObject({ voidedBy: Number(admin.id), voidReason: "新注册账号集中刷票", voidedAt: expect.any(Date) });

    r = await view(admin, "?newAccountDays=30&windowMinutes=5");
    expect(r.body.groups).toEqual([]);
    expect(r.body.voided.map((v: any) => [v.id, v.reason, v.voidedBy.id])).toEqual(expect.arrayContaining(ids.map((id: string) => [id, "新注册账号集中刷票", admin.id])));
    expect(r.body.totals).toEqual({ valid: 2, voided: 4 });
    const results = await s.api(`/awards/${award.id}/results`);
    expect(results.body.tallies.map((x: any) => [x.candidateId, x.votes])).toEqual([
      [target.id, 1],
      [other.id, 1],
    ]);

    // A single vote, voided on its own.
    const single = (await s.app.db.select({ id: awardVotes.id }).from(awardVotes).where(and(eq(awardVotes.voterId, Number(lone.id)), sql`${awardVotes.voidedAt} is null`)))[0].id;
    expect((await voidAs(admin, { voteIds: [String(single)], reason: "重复账号" })).body).toEqual({ voided: 1 });
    await countersMatchRows(award.id);
    // The voter's vote is given back: it may be cast again (a voided vote does not count).
    expect((await vote(lone, award.id, target.id)).status).toBe(201);
    await countersMatchRows(award.id);
  });

  it("voids a group while votes keep coming, without losing a count", async () => {
    setNow(NOMINATING);
    const award = await createRound({ votesPerVoter: 2 });
    const [a, b] = await approvedCandidates(award.id, 2);
    const voters = await Promise.all(Array.from({ length: 20 }, () => quickUser()));
    setNow(VOTING);
    await Promise.all(voters.map((v) => vote(v, award.id, a.id)));
    const ids = (await s.app.db.select({ id: awardVotes.id }).from(awardVotes).where(eq(awardVotes.roundId, Number(award.id)))).map((r) => String(r.id));
    const [voidResult, ...more] = await Promise.all([
      s.api(`/awards/${award.id}/votes/void`, { token: admin.token, body: { voteIds: ids.slice(0, 10), reason: "核查" } }),
      ...voters.map((v) => vote(v, award.id, b.id)),
    ]);
    expect(voidResult.body).toEqual({ voided: 10 });
    expect(more.every((r) => r.status === 201)).toBe(true);
    await countersMatchRows(award.id);
  });
});

describe("winners' badges", () => {
  it("published once after close by an administrator; the top `winners` (ties included) get one badge each, shown on the profile", async () => {
    setNow(NOMINATING);
    const award = await createRound({ winners: 2, votesPerVoter: 3 });
    const [first, second, third, fourth] = await approvedCandidates(award.id, 4);
    const voters = await Promise.all(Array.from({ length: 3 }, () => quickUser()));
    setNow(VOTING);
    // first: 3, second: 2, third: 2 (tied for 2nd), fourth: 0
    for (const v of voters) await vote(v, award.id, first.id);
    for (const v of voters.slice(0, 2)) await vote(v, award.id, second.id);
    for (const v of voters.slice(1, 3)) await vote(v, award.id, third.id);

    const publish = (u: TestUser) => s.api(`/awards/${award.id}/publish`, { token: u.token, body: {} });
    expect((await publish(admin)).body.error.code).toBe("award_round_not_closed");
    setNow(CLOSED);
    expect((await publish(moderator)).status).toBe(403);
    const [r1, r2] = await Promise.all([publish(admin), publish(admin)]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const ok = r1.status === 200 ? r1 : r2;
    expect(ok.body.award.awardedAt).toEqual(expect.any(String));
    expect(ok.body.tallies.filter((x: any) => x.winner).map((x: any) => x.candidateId)).toEqual([first.id, second.id, third.id]);
    expect((await publish(admin)).body.error.code).toBe("award_already_published");

    const badges = await s.app.db.select().from(userBadges).where(eq(userBadges.roundId, Number(award.id)));
    expect(badges.map((b) => String(b.userId)).sort()).toEqual([first.userId, second.userId, third.userId].sort());
    expect(badges.every((b) => b.kind === "most_helpful_netizen")).toBe(true);
    // The unique index (user, kind, round) stands behind "once".
    await expect(s.app.db.insert(userBadges).values({ userId: badges[0].userId, kind: badges[0].kind, roundId: badges[0].roundId, label: "x" })).rejects.toThrow();
    expect(await s.app.db.select().from(userBadges).where(eq(userBadges.roundId, Number(award.id)))).toHaveLength(3);

    // Votes can no longer be voided.
    const anyVote = (await s.app.db.select({ id: awardVotes.id }).from(awardVotes).where(eq(awardVotes.roundId, Number(award.id))))[0].id;
    const v = await s.api(`/awards/${award.id}/votes/void`, { token: admin.token, body: { voteIds: [String(anyVote)], reason: "x" } });
    expect([v.status, v.body.error.code]).toEqual([409, "award_results_published"]);

    // The badge is on the winner's profile page; the loser's profile has none.
    const [winner] = await s.app.db.select({ username: users.username }).from(users).where(eq(users.id, Number(first.userId)));
    const [loser] = await s.app.db.select({ username: users.username }).from(users).where(eq(users.id, Number(fourth.userId)));
    const html = await (await fetch(`${s.url}/u/${winner.username}`)).text();
    expect(html).toContain('data-testid="profile-badges"');
    expect(html).toContain(`${YEAR}年度最给力网友`);
    expect(await (await fetch(`${s.url}/u/${loser.username}`)).text()).not.toContain('data-testid="profile-badges"');
    // And the winners heard about it.
    const [w] = await s.app.db.select({ id: users.id }).from(users).where(eq(users.id, Number(first.userId)));
    const notes: any = await s.app.db.execute(sql`select kind from notifications where user_id = ${w.id}`);
    expect((notes.rows ?? notes).map((n: any) => n.kind)).toEqual(["award_won"]);
  });
});

describe("pages", () => {
  it("render the list, a round, its results and (for admins) its integrity view", async () => {
    setNow(NOMINATING);
    const award = await createRound();
    setNow(VOTING);
    const page = async (path: string, token?: string) => {
      const res = await fetch(`${s.url}${path}`, { headers: token ? { Cookie: `session=${token}` } : {} });
      return { status: res.status, html: await res.text() };
    };
    expect((await page("/awards")).html).toContain(`/awards/${award.id}`);
    const round = await page(`/awards/${award.id}`, citizen.token);
    expect(round.status).toBe(200);
    expect(round.html).toContain("谁可以投票");
    expect((await page(`/awards/${award.id}/results`)).status).toBe(200);
    expect((await page(`/awards/${award.id}/integrity`, citizen.token)).status).toBe(403);
    expect((await page(`/awards/${award.id}/integrity`, admin.token)).status).toBe(200);
    expect((await page("/awards/new", citizen.token)).status).toBe(403);
    expect((await page("/awards/new", admin.token)).status).toBe(200);
    expect((await page("/awards/999999")).status).toBe(404);
  });
});
