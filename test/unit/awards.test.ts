// The award's pure rules with an injected time: the round's state at its boundaries, who may
// vote, the ranking and its ties, the voter's network prefix, and the form schemas.
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  accountAgeDays,
  eligibility,
  networkPrefix,
  parseShanghaiLocal,
  rankTallies,
  resultsArePublic,
  roundState,
  toShanghaiLocal,
  yearRange,
} from "../../app/domain/awards/rules";
import {
  awardCreateSchema,
  candidateReviewSchema,
  integrityParamsSchema,
  nominationSchema,
  voidSchema,
  voteSchema,
} from "../../app/domain/awards/schemas";
import { safeParse } from "../../app/domain/validation";

const at = (iso: string) => new Date(iso);
const round = {
  nominationOpensAt: at("2026-12-01T00:00:00Z"),
  votingOpensAt: at("2026-12-15T00:00:00Z"),
  votingClosesAt: at("2026-12-31T00:00:00Z"),
};
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

describe("round state, derived from the times", () => {
  it("moves upcoming → nominating → voting → closed; each boundary belongs to the later state", () => {
    expect(roundState(round, ms(round.nominationOpensAt, -1))).toBe("upcoming");
    expect(roundState(round, round.nominationOpensAt)).toBe("nominating");
    expect(roundState(round, ms(round.votingOpensAt, -1))).toBe("nominating");
    expect(roundState(round, round.votingOpensAt)).toBe("voting");
    expect(roundState(round, ms(round.votingClosesAt, -1))).toBe("voting");
    expect(roundState(round, round.votingClosesAt)).toBe("closed");
    expect(roundState(round, ms(round.votingClosesAt, 365 * DAY_MS))).toBe("closed");
  });

  it("accepts ISO strings and skips nominating when nominations open with voting", () => {
    const r = { nominationOpensAt: "2026-12-15T00:00:00Z", votingOpensAt: "2026-12-15T00:00:00Z", votingClosesAt: "2026-12-16T00:00:00Z" };
    expect(roundState(r, at("2026-12-14T23:59:59.999Z"))).toBe("upcoming");
    expect(roundState(r, at("2026-12-15T00:00:00Z"))).toBe("voting");
  });

  it("shows results live only for live rounds, and for every round once closed", () => {
    expect(resultsArePublic("live", "voting")).toBe(true);
    expect(resultsArePublic("live", "nominating")).toBe(true);
    expect(resultsArePublic("after_close", "voting")).toBe(false);
    expect(resultsArePublic("after_close", "nominating")).toBe(false);
    expect(resultsArePublic("after_close", "closed")).toBe(true);
  });
});

describe("eligibility", () => {
  const rules = { minAccountAgeDays: 30, minPosts: 5 };
  const now = at("2026-12-20T08:00:00Z");
  const created = (days: number, extraMs = 0) => new Date(now.getTime() - days * DAY_MS - extraMs);

  it("an account exactly the minimum age qualifies; a millisecond younger does not", () => {
    expect(eligibility({ createdAt: created(30), disabled: false, posts: 5 }, rules, now)).toEqual({ eligible: true, reasons: [], accountAgeDays: 30 });
    const young = eligibility({ createdAt: created(30, -1), disabled: false, posts: 5 }, rules, now);
    expect(young.eligible).toBe(false);
    expect(young.reasons).toEqual(["account_too_new"]);
    expect(young.accountAgeDays).toBe(29);
  });

  it("needs the minimum number of posts", () => {
    expect(eligibility({ createdAt: created(60), disabled: false, posts: 4 }, rules, now).reasons).toEqual(["too_few_posts"]);
    expect(eligibility({ createdAt: created(60), disabled: false, posts: 5 }, rules, now).eligible).toBe(true);
  });

  it("lists every reason, the most serious first; a disabled account never votes", () => {
    expect(eligibility({ createdAt: created(1), disabled: true, posts: 0 }, rules, now).reasons).toEqual([
      "account_disabled",
      "account_too_new",
      "too_few_posts",
    ]);
    expect(eligibility({ createdAt: created(900), disabled: true, posts: 900 }, { minAccountAgeDays: 0, minPosts: 0 }, now).eligible).toBe(false);
  });

  it("with no requirements a brand-new account votes", () => {
    expect(eligibility({ createdAt: now, disabled: false, posts: 0 }, { minAccountAgeDays: 0, minPosts: 0 }, now).eligible).toBe(true);
  });

  it("counts whole days and never a negative age", () => {
    expect(accountAgeDays(created(3, 5000), now)).toBe(3);
    expect(accountAgeDays(new Date(now.getTime() + DAY_MS), now)).toBe(0);
  });
});

describe("ranking", () => {
  it("ranks by votes with shared ranks (1, 2, 2, 4) and the earlier candidate first on ties", () => {
    const r = rankTallies(
      [
        { candidateId: "4", votes: 5 },
        { candidateId: "2", votes: 8 },
        { candidateId: "9", votes: 10 },
        { candidateId: "3", votes: 8 },
      ],
      2,
    );
    expect(r.map((x) => [x.candidateId, x.rank, x.winner])).toEqual([
      ["9", 1, true],
      ["2", 2, true],
      ["3", 2, true], // tied for the last winning place: wins too
      ["4", 4, false],
    ]);
  });

  it("never names a candidate without votes a winner", () => {
    const r = rankTallies([{ candidateId: "1", votes: 0 }, { candidateId: "2", votes: 0 }], 3);
    expect(r.every((x) => !x.winner && x.rank === 1)).toBe(true);
  });
});

describe("the voter's network", () => {
  it("keeps the IPv4 /24 and the IPv6 /48", () => {
    expect(networkPrefix("203.0.113.9")).toBe("v4:203.0.113.0/24");
    expect(networkPrefix("203.0.113.250")).toBe(networkPrefix("203.0.113.9"));
    expect(networkPrefix("203.0.114.9")).not.toBe(networkPrefix("203.0.113.9"));
    expect(networkPrefix("::ffff:203.0.113.77")).toBe("v4:203.0.113.0/24");
    expect(networkPrefix("2001:db8:abcd:12::1")).toBe("v6:2001:db8:abcd::/48");
    expect(networkPrefix("2001:0DB8:ABCD:ffff:0:0:0:1")).toBe("v6:2001:db8:abcd::/48");
    expect(networkPrefix("2001:db8::1")).toBe("v6:2001:db8:0::/48");
    expect(networkPrefix("fe80::1%eth0")).toBe("v6:fe80:0:0::/48");
    expect(networkPrefix("::1")).toBe("v6:0:0:0::/48");
  });

  it("keeps anything unparseable apart", () => {
    expect(networkPrefix("unknown")).toBe("other:unknown");
    expect(networkPrefix("300.1.1.1")).toBe("other:300.1.1.1");
  });
});

describe("times", () => {
  it("reads datetime-local values as Shanghai time and ISO values as given", () => {
    expect(parseShanghaiLocal("2026-12-01T09:00")?.toISOString()).toBe("2026-12-01T01:00:00.000Z");
    expect(parseShanghaiLocal("2026-12-01T09:00:00Z")?.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(parseShanghaiLocal("tomorrow")).toBeNull();
    expect(toShanghaiLocal(new Date("2026-12-01T01:00:00Z"))).toBe("2026-12-01T09:00");
  });

  it("takes the year in Shanghai time", () => {
    const { from, to } = yearRange(2026);
    expect(from.toISOString()).toBe("2025-12-31T16:00:00.000Z");
    expect(to.toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });
});

describe("schemas", () => {
  const valid = {
    title: " 2026年度最给力网友评选 ",
    year: "2026",
    nominationOpensAt: "2026-12-01T09:00",
    votingOpensAt: "2026-12-15T09:00",
    votingClosesAt: "2026-12-31T09:00",
    votesPerVoter: "3",
    resultsVisibility: "live",
  };

  it("accepts a form's strings and fills the defaults", () => {
    const r = safeParse(awardCreateSchema, { ...valid, minAccountAgeDays: "", minPosts: "" });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.data).toMatchObject({ title: "2026年度最给力网友评选", year: 2026, votesPerVoter: 3, minAccountAgeDays: 0, minPosts: 0, winners: 3, description: "" });
      expect(r.data.nominationOpensAt.toISOString()).toBe("2026-12-01T01:00:00.000Z");
    }
    expect(safeParse(awardCreateSchema, { ...valid, votesPerVoter: 20, year: 2026 }).ok).toBe(true);
  });

  it("bounds votes per voter to 1–20 and the other numbers", () => {
    for (const [field, value, key] of [
      ["votesPerVoter", "0", "validation.award_votes_per_voter"],
      ["votesPerVoter", "21", "validation.award_votes_per_voter"],
      ["votesPerVoter", "2.5", "validation.award_votes_per_voter"],
      ["votesPerVoter", "", "validation.required"],
      ["winners", "0", "validation.award_winners"],
      ["minAccountAgeDays", "-1", "validation.award_min_age"],
      ["minPosts", "x", "validation.award_min_posts"],
      ["year", "1999", "validation.award_year"],
      ["resultsVisibility", "sometimes", "validation.invalid_choice"],
      ["nominationOpensAt", "soon", "validation.invalid_date"],
    ] as const) {
      const r = safeParse(awardCreateSchema, { ...valid, [field]: value });
      expect(r.ok, `${field}=${value}`).toBe(false);
      if (!r.ok) expect(r.fields[field]?.key, field).toBe(key);
    }
  });

  it("keeps the windows in order, as the database's CHECK does", () => {
    const early = safeParse(awardCreateSchema, { ...valid, votingOpensAt: "2026-11-30T09:00" });
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.fields.votingOpensAt.key).toBe("validation.award_voting_before_nominations");
    const same = safeParse(awardCreateSchema, { ...valid, votingClosesAt: valid.votingOpensAt });
    expect(same.ok).toBe(false);
    if (!same.ok) expect(same.fields.votingClosesAt.key).toBe("validation.award_close_before_open");
    // Nominations may open when voting opens.
    expect(safeParse(awardCreateSchema, { ...valid, nominationOpensAt: valid.votingOpensAt }).ok).toBe(true);
  });

  it("names the nominee by id or username, with a reason", () => {
    expect(safeParse(nominationSchema, { userId: "12", reason: "热心" })).toMatchObject({ ok: true, data: { userId: 12 } });
    expect(safeParse(nominationSchema, { username: "zhang_wei", reason: "热心" })).toMatchObject({ ok: true, data: { username: "zhang_wei" } });
    const none = safeParse(nominationSchema, { reason: "热心" });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.fields.userId.key).toBe("validation.required");
    const blank = safeParse(nominationSchema, { username: " ", reason: " " });
    expect(blank.ok).toBe(false);
    if (!blank.ok) expect(Object.keys(blank.fields).sort()).toEqual(["reason", "username"]);
    expect(safeParse(nominationSchema, { userId: "12", reason: "x".repeat(1001) }).ok).toBe(false);
  });

  it("parses votes, reviews, voids and the integrity filters", () => {
    expect(safeParse(voteSchema, { candidateId: 7 })).toEqual({ ok: true, data: { candidateId: 7 } });
    expect(safeParse(voteSchema, { candidateId: "abc" }).ok).toBe(false);
    expect(safeParse(candidateReviewSchema, { approved: "false" })).toEqual({ ok: true, data: { approved: false } });
    expect(safeParse(voidSchema, { voteIds: ["1", 2], reason: "刷票" })).toEqual({ ok: true, data: { voteIds: [1, 2], reason: "刷票" } });
    expect(safeParse(voidSchema, { voteIds: "3,4", reason: "刷票" })).toEqual({ ok: true, data: { voteIds: [3, 4], reason: "刷票" } });
    expect(safeParse(voidSchema, { voteIds: "5", reason: "刷票" })).toEqual({ ok: true, data: { voteIds: [5], reason: "刷票" } });
    expect(safeParse(voidSchema, { voteIds: [], reason: "刷票" }).ok).toBe(false);
    expect(safeParse(voidSchema, { voteIds: [1], reason: "" }).ok).toBe(false);
    expect(safeParse(integrityParamsSchema, {})).toEqual({ ok: true, data: { newAccountDays: 7, windowMinutes: 10, minBurst: 3, minNetwork: 3 } });
    expect(safeParse(integrityParamsSchema, { minBurst: "1" }).ok).toBe(false);
  });
});
