// Public statistics (/stats, GET /api/v1/stats/volumes): how many petitions came in per period
// by category, tier, county or channel, and how busy the forum was (threads or replies per
// period, by section). Aggregates only: counts per period and group, never a name, a title or a
// row about one person. Counts are not suppressed when small: no dimension here is about a
// person (a category, a channel, a tier or a county of a city of three million), so a count of
// one identifies nobody (docs/decisions/011-emerging-issues.md, "Statistics").
//
// Periods are Shanghai calendar days, ISO weeks (from Monday) or months. Counting the rows
// themselves (`date_trunc(g, created_at at time zone 'Asia/Shanghai')` over an index range) took
// 0.2 s for a year and 1.6 s for ten years of a million cases, 0.7 s for a year of 200,000
// replies (npm run bench:stats), so one statement reads `stats_daily`, a rollup per day and per
// month kept by triggers (migration insight_custom; decision 011), in the manner of the
// assessment's (decision 008). Tier and county are those of the addressed mailbox in the tree
// (the rollup resolves them when a letter is filed; decision 011).
import { sql } from "drizzle-orm";
import { rowsOf } from "../../../db/rows";
import { mailboxes } from "../../../db/schema";
import { TIME_ZONE_OFFSET_MS, shanghaiDate } from "~/domain/petitions/assessment";
import {
  MAX_PERIOD_DAYS,
  forumMetrics,
  granularities,
  petitionDimensions,
  statsSources,
  type ForumMetric,
  type Granularity,
  type StatsSource,
  type VolumeSeries,
  type VolumesResult,
} from "~/domain/insight/types";
import type { FieldIssues } from "~/domain/validation";
import { seriesLabel } from "~/domain/insight/labels";
import type { AppServices } from "../context";
import { badRequest } from "../errors";
import { getT } from "~/i18n";

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date as a UTC midnight (for date arithmetic), or null when it is not a real date. */
function calendar(s: string): Date | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(y, mo - 1, d));
  if (y < 2000 || y > 2100 || utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d) return null;
  return utc;
}
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY_MS);

export interface VolumesQuery {
  from?: string | null;
  to?: string | null;
  granularity?: string | null;
  by?: string | null;
  source?: string | null;
  metric?: string | null;
}

export interface ParsedVolumesQuery {
  source: StatsSource;
  by: string;
  metric: ForumMetric | null;
  granularity: Granularity;
  from: string;
  to: string;
}

/**
 * Defaults: petitions by category, per day, over the last 30 days up to today (Shanghai). A lone
 * `from` runs to today, a lone `to` starts 29 days before it. The forum's only dimension is
 * `section` and its metric `threads` (default) or `posts`. Invalid input: 400 with field errors.
 */
export function parseVolumesQuery(q: VolumesQuery, now: Date): ParsedVolumesQuery {
  const fields: FieldIssues = {};
  const v = (s: string | null | undefined) => s?.trim() || null;
  const source = (v(q.source) ?? "petitions") as StatsSource;
  if (!statsSources.includes(source)) fields.source = { key: "validation.invalid_choice" };
  const granularity = (v(q.granularity) ?? "day") as Granularity;
  if (!granularities.includes(granularity)) fields.granularity = { key: "validation.invalid_choice" };
  const by = v(q.by) ?? (source === "forum" ? "section" : "category");
  if (source === "forum" ? by !== "section" : !(petitionDimensions as readonly string[]).includes(by)) fields.by = { key: "validation.invalid_choice" };
  let metric: ForumMetric | null = null;
  if (source === "forum") {
    metric = (v(q.metric) ?? "threads") as ForumMetric;
    if (!forumMetrics.includes(metric)) fields.metric = { key: "validation.invalid_choice" };
  } else if (v(q.metric) !== null) fields.metric = { key: "validation.invalid_choice" };
  const rawFrom = v(q.from);
  const rawTo = v(q.to);
  if (rawFrom !== null && !calendar(rawFrom)) fields.from = { key: "validation.invalid_date" };
  if (rawTo !== null && !calendar(rawTo)) fields.to = { key: "validation.invalid_date" };
  if (Object.keys(fields).length) throw badRequest("invalid_input", fields);
  const today = calendar(shanghaiDate(now))!;
  const to = rawTo ? calendar(rawTo)! : today;
  const from = rawFrom ? calendar(rawFrom)! : addDays(to, -29);
  if (to.getTime() < from.getTime()) throw badRequest("invalid_input", { to: { key: "stats.errors.toBeforeFrom" } });
  const days = (to.getTime() - from.getTime()) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS[granularity]) {
    throw badRequest("invalid_input", { to: { key: `stats.errors.tooLong.${granularity}`, params: { days: MAX_PERIOD_DAYS[granularity] } } });
  }
  return { source, by, metric, granularity, from: iso(from), to: iso(to) };
}

/** The first day of every period that overlaps [from, to], in order. */
export function periodStarts(from: string, to: string, g: Granularity): string[] {
  let d = calendar(from)!;
  const end = calendar(to)!;
  if (g === "week") d = addDays(d, -((d.getUTCDay() + 6) % 7)); // back to Monday
  if (g === "month") d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const out: string[] = [];
  while (d.getTime() <= end.getTime()) {
    out.push(iso(d));
    d = g === "day" ? addDays(d, 1) : g === "week" ? addDays(d, 7) : new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  return out;
}

interface CountRow {
  period: string;
  key: string | null;
  n: number;
}

/** Maps a mailbox to its tier, and to its county (the topmost county-tier ancestor; "city" for city mailboxes). */
async function mailboxDimensions(app: AppServices) {
  const rows = await app.db.select({ id: mailboxes.id, parentId: mailboxes.parentId, tier: mailboxes.tier, name: mailboxes.name, nameEn: mailboxes.nameEn }).from(mailboxes);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const tier = new Map<number, string>();
  const county = new Map<number, string>();
  const labels = new Map<string, { name: string; nameEn: string }>();
  for (const m of rows) {
    tier.set(m.id, m.tier);
    if (m.tier === "city") {
      county.set(m.id, "city");
      continue;
    }
    let top = m.tier === "county" ? m : null;
    const seen = new Set([m.id]);
    for (let p = m.parentId; p !== null && !seen.has(p); ) {
      const a = byId.get(p);
      if (!a) break;
      seen.add(p);
      if (a.tier === "county") top = a;
      p = a.parentId;
    }
    const key = top ? String(top.id) : "other";
    county.set(m.id, key);
    if (top) labels.set(key, { name: top.name, nameEn: top.nameEn });
  }
  return { tier, county, labels };
}

/**
 * The counts: from the rollup (stats_daily; whole months from its month rows when counting per
 * month, the partial months at the ends from its day rows), or with `source: "raw"` from the
 * rows themselves (the integration test checks that both agree; the benchmark compares them).
 */
async function countRows(app: AppServices, p: ParsedVolumesQuery, start: Date, end: Date, source: "rollup" | "raw"): Promise<CountRow[]> {
  // p.granularity is one of three fixed words (checked above), so it may be spelled into the SQL.
  const trunc = (col: string) => sql.raw(`to_char(date_trunc('${p.granularity}', ${col}), 'YYYY-MM-DD')`);
  const metric = p.source === "petitions" ? "petitions" : p.metric!;
  if (source === "rollup") {
    const dim = p.source === "forum" ? "section" : p.by;
    const after = iso(addDays(calendar(p.to)!, 1));
    let a = after;
    let b = after;
    if (p.granularity === "month") {
      const f = calendar(p.from)!;
      const firstWhole = f.getUTCDate() === 1 ? f : new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1));
      const t1 = calendar(after)!;
      const lastWholeEnd = new Date(Date.UTC(t1.getUTCFullYear(), t1.getUTCMonth(), 1));
      if (firstWhole.getTime() < lastWholeEnd.getTime()) [a, b] = [iso(firstWhole), iso(lastWholeEnd)];
    }
    return rowsOf<CountRow>(
      await app.db.execute(sql`
        select ${trunc("s.day::timestamp")} as period, s.key, sum(s.n)::int as n
        from stats_daily s
        where s.metric = ${metric} and s.dim = ${dim}
          and ((s.grain = 'day' and s.day >= ${p.from}::date and s.day < ${a}::date)
            or (s.grain = 'month' and s.day >= ${a}::date and s.day < ${b}::date)
            or (s.grain = 'day' and s.day >= ${b}::date and s.day <= ${p.to}::date))
        group by 1, 2
        having sum(s.n) <> 0`),
    );
  }
  const range = (col: string) => sql`${sql.raw(col)} >= ${start.toISOString()}::timestamptz and ${sql.raw(col)} < ${end.toISOString()}::timestamptz`;
  const local = (col: string) => `${col} at time zone 'Asia/Shanghai'`;
  if (p.source === "petitions") {
    const column = p.by === "category" ? sql.raw("p.category") : p.by === "channel" ? sql.raw("p.channel") : sql.raw("p.mailbox_id::text");
    return rowsOf<CountRow>(
      await app.db.execute(sql`
        select ${trunc(local("p.created_at"))} as period, ${column} as key, count(*)::int as n
        from petitions p where ${range("p.created_at")} group by 1, 2`),
    );
  }
  if (metric === "threads") {
    return rowsOf<CountRow>(
      await app.db.execute(sql`
        select ${trunc(local("t.created_at"))} as period, t.section as key, count(*)::int as n
        from threads t where ${range("t.created_at")} and not t.hidden group by 1, 2`),
    );
  }
  return rowsOf<CountRow>(
    await app.db.execute(sql`
      select ${trunc(local("po.created_at"))} as period, t.section as key, count(*)::int as n
      from posts po join threads t on t.id = po.thread_id
      where ${range("po.created_at")} and not po.hidden group by 1, 2`),
  );
}

export async function volumes(app: AppServices, q: VolumesQuery, opts: { source?: "rollup" | "raw" } = {}): Promise<VolumesResult> {
  const now = app.now();
  const p = parseVolumesQuery(q, now);
  const start = new Date(calendar(p.from)!.getTime() - TIME_ZONE_OFFSET_MS);
  const end = new Date(calendar(p.to)!.getTime() + DAY_MS - TIME_ZONE_OFFSET_MS);
  const source = opts.source ?? "rollup";
  let rows = await countRows(app, p, start, end, source);
  let labels = new Map<string, { name: string; nameEn: string }>();
  if (p.source === "petitions" && (p.by === "tier" || p.by === "county")) {
    const dims = await mailboxDimensions(app);
    labels = dims.labels;
    // The rollup counts by tier and county already; the rows themselves by mailbox.
    if (source === "raw") {
      const map = p.by === "tier" ? dims.tier : dims.county;
      rows = rows.map((r) => ({ ...r, key: map.get(Number(r.key)) ?? "other" }));
    }
  }

  const periods = periodStarts(p.from, p.to, p.granularity);
  const index = new Map(periods.map((d, i) => [d, i]));
  const series = new Map<string, VolumeSeries>();
  const totals = new Array(periods.length).fill(0);
  for (const r of rows) {
    const i = index.get(r.period);
    if (i === undefined) continue;
    const key = r.key ?? "other";
    let s = series.get(key);
    if (!s) {
      s = { key, total: 0, values: new Array(periods.length).fill(0) };
      const label = labels.get(key);
      if (label) Object.assign(s, label);
      series.set(key, s);
    }
    const n = Number(r.n);
    s.values[i] += n;
    s.total += n;
    totals[i] += n;
  }
  const list = [...series.values()].sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
  return {
    source: p.source,
    by: p.by,
    metric: p.metric,
    granularity: p.granularity,
    from: p.from,
    to: p.to,
    start: start.toISOString(),
    end: end.toISOString(),
    periods,
    series: list,
    totals,
    total: totals.reduce((a, b) => a + b, 0),
    generatedAt: now.toISOString(),
  };
}

// ---------------------------------------------------------------- CSV

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Long format, one row per period and group: period, group key, group name, count. UTF-8 with a BOM. */
export function volumesCsv(r: VolumesResult, t: (key: string, o?: Record<string, unknown>) => string, lang: "zh-CN" | "en"): string {
  const lines = [[t("stats.csvColumns.period"), t("stats.csvColumns.key"), t("stats.csvColumns.group"), t("stats.csvColumns.count")].map(csvCell).join(",")];
  for (const s of r.series) {
    const label = seriesLabel(r, s, t, lang);
    r.periods.forEach((period, i) => lines.push([period, s.key, label, s.values[i]].map(csvCell).join(",")));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}


/** GET /api/v1/stats/volumes.csv (and ?format=csv): `lang` wins over the request's language. */
export async function volumesCsvResponse(app: AppServices, url: URL, requestLang: "zh-CN" | "en"): Promise<Response> {
  const q = url.searchParams;
  const r = await volumes(app, Object.fromEntries(q));
  const lang = q.get("lang") === "en" ? "en" : q.get("lang") === "zh-CN" ? "zh-CN" : requestLang;
  return new Response(volumesCsv(r, getT(lang), lang), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="volumes_${r.source}_${r.by}_${r.from}_${r.to}.csv"`,
      "Content-Language": lang,
      "Cache-Control": "no-store",
    },
  });
}
