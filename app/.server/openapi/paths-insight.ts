// Public statistics and emerging issues (README "Statistics and emerging issues", decision 011).
// Query parameters follow app/.server/insight/stats.ts (parseVolumesQuery); answers the DTOs of
// app/domain/insight/types.ts; the topic actions app/.server/insight/service.ts.
import { forumMetrics, granularities, MAX_PERIOD_DAYS, petitionDimensions, statsSources } from "~/domain/insight/types";
import { area, arr, idStr, nullable, obj, oneOfStr, ref, str, type OpSpec, type Schema } from "./dsl";

const dayParam: Schema = { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" };

const volumesQuery: OpSpec["query"] = {
  from: { ...dayParam, description: "First day `YYYY-MM-DD` (Beijing time), 2000–2100. Default: 29 days before `to`." },
  to: { ...dayParam, description: "Last day `YYYY-MM-DD`, not before `from`. Default: today in Beijing." },
  granularity: {
    ...oneOfStr(...granularities),
    default: "day",
    description: `Periods: Beijing calendar days, ISO weeks (from Monday) or months. The span may be at most ${MAX_PERIOD_DAYS.day} days per day, ${MAX_PERIOD_DAYS.week} per week, ${MAX_PERIOD_DAYS.month} per month (400 otherwise).`,
  },
  source: { ...oneOfStr(...statsSources), default: "petitions", description: "Letters, or forum activity." },
  by: {
    ...oneOfStr(...petitionDimensions, "section"),
    description: "The grouping. Letters: `category` (default), `tier` or `county` of the addressed mailbox, `channel`; the forum: `section` only (its default).",
  },
  metric: { ...oneOfStr(...forumMetrics), description: "The forum only: new `threads` (default) or `posts` (replies), hidden ones left out. Refused (400) for letters." },
};

const csvHeaders = {
  "Content-Disposition": { type: "string", description: '`attachment; filename="volumes_<source>_<by>_<from>_<to>.csv"`.' },
  "Content-Language": { type: "string", description: "The header row's language (`zh-CN` or `en`)." },
  "Cache-Control": { type: "string", description: "`no-store`." },
};
const csv: Schema = {
  ...str,
  description:
    "UTF-8 with a byte-order mark, CRLF lines: a header row (period, key, group, count, in the chosen language), then one row per period and group. Aggregates only: no name, title or row about a person.",
};
const lang = { ...oneOfStr("zh-CN", "en"), description: "The CSV's language (default: the request's Accept-Language or language cookie)." };

const insightViewers = "Officials, moderators and administrators (403 for citizens).";
const topicAction = (summary: string, description: string, ok: OpSpec["ok"], errors: number[]): OpSpec => ({
  summary,
  description: `${description} ${insightViewers}`,
  auth: "user",
  ok,
  errors: [403, ...errors],
});

export const insightPaths = area("Statistics and emerging issues", {
  "/stats/volumes": {
    get: {
      summary: "Letters or forum activity per period and group (public, aggregates only)",
      description:
        "From `stats_daily`, the rollup kept by triggers. Counts are not suppressed when small: no group is about a person. With `format=csv` the answer is the CSV of /stats/volumes.csv.",
      query: {
        ...volumesQuery,
        format: { ...oneOfStr("json", "csv"), default: "json", description: "`csv`: answer text/csv as /stats/volumes.csv does (then `lang` applies)." },
        lang,
      },
      ok: { 200: { schema: ref("Volumes"), also: { "text/csv": csv } } },
      errors: [400],
    },
  },
  "/stats/volumes.csv": {
    get: {
      summary: "The same volumes as CSV, one row per period and group",
      query: { ...volumesQuery, lang },
      ok: { 200: { type: "text/csv", schema: csv, headers: csvHeaders } },
      errors: [400],
    },
  },
  "/insight/emerging": {
    get: {
      summary: "The latest (or one day's) run of the emerging-issue detector: topics and near-duplicate groups",
      description: `Topics are sorted new, discussed, proposed, dismissed, then by score. \`run\` is null (and the lists empty) when no run exists for the day. ${insightViewers}`,
      auth: "user",
      query: { day: { ...dayParam, description: "The run of this Beijing day (default: the latest run). A value not shaped `YYYY-MM-DD` is ignored." } },
      ok: { 200: { schema: obj({ run: nullable(ref("InsightRun")), topics: arr(ref("EmergingTopic")), groups: arr(ref("DuplicateGroup")) }) } },
      errors: [403],
    },
  },
  "/insight/emerging/{id}/thread": {
    post: topicAction(
      "Open a Development Forum discussion from a topic (once per topic)",
      "An official thread, its opening post explaining the rise and listing the public items behind it. Again, or concurrently: `409 topic_discussed`.",
      { 201: { schema: obj({ topicId: idStr, status: { const: "discussed" }, threadId: idStr }) } },
      [409, 429],
    ),
  },
  "/insight/emerging/{id}/dismiss": {
    post: topicAction(
      "Dismiss a topic",
      "`409 topic_discussed` once a discussion has been opened from it.",
      { 200: { schema: obj({ topicId: idStr, status: { const: "dismissed" }, threadId: { type: "null" } }) } },
      [409],
    ),
  },
  "/insight/emerging/{id}/propose": {
    post: topicAction(
      "Mark a topic proposed as a commitment; answers the prefilled proposal form's address",
      "Nothing is written to the commitments: `url` is `/commitments/new?title=&summary=&threads=&petitions=&mailbox=` for the viewer to submit.",
      { 200: { schema: obj({ topicId: idStr, status: { const: "proposed" }, threadId: nullable(idStr), url: str }) } },
      [],
    ),
  },
  "/insight/runs": {
    post: {
      summary: "Recompute today's emerging issues now (administrators)",
      description:
        "Runs the detector again for today with the clock at this moment; topics keep their ids, statuses and threads, the day's duplicate groups are replaced. `409 insight_run_in_progress` while another run holds the lock.",
      auth: "admin",
      ok: { 201: { schema: obj({ run: ref("InsightRun") }) } },
      errors: [409],
    },
  },
});
