// Assessment (考核): wire shapes, the table's columns and the ranking — isomorphic, shared by the
// service (app/.server/petitions/assessment.ts, where the figures are defined), the CSV export and
// the pages.
import type { MailboxKind, Tier } from "../../../db/schema/mailboxes";
import type { Light, PetitionStatus } from "./workflow";

export const ASSESSMENT_MAX_YEARS = 10;
export const TIME_ZONE_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai: UTC+8, no daylight saving since 1991

/** The Shanghai calendar date of an instant, YYYY-MM-DD. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);
}

export function shanghaiYear(at: Date): number {
  return Number(shanghaiDate(at).slice(0, 4));
}

export interface AssessmentMailbox {
  id: string;
  name: string;
  nameEn: string;
  tier: Tier;
  kind: MailboxKind;
}

export interface AssessmentItem {
  mailboxId: string;
  mailbox: AssessmentMailbox;
  received: number;
  accepted: number;
  replied: number;
  onTimeRate: number | null;
  avgDaysToReply: number | null;
  overdue: number;
  supervised: number;
  satisfactionRate: number | null;
  // Additions to api.md: the parts and numerators behind the figures.
  /** Cases addressed to the mailbox created in the period (part of `received`). */
  addressed: number;
  /** Assignments of other mailboxes' cases made in the period (the rest of `received`). */
  assigned: number;
  repliedOnTime: number;
  rated: number;
  /** Ratings "satisfied" or "basic". */
  satisfiedOrBasic: number;
}

export interface AssessmentResult {
  /** First and last day (YYYY-MM-DD, Shanghai calendar, both included). */
  from: string;
  to: string;
  /** The period as instants, [start, end). */
  start: string;
  end: string;
  /** The moment the figures describe (overdue counts deadlines passed by then). */
  generatedAt: string;
  items: AssessmentItem[];
}

export interface MonthPoint {
  /** YYYY-MM, Shanghai calendar. */
  month: string;
  received: number;
  replied: number;
}

export interface AssessmentCase {
  id: string;
  /** Only for published cases (null otherwise). */
  trackingNo: string | null;
  /** Only for published cases (the petitioner consented), personal data masked; otherwise null. */
  title: string | null;
  category: string;
  status: PetitionStatus;
  light: Light;
  /** How the case reached the mailbox: addressed to it, or assigned to it as lead or co-handler. */
  role: "addressed" | "lead" | "co";
  /** When it reached the mailbox (created, or assigned). */
  receivedAt: string;
  createdAt: string;
  /** The mailbox's own time limit and reply, when the case was assigned to it. */
  dueAt: string | null;
  repliedAt: string | null;
  /** Replied by the time limit; false when late or past it unanswered; null while still in time. */
  onTime: boolean | null;
}

// ---------------------------------------------------------------- ranking

export const assessmentColumns = [
  "received",
  "accepted",
  "replied",
  "onTimeRate",
  "avgDaysToReply",
  "overdue",
  "supervised",
  "satisfactionRate",
] as const;
export type AssessmentColumn = (typeof assessmentColumns)[number];
export type SortDir = "asc" | "desc";

/** Which way is "better" for each column: the first direction of a ranking by it. */
export const betterDir: Record<AssessmentColumn, SortDir> = {
  received: "desc",
  accepted: "desc",
  replied: "desc",
  onTimeRate: "desc",
  avgDaysToReply: "asc",
  overdue: "asc",
  supervised: "asc",
  satisfactionRate: "desc",
};

export function parseSort(sort: string | null | undefined, dir: string | null | undefined): { sort: AssessmentColumn; dir: SortDir } {
  const col = (assessmentColumns as readonly string[]).includes(sort ?? "") ? (sort as AssessmentColumn) : "onTimeRate";
  return { sort: col, dir: dir === "asc" || dir === "desc" ? dir : betterDir[col] };
}

export interface RankedItem {
  item: AssessmentItem;
  /** Competition rank (1, 2, 2, 4); null for a mailbox without a value in the column. */
  rank: number | null;
}

/** Nothing happened at the mailbox in the period: no case received, replied, overdue, supervised or rated. */
export function isQuiet(item: AssessmentItem): boolean {
  return item.received === 0 && item.replied === 0 && item.overdue === 0 && item.supervised === 0 && item.rated === 0;
}

/**
 * Rows sorted by one column, nulls always last; ties broken by the on-time rate, the satisfaction
 * rate and the number of replies (all descending), then by the given (tree) order.
 */
export function rankItems(items: AssessmentItem[], sort: AssessmentColumn, dir: SortDir): RankedItem[] {
  const sign = dir === "asc" ? 1 : -1;
  const cmp = (x: number | null, y: number | null, s: number) => (x === y ? 0 : x === null ? 1 : y === null ? -1 : s * (x - y));
  const sorted = items
    .map((item, order) => ({ item, order }))
    .sort(
      (x, y) =>
        cmp(x.item[sort], y.item[sort], sign) ||
        cmp(x.item.onTimeRate, y.item.onTimeRate, -1) ||
        cmp(x.item.satisfactionRate, y.item.satisfactionRate, -1) ||
        cmp(x.item.replied, y.item.replied, -1) ||
        x.order - y.order,
    );
  let rank = 0;
  let prev: number | null = null;
  return sorted.map(({ item }, i) => {
    const v = item[sort];
    if (v === null) return { item, rank: null };
    if (i === 0 || v !== prev) rank = i + 1;
    prev = v;
    return { item, rank };
  });
}

/** What the page and the CSV show: the mailboxes with something in the period ranked, the quiet ones apart. */
export function rankActive(items: AssessmentItem[], sort: AssessmentColumn, dir: SortDir): { ranked: RankedItem[]; quiet: AssessmentItem[] } {
  return { ranked: rankItems(items.filter((i) => !isQuiet(i)), sort, dir), quiet: items.filter(isQuiet) };
}
