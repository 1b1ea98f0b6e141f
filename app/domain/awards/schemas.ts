// One schema per award form, used by the API, the page actions and the browser.
import { z } from "zod";
import { TITLE_MAX } from "../forum/types";
import { INTEGRITY_DEFAULTS, parseShanghaiLocal } from "./rules";
import { resultsVisibilities } from "./types";

export const REASON_MAX = 1000;
export const DESCRIPTION_MAX = 5000;
export const VOID_MAX_VOTES = 1000;

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.union([z.string().regex(/^[1-9][0-9]{0,15}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).transform(Number);
const flag = z.union([z.boolean(), z.enum(["true", "false", "on", "off", "1", "0"]).transform((v) => v === "true" || v === "on" || v === "1")]);

/** A whole number in [min, max] from JSON or a form; empty or missing means `def` (when given). */
const intIn = (min: number, max: number, key: string, def?: number) =>
  z.union([z.number(), z.string(), z.undefined(), z.null()]).transform((v, ctx) => {
    const blank = v === undefined || v === null || (typeof v === "string" && v.trim() === "");
    if (blank && def !== undefined) return def;
    const n = typeof v === "number" ? v : blank ? NaN : Number(String(v).trim());
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message: blank ? "validation.required" : key });
      return z.NEVER;
    }
    return n;
  });

const dateTime = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((v, ctx) => {
    const d = parseShanghaiLocal(v);
    if (!d) {
      ctx.addIssue({ code: "custom", message: "validation.invalid_date" });
      return z.NEVER;
    }
    return d;
  });

export const awardCreateSchema = z
  .object({
    title: text(TITLE_MAX),
    year: intIn(2000, 2100, "validation.award_year"),
    description: z.string().trim().max(DESCRIPTION_MAX).optional().default(""),
    nominationOpensAt: dateTime,
    votingOpensAt: dateTime,
    votingClosesAt: dateTime,
    votesPerVoter: intIn(1, 20, "validation.award_votes_per_voter"),
    minAccountAgeDays: intIn(0, 3650, "validation.award_min_age", 0),
    minPosts: intIn(0, 100_000, "validation.award_min_posts", 0),
    resultsVisibility: z.enum(resultsVisibilities),
    winners: intIn(1, 50, "validation.award_winners", 3),
  })
  .superRefine((r, ctx) => {
    // The same order the database's CHECK (award_rounds_windows) holds.
    if (r.votingOpensAt < r.nominationOpensAt) {
      ctx.addIssue({ code: "custom", path: ["votingOpensAt"], message: "validation.award_voting_before_nominations" });
    }
    if (r.votingClosesAt <= r.votingOpensAt) {
      ctx.addIssue({ code: "custom", path: ["votingClosesAt"], message: "validation.award_close_before_open" });
    }
  });
export type AwardCreateInput = z.infer<typeof awardCreateSchema>;

/**
 * A nomination names the person by id (the API contract) or by username (the page's form, and an
 * API convenience).
 */
export const nominationSchema = z
  .object({
    userId: id.optional(),
    username: z.string().trim().max(64).optional(),
    reason: text(REASON_MAX),
  })
  .superRefine((n, ctx) => {
    if (n.userId !== undefined) return;
    if (n.username === undefined) ctx.addIssue({ code: "custom", path: ["userId"], message: "validation.required" });
    else if (n.username === "") ctx.addIssue({ code: "custom", path: ["username"], message: "validation.required" });
  });

/** A moderator adds someone from the suggested list. */
export const suggestedCandidateSchema = z.object({
  userId: id,
  reason: z.string().trim().max(REASON_MAX).optional().default(""),
});

export const candidateReviewSchema = z.object({ approved: flag });

export const voteSchema = z.object({ candidateId: id });

// Forms send a list as repeated fields or a comma-separated string; JSON as an array.
const idList = z
  .union([z.array(id), id.transform((v) => [v]), z.string().transform((s) => s.split(",").filter(Boolean))])
  .pipe(z.array(id).min(1).max(VOID_MAX_VOTES));

export const voidSchema = z.object({ voteIds: idList, reason: text(500) });

export const integrityParamsSchema = z.object({
  newAccountDays: intIn(1, 365, "validation.invalid", INTEGRITY_DEFAULTS.newAccountDays),
  windowMinutes: intIn(1, 1440, "validation.invalid", INTEGRITY_DEFAULTS.windowMinutes),
  minBurst: intIn(2, 1000, "validation.invalid", INTEGRITY_DEFAULTS.minBurst),
  minNetwork: intIn(2, 1000, "validation.invalid", INTEGRITY_DEFAULTS.minNetwork),
});
export type IntegrityParams = z.infer<typeof integrityParamsSchema>;
