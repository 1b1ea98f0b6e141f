// Assessment (考核): per mailbox and Shanghai calendar month, the counts behind every figure of
// GET /stats/assessment, kept by triggers (migration 0005_assessment_rollup) in the same
// transaction as the change they count, so a year's assessment sums ~12 rows per mailbox
// instead of scanning some 600,000 index entries. The definitions are in
// app/.server/petitions/assessment.ts; `assessment_rollup_rebuild()` recomputes the table from
// the cases (after a bulk load with triggers off, or to check it).
import { bigint, date, doublePrecision, integer, pgTable, primaryKey } from "drizzle-orm/pg-core";

export const assessmentMonthly = pgTable(
  "assessment_monthly",
  {
    /** First day of the month (Asia/Shanghai). */
    month: date("month", { mode: "string" }).notNull(),
    // No foreign key: a retired mailbox keeps its history, and the triggers stay cheap.
    mailboxId: bigint("mailbox_id", { mode: "number" }).notNull(),
    /** Cases addressed to the mailbox created this month … */
    addressed: integer("addressed").notNull().default(0),
    /** … of which accepted (at any time). */
    accepted: integer("accepted").notNull().default(0),
    /** Assignments made this month of cases addressed to another mailbox. */
    assigned: integer("assigned").notNull().default(0),
    /** Replies given this month, those by the due date, and the sum of their handling times. */
    replied: integer("replied").notNull().default(0),
    repliedOnTime: integer("replied_on_time").notNull().default(0),
    replySeconds: doublePrecision("reply_seconds").notNull().default(0),
    /** Assignments due this month, and of those the ones replied by the due date. */
    due: integer("due").notNull().default(0),
    dueMet: integer("due_met").notNull().default(0),
    /** Supervision steps aimed at the mailbox this month. */
    supervised: integer("supervised").notNull().default(0),
    /** Ratings given this month of cases the mailbox led, and the satisfied or basic ones. */
    rated: integer("rated").notNull().default(0),
    ratedGood: integer("rated_good").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.mailboxId] })],
);
