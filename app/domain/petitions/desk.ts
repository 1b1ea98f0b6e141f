// Pure helpers of the case desk (case page, workbench, notifications): days left on a time
// limit, the workbench's query parameters, and the mailbox picker's grouping and filter.
// Isomorphic and clock-free (the caller passes `now`), so the server render and the browser
// print the same text; unit-tested in test/unit/desk.test.ts.
import type { Light, PetitionStatus } from "./workflow";

export const DAY_MS = 86_400_000;

export type DueState = { kind: "left"; days: number } | { kind: "overdue"; days: number };

/**
 * How a deadline stands at `now`: whole days left (rounded up, so the last hours count as
 * "1 day left"), or whole days overdue (rounded up, so one hour late is "overdue by 1 day").
 */
export function dueState(dueAt: string | Date | null | undefined, now: string | Date): DueState | null {
  if (!dueAt) return null;
  const due = new Date(dueAt).getTime();
  const at = new Date(now).getTime();
  if (!Number.isFinite(due) || !Number.isFinite(at)) return null;
  const ms = due - at;
  if (ms >= 0) return { kind: "left", days: Math.max(1, Math.ceil(ms / DAY_MS)) };
  return { kind: "overdue", days: Math.max(1, Math.ceil(-ms / DAY_MS)) };
}

export const addDaysIso = (iso: string | Date, days: number) => new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();

/** A date as YYYY-MM-DD in Shanghai (the value of a date input). */
export function shanghaiDate(d: string | Date): string {
  return new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- the workbench's address

export const workbenchViews = ["inbox", "history", "supervision"] as const;
export type WorkbenchView = (typeof workbenchViews)[number];
export const historyStatuses = ["replied", "closed", "rejected"] as const satisfies readonly PetitionStatus[];
/**
 * Statuses of open work (the inbox's status filter). "replied" is not among them: listCases reads
 * that status as the history view; a replied case whose co-handlers are still at work shows in
 * the unfiltered inbox.
 */
export const openStatuses = ["submitted", "accepted", "assigned", "reviewing"] as const satisfies readonly PetitionStatus[];
export const workLights = ["red", "yellow", "green"] as const satisfies readonly Light[];
export const tiersList = ["city", "county", "town"] as const;

export interface WorkbenchQuery {
  view: WorkbenchView;
  mailboxId: string | null;
  light: (typeof workLights)[number] | null;
  status: PetitionStatus | null;
  tier: (typeof tiersList)[number] | null;
  cursor: string | null;
}

const pick = <T extends string>(list: readonly T[], v: string | null): T | null => (v !== null && (list as readonly string[]).includes(v) ? (v as T) : null);

/**
 * The workbench's filters from its address. Anything unknown is dropped rather than refused,
 * so an old bookmark still opens; the supervision view is for administrators only.
 */
export function parseWorkbenchQuery(params: URLSearchParams, opts: { admin: boolean }): WorkbenchQuery {
  let view = pick(workbenchViews, params.get("view")) ?? "inbox";
  if (view === "supervision" && !opts.admin) view = "inbox";
  const mailbox = params.get("mailbox");
  const cursor = params.get("cursor");
  const statusRaw = params.get("status");
  let status: PetitionStatus | null = null;
  if (view === "history") status = pick(historyStatuses, statusRaw) ?? "replied";
  else if (view === "inbox") status = pick(openStatuses, statusRaw);
  let light = pick(workLights, params.get("light"));
  if (view === "history") light = null;
  if (view === "supervision" && light === "green") light = null;
  return {
    view,
    mailboxId: view !== "supervision" && mailbox && /^[1-9][0-9]{0,15}$/.test(mailbox) ? mailbox : null,
    light,
    status,
    tier: view === "supervision" ? pick(tiersList, params.get("tier")) : null,
    cursor: cursor && cursor.length <= 200 && /^[A-Za-z0-9_-]+$/.test(cursor) ? cursor : null,
  };
}

/** The address of the workbench with these filters (defaults left out, the cursor dropped unless given). */
export function workbenchHref(q: Partial<WorkbenchQuery>): string {
  const p = new URLSearchParams();
  if (q.view && q.view !== "inbox") p.set("view", q.view);
  if (q.mailboxId) p.set("mailbox", q.mailboxId);
  if (q.status && !(q.view === "history" && q.status === "replied")) p.set("status", q.status);
  if (q.light) p.set("light", q.light);
  if (q.tier) p.set("tier", q.tier);
  if (q.cursor) p.set("cursor", q.cursor);
  const s = p.toString();
  return s ? `/workbench?${s}` : "/workbench";
}

// ---------------------------------------------------------------- the mailbox picker

export interface PickableMailbox {
  id: string;
  name: string;
  nameEn: string;
  tier: "city" | "county" | "town";
}

/** Mailboxes grouped by tier, city first, each group in the given order. */
export function groupByTier<M extends PickableMailbox>(list: M[]): { tier: M["tier"]; items: M[] }[] {
  return tiersList.map((tier) => ({ tier, items: list.filter((m) => m.tier === tier) })).filter((g) => g.items.length > 0);
}

/** Whether a mailbox matches what was typed into the filter (either name, ignoring case and spaces). */
export function matchesMailbox(m: Pick<PickableMailbox, "name" | "nameEn">, query: string): boolean {
  const q = query.replace(/\s+/g, "").toLowerCase();
  if (!q) return true;
  return m.name.replace(/\s+/g, "").toLowerCase().includes(q) || m.nameEn.replace(/\s+/g, "").toLowerCase().includes(q);
}

/** Light counts in the order the workbench shows them. */
export function lightTotals(counts: Partial<Record<Light, number>>) {
  return workLights.map((light) => ({ light, count: counts[light] ?? 0 }));
}
