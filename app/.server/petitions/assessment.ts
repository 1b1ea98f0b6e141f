// Assessment (考核): per mailbox and period, the figures that count in officials' yearly review.
// Public: counts only, and on the drill-down only published cases' titles.
//
// Definitions, for mailbox M and the period P = [`from` 00:00, the day after `to` 00:00) in
// Asia/Shanghai time (`from` and `to` are calendar dates, both included); "now" is the moment of
// the request:
//
//   received          letters that reached M in P: cases addressed to M created in P, plus
//                     assignments to M made in P of cases addressed to another mailbox (a case
//                     addressed to M and then assigned to M counts once, when it came in).
//   accepted          of the cases addressed to M created in P, those accepted (受理) by now.
//   replied           M's replies (as lead or co-handler) given in P; a review answer is not one.
//   onTimeRate        the share of those replies given by the assignment's due date (after any
//                     extension); null when M gave no reply in P.
//   avgDaysToReply    the mean of (replied − assigned) in days over those replies; null without one.
//   overdue           deadlines of M missed in P: assignments of M whose due date fell in P and
//                     before now, and that were not answered by it (answered late, or still open).
//                     Once P is over this figure does not change.
//   supervised        supervision steps (督办) aimed at M in P.
//   satisfactionRate  (satisfied + basically satisfied) ÷ rated, over the cases whose lead mailbox
//                     is M and whose petitioner rated them in P; null when none was rated.
//
// How: scanning a year of a million-case history (~600,000 index entries, two joins) takes about
// a second, so the whole months of P come from assessment_monthly (db/schema/assessment.ts), a
// per-month, per-mailbox rollup that triggers keep in the same transaction as the cases
// (migration 0005_assessment_rollup). The parts of P that are not whole months, and the overdue
// count of the month that contains "now", are computed from the cases themselves: one set-based
// statement per figure group over an index range (indexes in migration 0004), grouped by
// mailbox. The statements run concurrently; the results are merged with the mailbox list.
import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "../../../db/rows";
import { tiers, type Tier } from "../../../db/schema/mailboxes";
import {
  ASSESSMENT_MAX_YEARS,
  TIME_ZONE_OFFSET_MS,
  parseSort,
  rankActive,
  shanghaiDate,
  shanghaiYear,
  type AssessmentCase,
  type AssessmentColumn,
  type AssessmentItem,
  type AssessmentMailbox,
  type AssessmentResult,
  type MonthPoint,
  type SortDir,
} from "~/domain/petitions/assessment";
import type { PetitionStatus } from "~/domain/petitions/workflow";
import type { FieldIssues } from "~/domain/validation";
import { getT, type Lang } from "~/i18n";
import type { AppServices } from "../context";
import { badRequest, notFound } from "../errors";
import { clampLimit, decodeCursor, encodeCursor } from "../forum/cursor";
import { masker, rowLight } from "./dto";

export { shanghaiDate, shanghaiYear };
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- the period

export interface AssessmentPeriod {
  /** First day, YYYY-MM-DD (Shanghai calendar). */
  from: string;
  /** Last day, included. */
  to: string;
  /** [start, end) as instants. */
  start: Date;
  end: Date;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight in Shanghai of a YYYY-MM-DD date, or null when it is not a real date (2000–2100). */
function shanghaiMidnight(s: string): Date | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (y < 2000 || y > 2100 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(utc - TIME_ZONE_OFFSET_MS);
}

/**
 * `from` / `to` as typed (YYYY-MM-DD, both days included). Defaults: the current calendar year in
 * Shanghai; a lone `from` runs to the end of its year, a lone `to` from the start of its year.
 * At most ASSESSMENT_MAX_YEARS years. Invalid input: 400 with field errors.
 */
export function parsePeriod(input: { from?: string | null; to?: string | null }, now: Date): AssessmentPeriod {
  const fields: FieldIssues = {};
  const rawFrom = input.from?.trim() || null;
  const rawTo = input.to?.trim() || null;
  if (rawFrom !== null && !shanghaiMidnight(rawFrom)) fields.from = { key: "validation.invalid_date" };
  if (rawTo !== null && !shanghaiMidnight(rawTo)) fields.to = { key: "validation.invalid_date" };
  if (Object.keys(fields).length) throw badRequest("invalid_input", fields);
  const year = (rawFrom ?? rawTo)?.slice(0, 4) ?? String(shanghaiYear(now));
  const from = rawFrom ?? `${year}-01-01`;
  const to = rawTo ?? `${year}-12-31`;
  const start = shanghaiMidnight(from)!;
  const end = new Date(shanghaiMidnight(to)!.getTime() + DAY_MS);
  if (end.getTime() <= start.getTime()) throw badRequest("invalid_input", { to: { key: "assessment.errors.toBeforeFrom" } });
  // The same day ASSESSMENT_MAX_YEARS years later (29 February → 1 March) is the first day too many.
  const [y, mo, d] = from.split("-").map(Number);
  const limit = new Date(Date.UTC(y + ASSESSMENT_MAX_YEARS, mo - 1, d) - TIME_ZONE_OFFSET_MS);
  if (end.getTime() > limit.getTime()) {
    throw badRequest("invalid_input", { to: { key: "assessment.errors.tooLong", params: { years: ASSESSMENT_MAX_YEARS } } });
  }
  return { from, to, start, end };
}

export interface AssessmentFilters {
  tier?: string | null;
  mailboxId?: string | number | null;
}

function parseFilters(input: AssessmentFilters) {
  const fields: FieldIssues = {};
  const tier = input.tier?.trim() || null;
  if (tier !== null && !(tiers as readonly string[]).includes(tier)) fields.tier = { key: "validation.invalid_choice" };
  let mailboxId: number | null = null;
  const raw = input.mailboxId === undefined || input.mailboxId === null ? "" : String(input.mailboxId).trim();
  if (raw !== "") {
    if (!/^[1-9][0-9]{0,15}$/.test(raw)) fields.mailboxId = { key: "validation.unknown_mailbox" };
    else mailboxId = Number(raw);
  }
  if (Object.keys(fields).length) throw badRequest("invalid_input", fields);
  return { tier: tier as Tier | null, mailboxId };
}

// ---------------------------------------------------------------- splitting the period

interface Range {
  start: Date;
  end: Date;
}

/** The first instant of the Shanghai month containing `at`. */
function monthStartOf(at: Date): Date {
  const d = shanghaiDate(at);
  return new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, 1) - TIME_ZONE_OFFSET_MS);
}

function nextMonth(monthStart: Date): Date {
  const d = shanghaiDate(monthStart);
  return new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 1) - TIME_ZONE_OFFSET_MS);
}

const monthKey = (monthStart: Date) => shanghaiDate(monthStart); // YYYY-MM-01, the rollup's key

interface Plan {
  /** Whole months read from the rollup: [first, last) as YYYY-MM-01 keys; null when none. */
  months: { first: string; last: string; overdueBefore: string } | null;
  /** Ranges computed from the cases (the edges of P that are not whole months). */
  raw: Range[];
  /** Ranges whose overdue count is computed from the cases (capped at now by the statement). */
  rawOverdue: Range[];
}

/** Whole months from the rollup, the rest from the cases; `raw` forces everything from the cases. */
function plan(period: AssessmentPeriod, now: Date, source: "rollup" | "raw"): Plan {
  const { start, end } = period;
  const first = monthStartOf(start).getTime() === start.getTime() ? start : nextMonth(monthStartOf(start));
  const last = monthStartOf(end);
  if (source === "raw" || first.getTime() >= last.getTime()) return { months: null, raw: [{ start, end }], rawOverdue: [{ start, end }] };
  const raw: Range[] = [];
  if (start.getTime() < first.getTime()) raw.push({ start, end: first });
  if (last.getTime() < end.getTime()) raw.push({ start: last, end });
  // The rollup's overdue count is final for months that ended before now; the month containing
  // now (if it is one of the whole months) counts from the cases, up to now.
  const current = monthStartOf(now);
  const overdueBefore = new Date(Math.max(first.getTime(), Math.min(last.getTime(), current.getTime())));
  const rawOverdue = [...raw];
  if (overdueBefore.getTime() < last.getTime() && overdueBefore.getTime() < now.getTime()) rawOverdue.push({ start: overdueBefore, end: last });
  return { months: { first: monthKey(first), last: monthKey(last), overdueBefore: monthKey(overdueBefore) }, raw, rawOverdue };
}

// ---------------------------------------------------------------- the statements

type Num = string | number | null;
const int = (v: Num | undefined) => (v === null || v === undefined ? 0 : Number(v));
const num = (v: Num | undefined) => (v === null || v === undefined ? 0 : Number(v));
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Per mailbox: the counts every figure is made of. */
interface Counts {
  addressed: number;
  accepted: number;
  assigned: number;
  replied: number;
  onTime: number;
  replySeconds: number;
  overdue: number;
  supervised: number;
  rated: number;
  good: number;
}
type CountRow = { mailbox_id: Num } & Partial<Record<keyof Counts, Num>>;

/** One statement per figure group over one range of the cases, each grouped by mailbox. */
function rawStatements(r: Range, only: number | null): SQL[] {
  const s = ts(r.start);
  const e = ts(r.end);
  const and = (col: string) => (only === null ? sql`` : sql` and ${sql.raw(col)} = ${only}`);
  return [
    // petitions_created_idx
    sql`select mailbox_id, count(*)::int as addressed, count(accepted_at)::int as accepted
        from petitions where created_at >= ${s} and created_at < ${e}${and("mailbox_id")} group by mailbox_id`,
    // petition_assignments_assigned_idx, then the case (primary key) for its addressed mailbox
    sql`select a.mailbox_id, count(*)::int as assigned
        from petition_assignments a join petitions p on p.id = a.petition_id
        where a.assigned_at >= ${s} and a.assigned_at < ${e}${and("a.mailbox_id")} and p.mailbox_id <> a.mailbox_id
        group by a.mailbox_id`,
    // petition_assignments_replied_idx (index-only)
    sql`select mailbox_id, count(*)::int as replied, count(*) filter (where replied_at <= due_at)::int as "onTime",
          coalesce(sum(extract(epoch from replied_at - assigned_at)), 0)::float8 as "replySeconds"
        from petition_assignments where replied_at >= ${s} and replied_at < ${e}${and("mailbox_id")} group by mailbox_id`,
    // petition_events_supervise_idx
    sql`select mailbox_id, count(*)::int as supervised
        from petition_events where action = 'supervise' and at >= ${s} and at < ${e}${and("mailbox_id")} group by mailbox_id`,
    // petitions_rated_idx, then the lead assignment (petition_assignments_one_lead_idx)
    sql`select a.mailbox_id, count(*)::int as rated, count(*) filter (where p.satisfaction in ('satisfied', 'basic'))::int as good
        from petitions p join petition_assignments a on a.petition_id = p.id and a.lead
        where p.rated_at >= ${s} and p.rated_at < ${e}${and("a.mailbox_id")} group by a.mailbox_id`,
  ];
}

/** Deadlines missed in a range (up to now): petition_assignments_due_idx, index-only. */
function overdueStatement(r: Range, now: Date, only: number | null): SQL {
  return sql`select mailbox_id, count(*)::int as overdue from petition_assignments
    where due_at >= ${ts(r.start)} and due_at < least(${ts(r.end)}, ${ts(now)})${only === null ? sql`` : sql` and mailbox_id = ${only}`}
      and (replied_at is null or replied_at > due_at)
    group by mailbox_id`;
}

/** The whole months, from the rollup (primary key range on month). */
function rollupStatement(months: NonNullable<Plan["months"]>, only: number | null): SQL {
  return sql`select mailbox_id, sum(addressed)::int as addressed, sum(accepted)::int as accepted, sum(assigned)::int as assigned,
      sum(replied)::int as replied, sum(replied_on_time)::int as "onTime", sum(reply_seconds)::float8 as "replySeconds",
      coalesce(sum(due - due_met) filter (where month < ${months.overdueBefore}::date), 0)::int as overdue,
      sum(supervised)::int as supervised, sum(rated)::int as rated, sum(rated_good)::int as good
    from assessment_monthly
    where month >= ${months.first}::date and month < ${months.last}::date${only === null ? sql`` : sql` and mailbox_id = ${only}`}
    group by mailbox_id`;
}

async function counts(app: AppServices, period: AssessmentPeriod, now: Date, only: number | null, source: "rollup" | "raw") {
  const p = plan(period, now, source);
  const statements = [
    ...(p.months ? [rollupStatement(p.months, only)] : []),
    ...p.raw.flatMap((r) => rawStatements(r, only)),
    ...p.rawOverdue.map((r) => overdueStatement(r, now, only)),
  ];
  const results = await Promise.all(statements.map((q) => app.db.execute(q).then((r) => rowsOf<CountRow>(r))));
  const byMailbox = new Map<number, Counts>();
  for (const rows of results) {
    for (const r of rows) {
      const id = Number(r.mailbox_id);
      let c = byMailbox.get(id);
      if (!c) byMailbox.set(id, (c = { addressed: 0, accepted: 0, assigned: 0, replied: 0, onTime: 0, replySeconds: 0, overdue: 0, supervised: 0, rated: 0, good: 0 }));
      for (const k of Object.keys(c) as (keyof Counts)[]) if (r[k] !== undefined) c[k] += num(r[k]);
    }
  }
  return byMailbox;
}

interface MailboxRow {
  id: Num;
  name: string;
  name_en: string;
  tier: Tier;
  kind: AssessmentMailbox["kind"];
  active: boolean;
}

const mailboxDto = (m: MailboxRow): AssessmentMailbox => ({ id: String(m.id), name: m.name, nameEn: m.name_en, tier: m.tier, kind: m.kind });

export interface AssessmentOptions {
  /** "raw" computes everything from the cases, bypassing the rollup (tests and the benchmark compare both). */
  source?: "rollup" | "raw";
}

/** GET /api/v1/stats/assessment: every mailbox (or those of a tier, or one) with its figures for the period. */
export async function assessment(
  app: AppServices,
  input: { from?: string | null; to?: string | null } & AssessmentFilters = {},
  opts: AssessmentOptions = {},
): Promise<AssessmentResult> {
  const now = app.now();
  const period = parsePeriod(input, now);
  const { tier, mailboxId } = parseFilters(input);
  const [mbs, byMailbox] = await Promise.all([
    app.db
      .execute(
        sql`select id, name, name_en, tier, kind, active from mailboxes
            where true${tier ? sql` and tier = ${tier}` : sql``}${mailboxId !== null ? sql` and id = ${mailboxId}` : sql``}
            order by sort_order, id`,
      )
      .then((r) => rowsOf<MailboxRow>(r)),
    counts(app, period, now, mailboxId, opts.source ?? "rollup"),
  ]);
  if (mailboxId !== null && mbs.length === 0) throw notFound();
  const items: AssessmentItem[] = [];
  for (const m of mbs) {
    const c = byMailbox.get(Number(m.id));
    // A retired mailbox is listed only for a period in which it still had work.
    if (!m.active && !c) continue;
    const k = c ?? { addressed: 0, accepted: 0, assigned: 0, replied: 0, onTime: 0, replySeconds: 0, overdue: 0, supervised: 0, rated: 0, good: 0 };
    items.push({
      mailboxId: String(m.id),
      mailbox: mailboxDto(m),
      received: k.addressed + k.assigned,
      accepted: k.accepted,
      replied: k.replied,
      onTimeRate: k.replied ? round(k.onTime / k.replied, 4) : null,
      avgDaysToReply: k.replied ? round(k.replySeconds / k.replied / 86_400, 2) : null,
      overdue: k.overdue,
      supervised: k.supervised,
      satisfactionRate: k.rated ? round(k.good / k.rated, 4) : null,
      addressed: k.addressed,
      assigned: k.assigned,
      repliedOnTime: k.onTime,
      rated: k.rated,
      satisfiedOrBasic: k.good,
    });
  }
  return { from: period.from, to: period.to, start: period.start.toISOString(), end: period.end.toISOString(), generatedAt: now.toISOString(), items };
}

// ---------------------------------------------------------------- monthly series (the page's chart)

/** Received and replied per calendar month of the period, over the same mailboxes as the table. */
export async function assessmentMonthly(
  app: AppServices,
  input: { from?: string | null; to?: string | null } & AssessmentFilters = {},
): Promise<MonthPoint[]> {
  const now = app.now();
  const period = parsePeriod(input, now);
  const { tier, mailboxId } = parseFilters(input);
  const p = plan(period, now, "rollup");
  const scope = (col: string) =>
    sql`${mailboxId !== null ? sql` and ${sql.raw(col)} = ${mailboxId}` : sql``}${tier ? sql` and ${sql.raw(col)} in (select id from mailboxes where tier = ${tier})` : sql``}`;
  const month = (col: string) => sql`to_char(assessment_month(${sql.raw(col)}), 'YYYY-MM')`;
  const statements: SQL[] = [];
  if (p.months) {
    statements.push(sql`select to_char(month, 'YYYY-MM') as month, sum(addressed + assigned)::int as received, sum(replied)::int as replied
      from assessment_monthly where month >= ${p.months.first}::date and month < ${p.months.last}::date${scope("mailbox_id")} group by 1`);
  }
  for (const r of p.raw) {
    const [s, e] = [ts(r.start), ts(r.end)];
    statements.push(
      sql`select ${month("created_at")} as month, count(*)::int as received from petitions
          where created_at >= ${s} and created_at < ${e}${scope("mailbox_id")} group by 1`,
      sql`select ${month("a.assigned_at")} as month, count(*)::int as received
          from petition_assignments a join petitions p on p.id = a.petition_id
          where a.assigned_at >= ${s} and a.assigned_at < ${e} and p.mailbox_id <> a.mailbox_id${scope("a.mailbox_id")} group by 1`,
      sql`select ${month("replied_at")} as month, count(*)::int as replied from petition_assignments
          where replied_at >= ${s} and replied_at < ${e}${scope("mailbox_id")} group by 1`,
    );
  }
  const results = await Promise.all(statements.map((q) => app.db.execute(q).then((r) => rowsOf<{ month: string; received?: Num; replied?: Num }>(r))));
  const points: MonthPoint[] = [];
  for (let m = monthStartOf(period.start); m.getTime() < period.end.getTime(); m = nextMonth(m)) {
    points.push({ month: monthKey(m).slice(0, 7), received: 0, replied: 0 });
  }
  const at = new Map(points.map((x) => [x.month, x]));
  for (const rows of results) {
    for (const r of rows) {
      const point = at.get(r.month);
      if (!point) continue;
      point.received += int(r.received);
      point.replied += int(r.replied);
    }
  }
  return points;
}

// ---------------------------------------------------------------- drill-down: one mailbox's cases

type CaseCursor = [number, number]; // received at (ms), petition id
const isCaseCursor = (v: unknown): v is CaseCursor =>
  Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && Math.abs(v[0]) <= 8.64e15 && Number.isSafeInteger(v[1]) && v[1] > 0;

/**
 * The cases counted in a mailbox's `received` for the period, newest first, keyset-paged by
 * (received at, case id). Nothing personal: titles of unpublished cases are withheld.
 */
export async function assessmentCases(
  app: AppServices,
  mailboxId: number,
  input: { from?: string | null; to?: string | null; cursor?: string | null; limit?: string | number | null },
) {
  const period = parsePeriod(input, app.now());
  const limit = clampLimit(input.limit);
  const c = decodeCursor(input.cursor, isCaseCursor);
  if (input.cursor && !c) throw badRequest("invalid_cursor");
  const [mb] = rowsOf<MailboxRow>(await app.db.execute(sql`select id, name, name_en, tier, kind, active from mailboxes where id = ${mailboxId}`));
  if (!mb) throw notFound();
  const s = sql`${period.start.toISOString()}::timestamptz`;
  const e = sql`${period.end.toISOString()}::timestamptz`;
  const after = c ? sql` and (x.at, x.id) < (${new Date(c[0]).toISOString()}::timestamptz, ${c[1]})` : sql``;
  const rows = rowsOf<{
    id: Num;
    at: string | Date;
    role: AssessmentCase["role"];
    tracking_no: string;
    title: string;
    category: string;
    status: PetitionStatus;
    public: boolean;
    created_at: string | Date;
    due_at: string | Date | null;
    warn_at: string | Date | null;
    light_at: string | Date | null;
    a_due: string | Date | null;
    a_replied: string | Date | null;
    contact_name: string | null;
    contact_phone: string | null;
    contact_address: string | null;
    petitioner_name: string | null;
  }>(
    await app.db.execute(sql`
      with x as (
        select * from (
          select p.id, p.created_at as at, 'addressed' as role from petitions p
          where p.mailbox_id = ${mailboxId} and p.created_at >= ${s} and p.created_at < ${e}
          union all
          select a.petition_id, a.assigned_at, case when a.lead then 'lead' else 'co' end from petition_assignments a
          join petitions p on p.id = a.petition_id
          where a.mailbox_id = ${mailboxId} and a.assigned_at >= ${s} and a.assigned_at < ${e} and p.mailbox_id <> a.mailbox_id
        ) x
        where true${after}
        order by x.at desc, x.id desc
        limit ${limit + 1}
      )
      select x.id, x.at, x.role, p.tracking_no, p.title, p.category, p.status, p.public, p.created_at, p.due_at, p.warn_at, p.light_at,
        a.due_at as a_due, a.replied_at as a_replied, p.contact_name, p.contact_phone, p.contact_address,
        u.display_name as petitioner_name
      from x
      join petitions p on p.id = x.id
      left join petition_assignments a on a.petition_id = x.id and a.mailbox_id = ${mailboxId}
      left join users u on u.id = p.petitioner_id
      order by x.at desc, x.id desc`),
  );
  const now = app.now();
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  const page = rows.slice(0, limit);
  const items: AssessmentCase[] = page.map((r) => {
    const published = r.public && r.status !== "submitted" && r.status !== "rejected";
    const due = date(r.a_due);
    const replied = date(r.a_replied);
    return {
      id: String(r.id),
      // Half of the /track credential: only for cases published anyway.
      trackingNo: published ? r.tracking_no : null,
      title: published
        ? masker({ contactName: r.contact_name, contactPhone: r.contact_phone, contactAddress: r.contact_address }, r.petitioner_name)(r.title)
        : null,
      category: r.category,
      status: r.status,
      light: rowLight({ status: r.status, dueAt: date(r.due_at), warnAt: date(r.warn_at), lightAt: date(r.light_at) }, now),
      role: r.role,
      receivedAt: new Date(r.at).toISOString(),
      createdAt: new Date(r.created_at).toISOString(),
      dueAt: due?.toISOString() ?? null,
      repliedAt: replied?.toISOString() ?? null,
      onTime: due ? (replied ? replied.getTime() <= due.getTime() : now.getTime() <= due.getTime() ? null : false) : null,
    };
  });
  const last = page.at(-1);
  return {
    from: period.from,
    to: period.to,
    mailbox: { id: String(mb.id), name: mb.name, nameEn: mb.name_en, tier: mb.tier, kind: mb.kind } satisfies AssessmentMailbox,
    items,
    nextCursor: rows.length > limit && last ? encodeCursor([new Date(last.at).getTime(), Number(last.id)] satisfies CaseCursor) : null,
  };
}

// ---------------------------------------------------------------- CSV export

/** A cell that Excel will neither split nor run as a formula. */
function csvCell(v: string | number | null): string {
  if (v === null) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const pct = (v: number | null) => (v === null ? null : (Math.round(v * 1000) / 10).toFixed(1));

/**
 * The table as CSV: UTF-8 with a byte-order mark (so Excel opens Chinese correctly), CRLF line
 * ends, a localised header row, then one row per mailbox in the ranking's order.
 */
export function assessmentCsv(result: AssessmentResult, t: (key: string) => string, lang: "zh-CN" | "en", sort: AssessmentColumn, dir: SortDir): string {
  const header = [
    t("assessment.csvColumns.rank"),
    t("assessment.csvColumns.mailboxId"),
    t("assessment.csvColumns.mailbox"),
    t("assessment.csvColumns.tier"),
    t("assessment.columns.received"),
    t("assessment.columns.accepted"),
    t("assessment.columns.replied"),
    t("assessment.csvColumns.onTimeRate"),
    t("assessment.csvColumns.avgDaysToReply"),
    t("assessment.columns.overdue"),
    t("assessment.columns.supervised"),
    t("assessment.csvColumns.satisfactionRate"),
  ];
  const lines = [header.map(csvCell).join(",")];
  // Ranked as the page ranks: the mailboxes with something in the period, then the quiet ones
  // without a rank.
  const { ranked, quiet } = rankActive(result.items, sort, dir);
  const rows = [...ranked, ...quiet.map((item) => ({ item, rank: null }))];
  for (const { item, rank } of rows) {
    lines.push(
      [
        rank,
        item.mailboxId,
        lang === "en" && item.mailbox.nameEn ? item.mailbox.nameEn : item.mailbox.name,
        t(`tiers.${item.mailbox.tier}`),
        item.received,
        item.accepted,
        item.replied,
        pct(item.onTimeRate),
        item.avgDaysToReply === null ? null : item.avgDaysToReply.toFixed(1),
        item.overdue,
        item.supervised,
        pct(item.satisfactionRate),
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** GET /api/v1/stats/assessment.csv (and ?format=csv): `lang` wins over the request's language. */
export async function assessmentCsvResponse(app: AppServices, url: URL, requestLang: Lang): Promise<Response> {
  const q = url.searchParams;
  const result = await assessment(app, { from: q.get("from"), to: q.get("to"), tier: q.get("tier"), mailboxId: q.get("mailboxId") });
  const lang: Lang = q.get("lang") === "en" ? "en" : q.get("lang") === "zh-CN" ? "zh-CN" : requestLang;
  const { sort, dir } = parseSort(q.get("sort"), q.get("dir"));
  const body = assessmentCsv(result, getT(lang), lang, sort, dir);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="assessment_${result.from}_${result.to}.csv"`,
      "Content-Language": lang,
      "Cache-Control": "no-store",
    },
  });
}
