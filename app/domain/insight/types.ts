// Emerging issues (苗头性、倾向性问题) and public statistics: wire shapes and constants shared by
// the services (app/.server/insight/), the pages and the API. Isomorphic.

export const itemTypes = ["petition", "thread", "live_question"] as const;
export type InsightItemType = (typeof itemTypes)[number];
export const topicKinds = ["category", "keyword"] as const;
export type TopicKind = (typeof topicKinds)[number];
export const topicStatuses = ["new", "discussed", "proposed", "dismissed"] as const;
export type TopicStatus = (typeof topicStatuses)[number];

/** Near-duplicates are looked for among the items of the last this many days. */
export const DUPLICATE_WINDOW_DAYS = 14;
/** At most this many keyword topics per run (the highest scores). */
export const MAX_KEYWORD_TOPICS = 20;
/** Items kept per topic (the newest). */
export const MAX_TOPIC_ITEMS = 50;

export interface ItemRef {
  type: InsightItemType;
  id: string;
}

export interface InsightItemDto extends ItemRef {
  /** Where it came from: a petition's channel, "forum" for threads, "live" for questions. */
  channel: string;
  /** null when the viewer may not see it (a case outside their mailboxes). */
  title: string | null;
  /** Where the viewer can open it; null when they may not. */
  url: string | null;
  createdAt: string;
  category: string | null;
}

export interface EmergingTopicDto {
  id: string;
  day: string;
  kind: TopicKind;
  key: string;
  count: number;
  baseline: number;
  score: number;
  /** Daily counts, oldest first; the last one is the day under test. */
  series: number[];
  status: TopicStatus;
  threadId: string | null;
  items: InsightItemDto[];
  /** Link to the proposed-commitment form, prefilled. */
  commitmentUrl: string;
}

export interface DuplicateGroupDto {
  id: string;
  similarity: number;
  channels: string[];
  items: InsightItemDto[];
}

export interface InsightRunDto {
  day: string;
  asOf: string;
  startedAt: string;
  finishedAt: string;
  itemsRead: number;
  topics: number;
  groups: number;
  durationMs: number;
  /** Asked for by an administrator ("recompute now") rather than the daily schedule. */
  manual: boolean;
}

export interface EmergingResult {
  run: InsightRunDto | null;
  topics: EmergingTopicDto[];
  groups: DuplicateGroupDto[];
}

// ---------------------------------------------------------------- statistics

export const granularities = ["day", "week", "month"] as const;
export type Granularity = (typeof granularities)[number];
export const petitionDimensions = ["category", "tier", "county", "channel"] as const;
export type PetitionDimension = (typeof petitionDimensions)[number];
export const statsSources = ["petitions", "forum"] as const;
export type StatsSource = (typeof statsSources)[number];
export const forumMetrics = ["threads", "posts"] as const;
export type ForumMetric = (typeof forumMetrics)[number];

/** Longest period per granularity, in days. */
export const MAX_PERIOD_DAYS: Record<Granularity, number> = { day: 366, week: 5 * 366, month: 10 * 366 };

export interface VolumeSeries {
  key: string;
  /** Counties only: the county's name (its topmost county-tier mailbox). */
  name?: string;
  nameEn?: string;
  total: number;
  values: number[];
}

export interface VolumesResult {
  source: StatsSource;
  by: string;
  metric: ForumMetric | null;
  granularity: Granularity;
  from: string;
  to: string;
  start: string;
  end: string;
  /** First day (YYYY-MM-DD, Shanghai) of each period, in order. */
  periods: string[];
  series: VolumeSeries[];
  /** Per period, all series together. */
  totals: number[];
  total: number;
  generatedAt: string;
}
