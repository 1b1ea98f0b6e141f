// One schema per commitments form, used by the API, the page actions and the browser.
import { z } from "zod";
import { TITLE_MAX } from "../forum/types";
import {
  BUDGET_MAX,
  LINKS_MAX,
  MILESTONE_TITLE_MAX,
  MILESTONES_MAX,
  NOTE_MAX,
  ORDINAL_MAX,
  PROGRESS_MAX,
  SUMMARY_MAX,
  YEAR_MAX,
  YEAR_MIN,
} from "./types";

export const id = z
  .union([z.string().trim().regex(/^[1-9][0-9]{0,15}$/, "validation.invalid"), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
  .transform(Number);

// Form checkboxes arrive as "on"/"true"; JSON as booleans.
const flag = z.union([z.boolean(), z.enum(["true", "false", "on", "off", "1", "0"]).transform((v) => v === "true" || v === "on" || v === "1")]);

/** A whole number from JSON or a form field ("1,200" and "1 200" read as 1200), within bounds. */
const wholeNumber = (min: number, max: number, message: string) =>
  z.unknown().transform((v, ctx): number => {
    const n =
      typeof v === "number"
        ? v
        : typeof v === "string" && /^\s*-?[\d,，\s]{1,24}\s*$/.test(v) && /\d/.test(v)
          ? Number(v.replace(/[,，\s]/g, ""))
          : Number.NaN;
    if (v === undefined || v === null || (typeof v === "string" && !v.trim())) {
      ctx.addIssue({ code: "custom", message: "validation.required" });
      return z.NEVER;
    }
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return n;
  });

export const progressValue = wholeNumber(0, PROGRESS_MAX, "validation.commitment_progress_range");
export const ordinalValue = wholeNumber(1, ORDINAL_MAX, "validation.commitment_ordinal_range");
export const yearValue = wholeNumber(YEAR_MIN, YEAR_MAX, "validation.commitment_year_range");

/** Empty means "no budget published"; otherwise whole yuan. */
export const budgetValue = z.unknown().transform((v, ctx): number | null => {
  if (v === undefined || v === null || (typeof v === "string" && !v.trim())) return null;
  const r = wholeNumber(0, BUDGET_MAX, "validation.commitment_budget").safeParse(v);
  if (!r.success) {
    ctx.addIssue({ code: "custom", message: "validation.commitment_budget" });
    return z.NEVER;
  }
  return r.data;
});

/** A day "YYYY-MM-DD" (read in Beijing time, like every date on the site) or an ISO instant. */
export function parseDay(v: string): Date | null {
  const s = v.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = day ? new Date(`${s}T00:00:00+08:00`) : /^\d{4}-\d{2}-\d{2}T/.test(s) ? new Date(s) : null;
  if (!d || Number.isNaN(d.getTime())) return null;
  // 2026-02-31 rolls over in Date; refuse it.
  if (day && new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) !== s) return null;
  return d;
}

/** The value a `date` input shows for an instant, in Beijing time. */
export const toDayInput = (iso: string | null | undefined) => (iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : "");

const dueOn = z.unknown().transform((v, ctx): Date | null => {
  if (v === undefined || v === null || (typeof v === "string" && !v.trim())) return null;
  const d = typeof v === "string" && v.length <= 40 ? parseDay(v) : null;
  if (!d) {
    ctx.addIssue({ code: "custom", message: "validation.invalid_date" });
    return z.NEVER;
  }
  return d;
});

const title = z.string().trim().min(1).max(TITLE_MAX);
const summary = z.string().trim().max(SUMMARY_MAX);

export const milestoneInputSchema = z.object({
  title: z.string().trim().min(1).max(MILESTONE_TITLE_MAX),
  dueOn: dueOn.optional().transform((v) => v ?? null),
});
export type MilestoneInput = z.infer<typeof milestoneInputSchema>;

/** Ids from JSON arrays or a form's comma-separated text ("12, 15，18"). */
export const idList = z
  .union([z.array(z.union([z.string(), z.number()])), z.string()])
  .optional()
  .transform((v, ctx): number[] => {
    const raw = v === undefined ? [] : typeof v === "string" ? v.split(/[\s,，、;；]+/).filter(Boolean) : v;
    const out: number[] = [];
    for (const r of raw) {
      const p = id.safeParse(r);
      if (!p.success) {
        ctx.addIssue({ code: "custom", message: "validation.commitment_ids" });
        return z.NEVER;
      }
      if (!out.includes(p.data)) out.push(p.data);
    }
    if (out.length > LINKS_MAX) {
      ctx.addIssue({ code: "custom", message: "validation.commitment_too_many_links" });
      return z.NEVER;
    }
    return out;
  });

export const commitmentCreateSchema = z
  .object({
    year: yearValue,
    title,
    summary: summary.optional().default(""),
    ownerMailboxId: id,
    budgetYuan: budgetValue.optional().transform((v) => v ?? null),
    status: z.enum(["proposed", "adopted"]).optional().default("proposed"),
    ordinal: z
      .unknown()
      .optional()
      .transform((v, ctx): number | null => {
        if (v === undefined || v === null || (typeof v === "string" && !v.trim())) return null;
        const r = ordinalValue.safeParse(v);
        if (!r.success) {
          ctx.addIssue({ code: "custom", message: "validation.commitment_ordinal_range" });
          return z.NEVER;
        }
        return r.data;
      }),
    milestones: z.array(milestoneInputSchema).max(MILESTONES_MAX).optional().default([]),
    threadIds: idList,
    petitionIds: idList,
  })
  .superRefine((v, ctx) => {
    if (v.status === "adopted" && v.ordinal === null) ctx.addIssue({ code: "custom", path: ["ordinal"], message: "validation.commitment_ordinal_required" });
    if (v.status === "proposed" && v.ordinal !== null) ctx.addIssue({ code: "custom", path: ["ordinal"], message: "validation.commitment_ordinal_proposed" });
  });
export type CommitmentCreateInput = z.infer<typeof commitmentCreateSchema>;

/**
 * An edit of the details, or a change of status: `adopted` (with `ordinal`), `done`, `dropped`.
 * `ordinal` alone moves an adopted commitment to another place in its year's list.
 */
export const commitmentPatchSchema = z
  .object({
    year: yearValue,
    title,
    summary,
    ownerMailboxId: id,
    budgetYuan: budgetValue,
    status: z.enum(["adopted", "done", "dropped"]),
    ordinal: ordinalValue,
  })
  .partial()
  .strict();
export type CommitmentPatchInput = z.infer<typeof commitmentPatchSchema>;

export const progressSchema = z.object({
  progress: progressValue,
  note: z.string().trim().max(NOTE_MAX).optional().default(""),
});
export type ProgressInput = z.infer<typeof progressSchema>;

export const milestonePatchSchema = z
  .object({
    title: z.string().trim().min(1).max(MILESTONE_TITLE_MAX),
    dueOn,
    done: flag,
  })
  .partial()
  .strict();

/** A link to what motivated the commitment: exactly one of a thread or a petition. */
export const linkSchema = z.union([z.object({ threadId: id }).strict(), z.object({ petitionId: id }).strict()]);
export type LinkInput = z.infer<typeof linkSchema>;

/**
 * Prefill of /commitments/new from query parameters (the emerging-issues page links here):
 * `title`, `summary`, `threads` and `petitions` (comma-separated ids), `mailbox` (a mailbox id).
 * Whatever does not read cleanly is dropped, never an error: it is a suggestion.
 */
export function readPrefill(q: URLSearchParams) {
  const ids = (s: string | null) => {
    const r = idList.safeParse(s ?? "");
    return r.success ? r.data : [];
  };
  const mailbox = id.safeParse(q.get("mailbox") ?? "");
  return {
    title: (q.get("title") ?? "").trim().slice(0, TITLE_MAX),
    summary: (q.get("summary") ?? "").trim().slice(0, SUMMARY_MAX),
    threadIds: ids(q.get("threads")),
    petitionIds: ids(q.get("petitions")),
    mailboxId: mailbox.success ? mailbox.data : null,
  };
}
