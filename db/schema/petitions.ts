// The Public Servant Mailbox: cases (petitions), their assignments to mailboxes (一信多转),
// the append-only timeline (有案可查) and co-signatures from the forum.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { mailboxes } from "./mailboxes";
import { threads } from "./forum";
import { liveQuestions } from "./live";
import type { PetitionStatus, Channel, Satisfaction, AssignmentStatus } from "../../app/domain/petitions/workflow";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

export const petitions = pgTable(
  "petitions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    trackingNo: text("tracking_no").notNull(),
    // SHA-256 of the query code; the code itself is shown once and never stored.
    queryCodeHash: text("query_code_hash").notNull(),
    mailboxId: bigint("mailbox_id", { mode: "number" })
      .notNull()
      .references(() => mailboxes.id),
    petitionerId: bigint("petitioner_id", { mode: "number" }).references(() => users.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    category: text("category").notNull(),
    channel: text("channel").$type<Channel>().notNull(),
    status: text("status").$type<PetitionStatus>().notNull().default("submitted"),
    public: boolean("public").notNull().default(false),
    // Contact details: seen only by the petitioner, the involved mailboxes' members and admins.
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    contactAddress: text("contact_address"),
    // One petition per thread: the database refuses a second conversion.
    threadId: bigint("thread_id", { mode: "number" }).references(() => threads.id),
    // The client's idempotency key (Idempotency-Key header, or the form's hidden field): a retried
    // or re-posted letter finds the case it already created instead of filing a second one.
    intakeKey: text("intake_key"),
    // One petition per unanswered live question (officials online, channel "live").
    liveQuestionId: bigint("live_question_id", { mode: "number" }).references((): AnyPgColumn => liveQuestions.id),
    // The deadline that currently drives the warning light and when it turns yellow; kept by
    // the workflow on every action so that lists can sort and filter by light in SQL.
    dueAt: ts("due_at"),
    warnAt: ts("warn_at"),
    // Set once nothing is open any more: the light is evaluated at this instant, not now.
    lightAt: ts("light_at"),
    // The warn/due instants the deadline notices were last sent for: a new deadline (accepted,
    // reviewing) differs from them, so it is announced again (server/scheduler.ts).
    noticedWarnAt: ts("noticed_warn_at"),
    noticedDueAt: ts("noticed_due_at"),
    acceptedAt: ts("accepted_at"),
    repliedAt: ts("replied_at"),
    closedAt: ts("closed_at"),
    extendedDays: integer("extended_days"),
    satisfaction: text("satisfaction").$type<Satisfaction>(),
    ratedAt: ts("rated_at"),
    reviewRequestedAt: ts("review_requested_at"),
    proposedOpinion: text("proposed_opinion"),
    instruction: text("instruction"),
    // An open supervision (督办) waiting for the department's feedback.
    supervisionMailboxId: bigint("supervision_mailbox_id", { mode: "number" }).references(() => mailboxes.id),
    supervisedAt: ts("supervised_at"),
    supervisedCount: integer("supervised_count").notNull().default(0),
    cosignCount: integer("cosign_count").notNull().default(0),
    // Timeline entries so far; the next entry is seq + 1 (unique per petition: no forks).
    seq: integer("seq").notNull().default(0),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("petitions_tracking_no_idx").on(t.trackingNo),
    uniqueIndex("petitions_thread_idx").on(t.threadId),
    uniqueIndex("petitions_live_question_idx").on(t.liveQuestionId),
    uniqueIndex("petitions_intake_key_idx").on(t.petitionerId, t.intakeKey),
    index("petitions_mailbox_created_idx").on(t.mailboxId, t.createdAt),
    index("petitions_petitioner_idx").on(t.petitionerId, t.id.desc()),
    // Open work (not closed or rejected, and not a replied case with nothing left open) by
    // deadline and by the moment it turns yellow: the supervision board and the admins' desk.
    index("petitions_open_due_idx")
      .on(t.dueAt, t.id)
      .where(sql`${t.status} not in ('closed', 'rejected') and ${t.lightAt} is null`),
    index("petitions_open_warn_idx")
      .on(t.warnAt, t.id)
      .where(sql`${t.status} not in ('closed', 'rejected') and ${t.lightAt} is null`),
    // Submitted / accepted / reviewing cases per addressed mailbox, for the officials' inbox.
    index("petitions_mailbox_open_idx")
      .on(t.mailboxId, t.dueAt, t.id)
      .where(sql`${t.status} in ('submitted', 'accepted')`),
    index("petitions_public_idx").on(t.id.desc()).where(sql`${t.public} and ${t.status} not in ('submitted', 'rejected')`),
    index("petitions_created_idx").on(t.createdAt),
    // The officials' inbox (queries.ts listCases) finds cases under review without a full scan.
    index("petitions_reviewing_idx").on(t.id).where(sql`${t.status} = 'reviewing'`),
    // Assessment (app/.server/petitions/assessment.ts): ratings in a date range, with their verdict.
    index("petitions_rated_idx").on(t.ratedAt, t.satisfaction).where(sql`${t.ratedAt} is not null`),
    check("petitions_extension_max", sql`${t.extendedDays} is null or ${t.extendedDays} between 1 and 30`),
  ],
);

export const petitionAssignments = pgTable(
  "petition_assignments",
  {
    petitionId: bigint("petition_id", { mode: "number" })
      .notNull()
      .references(() => petitions.id),
    mailboxId: bigint("mailbox_id", { mode: "number" })
      .notNull()
      .references(() => mailboxes.id),
    lead: boolean("lead").notNull(),
    status: text("status").$type<AssignmentStatus>().notNull().default("open"),
    assignedAt: ts("assigned_at").notNull(),
    dueAt: ts("due_at").notNull(),
    warnAt: ts("warn_at").notNull(),
    repliedAt: ts("replied_at"),
    replyBody: text("reply_body"),
    replyHtml: text("reply_html"),
    repliedBy: bigint("replied_by", { mode: "number" }).references(() => users.id),
    // As on petitions: the deadline notices sent for this assignment's current warn/due instants.
    noticedWarnAt: ts("noticed_warn_at"),
    noticedDueAt: ts("noticed_due_at"),
  },
  (t) => [
    primaryKey({ columns: [t.petitionId, t.mailboxId] }),
    uniqueIndex("petition_assignments_one_lead_idx").on(t.petitionId).where(sql`${t.lead}`),
    // Assessment: assignments of a mailbox in a period.
    index("petition_assignments_mailbox_assigned_idx").on(t.mailboxId, t.assignedAt),
    // The officials' inbox (queries.ts listCases): a mailbox's open work with both deadlines, read
    // index-only.
    index("petition_assignments_open_work_idx").on(t.mailboxId, t.dueAt, t.petitionId, t.warnAt).where(sql`${t.status} = 'open'`),
    // Assessment over a date range, every mailbox at once (index-only): assignments made, replies
    // given, deadlines falling due.
    index("petition_assignments_assigned_idx").on(t.assignedAt, t.mailboxId),
    index("petition_assignments_replied_idx").on(t.repliedAt, t.mailboxId, t.dueAt, t.assignedAt).where(sql`${t.repliedAt} is not null`),
    index("petition_assignments_due_idx").on(t.dueAt, t.mailboxId, t.repliedAt),
  ],
);

/**
 * 有案可查: one row per step. A trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE,
 * so the record cannot be rewritten even by the application.
 */
export const petitionEvents = pgTable(
  "petition_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    petitionId: bigint("petition_id", { mode: "number" })
      .notNull()
      .references(() => petitions.id),
    seq: integer("seq").notNull(),
    action: text("action").notNull(),
    actorId: bigint("actor_id", { mode: "number" }).references(() => users.id),
    // The actor's role in this step: petitioner, handler, leader, admin, system.
    actorRole: text("actor_role").notNull(),
    mailboxId: bigint("mailbox_id", { mode: "number" }).references(() => mailboxes.id),
    note: text("note"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("petition_events_seq_idx").on(t.petitionId, t.seq),
    index("petition_events_supervise_idx").on(t.mailboxId, t.at).where(sql`${t.action} = 'supervise'`),
  ],
);

export const petitionCosigns = pgTable(
  "petition_cosigns",
  {
    petitionId: bigint("petition_id", { mode: "number" })
      .notNull()
      .references(() => petitions.id),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.petitionId, t.userId] })],
);
