// The yearly "ten practical things" (十件实事): commitments with an owner mailbox, a budget,
// milestones, a progress history, the threads and petitions that motivated them, followers.
// Citizens' comments live in a forum thread of the commitment's own (threadId), so they get
// the forum's moderation, reactions and live updates for free.
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { mailboxes } from "./mailboxes";
import { threads } from "./forum";
import { petitions } from "./petitions";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

/** proposed (e.g. from an emerging topic) → adopted → done; or dropped. */
export const commitmentStatuses = ["proposed", "adopted", "done", "dropped"] as const;
export type CommitmentStatus = (typeof commitmentStatuses)[number];

export const commitments = pgTable(
  "commitments",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    year: integer("year").notNull(),
    // Its place in the year's list (1–10 for adopted ones); null while proposed.
    ordinal: integer("ordinal"),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    summaryHtml: text("summary_html").notNull().default(""),
    status: text("status").$type<CommitmentStatus>().notNull().default("proposed"),
    ownerMailboxId: bigint("owner_mailbox_id", { mode: "number" })
      .notNull()
      .references(() => mailboxes.id),
    // Budget in yuan (whole yuan; budgets are published that way).
    budgetYuan: bigint("budget_yuan", { mode: "number" }),
    // Latest progress, 0–100; the history is in commitment_progress.
    progress: integer("progress").notNull().default(0),
    // The discussion thread in the forum (created with the commitment).
    threadId: bigint("thread_id", { mode: "number" }).references(() => threads.id),
    followers: integer("followers").notNull().default(0),
    createdBy: bigint("created_by", { mode: "number" })
      .notNull()
      .references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("commitments_year_idx").on(t.year.desc(), t.ordinal, t.id),
    uniqueIndex("commitments_year_ordinal_idx").on(t.year, t.ordinal).where(sql`${t.ordinal} is not null`),
    uniqueIndex("commitments_thread_idx").on(t.threadId),
    check("commitments_progress_range", sql`${t.progress} between 0 and 100`),
    check("commitments_budget_nonnegative", sql`${t.budgetYuan} is null or ${t.budgetYuan} >= 0`),
    check("commitments_followers_nonnegative", sql`${t.followers} >= 0`),
    // The year's list holds ten places; only adopted (and done) commitments hold one.
    check("commitments_ordinal_range", sql`${t.ordinal} is null or ${t.ordinal} between 1 and 10`),
    check("commitments_ordinal_status", sql`(${t.ordinal} is not null) = (${t.status} in ('adopted', 'done'))`),
    check("commitments_status_known", sql`${t.status} in ('proposed', 'adopted', 'done', 'dropped')`),
  ],
);

export const commitmentMilestones = pgTable(
  "commitment_milestones",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    commitmentId: bigint("commitment_id", { mode: "number" })
      .notNull()
      .references(() => commitments.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    dueOn: ts("due_on"),
    doneAt: ts("done_at"),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("commitment_milestones_idx").on(t.commitmentId, t.position, t.id)],
);

/** Every progress change, with who made it and a note: the published history. */
export const commitmentProgress = pgTable(
  "commitment_progress",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    commitmentId: bigint("commitment_id", { mode: "number" })
      .notNull()
      .references(() => commitments.id, { onDelete: "cascade" }),
    progress: integer("progress").notNull(),
    note: text("note").notNull().default(""),
    noteHtml: text("note_html").notNull().default(""),
    authorId: bigint("author_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("commitment_progress_idx").on(t.commitmentId, t.createdAt.desc(), t.id.desc()),
    check("commitment_progress_range", sql`${t.progress} between 0 and 100`),
  ],
);

/** The threads and petitions that motivated a commitment. Exactly one of the two is set. */
export const commitmentLinks = pgTable(
  "commitment_links",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    commitmentId: bigint("commitment_id", { mode: "number" })
      .notNull()
      .references(() => commitments.id, { onDelete: "cascade" }),
    threadId: bigint("thread_id", { mode: "number" }).references(() => threads.id),
    petitionId: bigint("petition_id", { mode: "number" }).references(() => petitions.id),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("commitment_links_thread_idx").on(t.commitmentId, t.threadId).where(sql`${t.threadId} is not null`),
    uniqueIndex("commitment_links_petition_idx").on(t.commitmentId, t.petitionId).where(sql`${t.petitionId} is not null`),
    check("commitment_links_one_target", sql`(${t.threadId} is null) <> (${t.petitionId} is null)`),
  ],
);

/** One follow per person and commitment, enforced by the key. */
export const commitmentFollows = pgTable(
  "commitment_follows",
  {
    commitmentId: bigint("commitment_id", { mode: "number" })
      .notNull()
      .references(() => commitments.id, { onDelete: "cascade" }),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commitmentId, t.userId] }), index("commitment_follows_user_idx").on(t.userId)],
);
