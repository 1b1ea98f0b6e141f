// Insight: the emerging-issue detector's daily runs and what they found (苗头性、倾向性问题).
// One run per Shanghai calendar day (the primary key: two nodes, or a node and an administrator's
// "recompute now", cannot both store a day); topics unique per day, kind and key; one forum thread
// per topic (the unique thread_id, set once under the topic's row lock). Items are referenced by
// type and id, not by foreign keys: a topic keeps its history when a case or thread changes.
// Method and thresholds: docs/decisions/011-emerging-issues.md; code: app/domain/insight/.
import { sql } from "drizzle-orm";
import { bigint, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { threads } from "./forum";
import type { InsightItemType, TopicKind, TopicStatus } from "../../app/domain/insight/types";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

export const insightRuns = pgTable("insight_runs", {
  /** The Shanghai calendar day the run belongs to. */
  day: date("day", { mode: "string" }).primaryKey(),
  /** The end of the day under test: day 0 is the 24 hours before it. */
  asOf: ts("as_of").notNull(),
  startedAt: ts("started_at").notNull(),
  finishedAt: ts("finished_at").notNull(),
  itemsRead: integer("items_read").notNull().default(0),
  topics: integer("topics").notNull().default(0),
  groups: integer("groups").notNull().default(0),
  durationMs: integer("duration_ms").notNull(),
  /** The administrator who asked for a recomputation; null for the scheduler. */
  triggeredBy: bigint("triggered_by", { mode: "number" }).references(() => users.id),
});

export const emergingTopics = pgTable(
  "emerging_topics",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    day: date("day", { mode: "string" })
      .notNull()
      .references(() => insightRuns.day),
    kind: text("kind").$type<TopicKind>().notNull(),
    key: text("key").notNull(),
    count: integer("count").notNull(),
    baseline: doublePrecision("baseline").notNull(),
    sigma: doublePrecision("sigma").notNull(),
    score: doublePrecision("score").notNull(),
    /** Daily counts, oldest first; the last is the day under test. */
    series: jsonb("series").$type<number[]>().notNull(),
    status: text("status").$type<TopicStatus>().notNull().default("new"),
    /** The Development Forum topic opened from it: one per topic, never shared. */
    threadId: bigint("thread_id", { mode: "number" }).references(() => threads.id),
    decidedBy: bigint("decided_by", { mode: "number" }).references(() => users.id),
    decidedAt: ts("decided_at"),
  },
  (t) => [
    uniqueIndex("emerging_topics_day_kind_key_idx").on(t.day, t.kind, t.key),
    uniqueIndex("emerging_topics_thread_idx").on(t.threadId),
    check("emerging_topics_kind", sql`${t.kind} in ('category', 'keyword')`),
    check("emerging_topics_status", sql`${t.status} in ('new', 'discussed', 'proposed', 'dismissed')`),
    check("emerging_topics_discussed_thread", sql`${t.status} <> 'discussed' or ${t.threadId} is not null`),
  ],
);

export const emergingTopicItems = pgTable(
  "emerging_topic_items",
  {
    topicId: bigint("topic_id", { mode: "number" })
      .notNull()
      .references(() => emergingTopics.id, { onDelete: "cascade" }),
    itemType: text("item_type").$type<InsightItemType>().notNull(),
    itemId: bigint("item_id", { mode: "number" }).notNull(),
    /** Newest first on the page. */
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.itemType, t.itemId] })],
);

export const duplicateGroups = pgTable(
  "duplicate_groups",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    day: date("day", { mode: "string" })
      .notNull()
      .references(() => insightRuns.day),
    similarity: doublePrecision("similarity").notNull(),
    channels: jsonb("channels").$type<string[]>().notNull(),
    size: integer("size").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [index("duplicate_groups_day_idx").on(t.day, t.position)],
);

export const duplicateGroupItems = pgTable(
  "duplicate_group_items",
  {
    groupId: bigint("group_id", { mode: "number" })
      .notNull()
      .references(() => duplicateGroups.id, { onDelete: "cascade" }),
    itemType: text("item_type").$type<InsightItemType>().notNull(),
    itemId: bigint("item_id", { mode: "number" }).notNull(),
    channel: text("channel").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.itemType, t.itemId] })],
);

/**
 * Public statistics' rollup (GET /api/v1/stats/volumes): per Shanghai calendar day and per month
 * (`grain`), how many petitions came in per category, channel and addressed mailbox, and how many
 * forum threads and replies were posted per section (hidden ones not counted). Kept by triggers
 * in the same transaction as the rows they count (migration insight_custom);
 * `stats_rollup_rebuild()` recomputes it (after a bulk load with triggers off).
 */
export const statsDaily = pgTable(
  "stats_daily",
  {
    metric: text("metric").$type<"petitions" | "threads" | "posts">().notNull(),
    /** petitions: category | channel | tier | county (key: 'city', a county mailbox's id or 'other'); threads and posts: section. */
    dim: text("dim").notNull(),
    grain: text("grain").$type<"day" | "month">().notNull(),
    /** The day, or the first day of the month. */
    day: date("day", { mode: "string" }).notNull(),
    key: text("key").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.metric, t.dim, t.grain, t.day, t.key] })],
);
