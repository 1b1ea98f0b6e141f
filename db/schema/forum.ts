import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

export const sections = ["info", "forum"] as const;
export type Section = (typeof sections)[number];

// Millisecond precision: the values travel in keyset cursors as JavaScript dates.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

export const threads = pgTable(
  "threads",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    section: text("section").$type<Section>().notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    authorId: bigint("author_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    // Snapshot of "posted as an official" at creation time: a later role change does not
    // rewrite history.
    official: boolean("official").notNull().default(false),
    pinned: boolean("pinned").notNull().default(false),
    featured: boolean("featured").notNull().default(false),
    locked: boolean("locked").notNull().default(false),
    hidden: boolean("hidden").notNull().default(false),
    // Visible replies; lastSeq numbers every reply (hidden ones keep their floor).
    postCount: integer("post_count").notNull().default(0),
    lastSeq: integer("last_seq").notNull().default(0),
    lastPostAt: ts("last_post_at").notNull().defaultNow(),
    createdAt: ts("created_at").notNull().defaultNow(),
    editedAt: ts("edited_at"),
  },
  (t) => [
    index("threads_listing_idx").on(t.section, t.pinned.desc(), t.lastPostAt.desc(), t.id.desc()),
    index("threads_featured_idx").on(t.featured, t.lastPostAt.desc()).where(sql`${t.featured}`),
    index("threads_author_idx").on(t.authorId, t.createdAt.desc()),
  ],
);

export const posts = pgTable(
  "posts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    threadId: bigint("thread_id", { mode: "number" })
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    // Floor number within the thread: 1, 2, 3 … with no gaps, so page N is seq in
    // ((N-1)*20, N*20] — one index range scan whatever N is.
    seq: integer("seq").notNull(),
    authorId: bigint("author_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    official: boolean("official").notNull().default(false),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    replyToId: bigint("reply_to_id", { mode: "number" }).references((): AnyPgColumn => posts.id),
    helpfulCount: integer("helpful_count").notNull().default(0),
    hidden: boolean("hidden").notNull().default(false),
    createdAt: ts("created_at").notNull().defaultNow(),
    editedAt: ts("edited_at"),
    // The client's Idempotency-Key: a retried reply (after a lost answer, a crashed node) finds
    // the post it already made instead of making a second one.
    intakeKey: text("intake_key"),
  },
  (t) => [
    uniqueIndex("posts_thread_seq_idx").on(t.threadId, t.seq),
    uniqueIndex("posts_intake_key_idx").on(t.authorId, t.intakeKey).where(sql`${t.intakeKey} is not null`),
    index("posts_thread_id_idx").on(t.threadId, t.id),
    index("posts_author_idx").on(t.authorId, t.createdAt.desc()),
  ],
);

// Every edit keeps the previous text (有案可查).
export const postRevisions = pgTable(
  "post_revisions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    postId: bigint("post_id", { mode: "number" })
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    editorId: bigint("editor_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("post_revisions_post_idx").on(t.postId, t.id)],
);

// The opening post's earlier versions (title and body), like postRevisions for replies.
export const threadRevisions = pgTable(
  "thread_revisions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    threadId: bigint("thread_id", { mode: "number" })
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    editorId: bigint("editor_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("thread_revisions_thread_idx").on(t.threadId, t.id)],
);

export const reactionKinds = ["helpful"] as const;
export type ReactionKind = (typeof reactionKinds)[number];

export const postReactions = pgTable(
  "post_reactions",
  {
    postId: bigint("post_id", { mode: "number" })
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<ReactionKind>().notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId, t.kind] })],
);

export const reportStatuses = ["open", "resolved", "dismissed"] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const reports = pgTable(
  "reports",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    postId: bigint("post_id", { mode: "number" })
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    reporterId: bigint("reporter_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    status: text("status").$type<ReportStatus>().notNull().default("open"),
    resolvedById: bigint("resolved_by_id", { mode: "number" }).references(() => users.id),
    resolvedAt: ts("resolved_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("reports_post_reporter_idx").on(t.postId, t.reporterId),
    index("reports_status_idx").on(t.status, t.id),
  ],
);
