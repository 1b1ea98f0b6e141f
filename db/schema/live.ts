// Officials online (公仆在线): scheduled question-and-answer sessions hosted by officials.
// A session's state (scheduled / live / ended) is derived from its times when read.

import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { mailboxes } from "./mailboxes";
import { threads } from "./forum";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

export const liveQuestionStatuses = ["pending", "approved", "hidden"] as const;
export type LiveQuestionStatus = (typeof liveQuestionStatuses)[number];

export const liveSessions = pgTable(
  "live_sessions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    hostId: bigint("host_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    mailboxId: bigint("mailbox_id", { mode: "number" })
      .notNull()
      .references(() => mailboxes.id),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at").notNull(),
    // Questions wait for a moderator's (or the host's) approval before everyone sees them.
    moderated: boolean("moderated").notNull().default(true),
    // Ended early by the host; otherwise a session ends at endsAt.
    endedAt: ts("ended_at"),
    // The question the host is answering now (presenter view).
    highlightedQuestionId: bigint("highlighted_question_id", { mode: "number" }).references((): AnyPgColumn => liveQuestions.id),
    // The transcript, published to Public Information once the session has ended.
    transcriptThreadId: bigint("transcript_thread_id", { mode: "number" }).references(() => threads.id),
    createdBy: bigint("created_by", { mode: "number" })
      .notNull()
      .references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("live_sessions_starts_idx").on(t.startsAt.desc(), t.id.desc())],
);

export const liveQuestions = pgTable(
  "live_questions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    sessionId: bigint("session_id", { mode: "number" })
      .notNull()
      .references(() => liveSessions.id),
    authorId: bigint("author_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    status: text("status").$type<LiveQuestionStatus>().notNull(),
    // Kept equal to the rows in live_votes by the same statement that inserts the vote.
    votes: integer("votes").notNull().default(0),
    answerBody: text("answer_body"),
    answerHtml: text("answer_html"),
    answeredBy: bigint("answered_by", { mode: "number" }).references(() => users.id),
    answeredAt: ts("answered_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    // The presenter's queue and the public list: by votes, then oldest first.
    index("live_questions_queue_idx").on(t.sessionId, t.votes.desc(), t.id),
    index("live_questions_session_idx").on(t.sessionId, t.id),
  ],
);

/** One vote per account and question: the primary key refuses a second. */
export const liveVotes = pgTable(
  "live_votes",
  {
    questionId: bigint("question_id", { mode: "number" })
      .notNull()
      .references(() => liveQuestions.id),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.userId] })],
);

