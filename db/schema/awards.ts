// The most helpful netizen (最给力网友): yearly rounds, candidates from nominations and from
// helpfulness data, approved by moderators, voted for by eligible accounts.
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

export type ResultsVisibility = "live" | "after_close";

export const awardRounds = pgTable(
  "award_rounds",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    title: text("title").notNull(),
    year: integer("year").notNull(),
    description: text("description").notNull().default(""),
    nominationOpensAt: ts("nomination_opens_at").notNull(),
    votingOpensAt: ts("voting_opens_at").notNull(),
    votingClosesAt: ts("voting_closes_at").notNull(),
    votesPerVoter: integer("votes_per_voter").notNull(),
    minAccountAgeDays: integer("min_account_age_days").notNull().default(0),
    minPosts: integer("min_posts").notNull().default(0),
    resultsVisibility: text("results_visibility").$type<ResultsVisibility>().notNull(),
    // How many winners get the badge when results are published.
    winners: integer("winners").notNull().default(3),
    // When the winners' badges were awarded (after close).
    awardedAt: ts("awarded_at"),
    createdBy: bigint("created_by", { mode: "number" })
      .notNull()
      .references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("award_rounds_year_idx").on(t.year.desc(), t.id.desc()),
    check("award_rounds_windows", sql`${t.nominationOpensAt} <= ${t.votingOpensAt} and ${t.votingOpensAt} < ${t.votingClosesAt}`),
    check("award_rounds_votes", sql`${t.votesPerVoter} between 1 and 20`),
  ],
);

export const awardCandidates = pgTable(
  "award_candidates",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    roundId: bigint("round_id", { mode: "number" })
      .notNull()
      .references(() => awardRounds.id),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    // "nomination" (with a reason from whoever nominated) or "suggested" (from helpfulness data).
    source: text("source").$type<"nomination" | "suggested">().notNull(),
    reason: text("reason").notNull().default(""),
    nominatedBy: bigint("nominated_by", { mode: "number" }).references(() => users.id),
    // null: waiting for a moderator; true / false: approved / declined.
    approved: boolean("approved"),
    reviewedBy: bigint("reviewed_by", { mode: "number" }).references(() => users.id),
    // Valid (not voided) votes, kept by the statements that add or void votes.
    votes: integer("votes").notNull().default(0),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("award_candidates_one_idx").on(t.roundId, t.userId), index("award_candidates_tally_idx").on(t.roundId, t.votes.desc())],
);

/**
 * A voter's ballot in a round: `used` counts valid votes and can never pass `allowed` (a copy of
 * the round's votes per voter): one account, the set number of votes, enforced by a constraint.
 */
export const awardBallots = pgTable(
  "award_ballots",
  {
    roundId: bigint("round_id", { mode: "number" })
      .notNull()
      .references(() => awardRounds.id),
    voterId: bigint("voter_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    allowed: integer("allowed").notNull(),
    used: integer("used").notNull().default(0),
  },
  (t) => [uniqueIndex("award_ballots_pk").on(t.roundId, t.voterId), check("award_ballots_limit", sql`${t.used} between 0 and ${t.allowed}`)],
);

export const awardVotes = pgTable(
  "award_votes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    roundId: bigint("round_id", { mode: "number" })
      .notNull()
      .references(() => awardRounds.id),
    voterId: bigint("voter_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    candidateId: bigint("candidate_id", { mode: "number" })
      .notNull()
      .references(() => awardCandidates.id),
    // For the integrity view: the voter's network (IPv4 /24 or IPv6 /48, hashed) and account age.
    network: text("network").notNull(),
    voterCreatedAt: ts("voter_created_at").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    voidedAt: ts("voided_at"),
    voidedBy: bigint("voided_by", { mode: "number" }).references(() => users.id),
    voidReason: text("void_reason"),
  },
  (t) => [
    // The same candidate twice: refused (a voided vote does not count).
    uniqueIndex("award_votes_once_idx").on(t.roundId, t.voterId, t.candidateId).where(sql`${t.voidedAt} is null`),
    index("award_votes_candidate_idx").on(t.candidateId, t.createdAt),
  ],
);

/** Badges on profiles (the award's winners). */
export const userBadges = pgTable(
  "user_badges",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    roundId: bigint("round_id", { mode: "number" }).references(() => awardRounds.id),
    label: text("label").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("user_badges_once_idx").on(t.userId, t.kind, t.roundId), index("user_badges_user_idx").on(t.userId)],
);
