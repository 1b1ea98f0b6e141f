// One schema per officials-online form, used by the API, the page actions and the browser.
// Forms send strings ("on" for a ticked box, "2026-12-01T15:00" from datetime-local inputs,
// read as Shanghai time); JSON sends real types and ISO 8601 instants.
import { z } from "zod";
import { contactSchema } from "../petitions/schemas";
import { categories } from "../petitions/workflow";
import { ANSWER_MAX, LIVE_DESCRIPTION_MAX, LIVE_TITLE_MAX, QUESTION_MAX, SESSION_MAX_HOURS } from "./types";

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.union([z.string().regex(/^[1-9][0-9]{0,15}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).transform(Number);
const flag = z.union([z.boolean(), z.enum(["true", "false", "on", "off", "1", "0"]).transform((v) => v === "true" || v === "on" || v === "1")]);

/** "2026-12-01T15:00" (a datetime-local field, Shanghai time) or an ISO instant with its zone. */
export function parseInstant(v: string): Date | null {
  const s = v.trim();
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?$/.exec(s);
  const d = local ? new Date(`${local[1]}T${local[2]}${local[3] ?? ":00"}+08:00`) : /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

const instant = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((v, ctx) => {
    const d = parseInstant(v);
    if (!d) {
      ctx.addIssue({ code: "custom", message: "validation.invalid_date" });
      return z.NEVER;
    }
    return d;
  });

/** datetime-local value (Shanghai) for an instant: what the edit form shows. */
export function toLocalInput(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

const times = <T extends { startsAt?: Date; endsAt?: Date }>(v: T, ctx: z.RefinementCtx) => {
  // A field that failed its own parse arrives here as garbage: its own issue is already reported.
  if (!(v.startsAt instanceof Date) || !(v.endsAt instanceof Date)) return;
  if (v.endsAt.getTime() <= v.startsAt.getTime()) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "validation.ends_before_start" });
  else if (v.endsAt.getTime() - v.startsAt.getTime() > SESSION_MAX_HOURS * 3_600_000) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "validation.session_too_long" });
  }
};

const sessionFields = {
  title: text(LIVE_TITLE_MAX),
  description: z.string().trim().max(LIVE_DESCRIPTION_MAX),
  mailboxId: id,
  startsAt: instant,
  endsAt: instant,
  moderated: flag,
};

export const sessionCreateSchema = z
  .object({
    ...sessionFields,
    description: sessionFields.description.optional().default(""),
    // The host: oneself, or (administrators) any official. "" from a form means oneself.
    hostId: z.union([z.literal("").transform(() => undefined), id]).optional(),
    moderated: flag.optional().default(true),
  })
  .superRefine(times);
export type SessionCreateInput = z.infer<typeof sessionCreateSchema>;

/**
 * The host's (or an administrator's) changes: the details before the session starts; `end` to
 * end it now while it is live; `highlightedQuestionId` (null to clear) while it is live.
 */
export const sessionPatchSchema = z
  .object({
    ...sessionFields,
    end: z.literal(true),
    highlightedQuestionId: z.union([id, z.null(), z.literal("").transform(() => null)]),
  })
  .partial()
  .strict()
  .superRefine(times);
export type SessionPatchInput = z.infer<typeof sessionPatchSchema>;

export const questionCreateSchema = z.object({ body: text(QUESTION_MAX) });
export const questionPatchSchema = z.object({ status: z.enum(["approved", "hidden"]) }).strict();
export const answerSchema = z.object({ body: text(ANSWER_MAX) });

/** Turning an unanswered question into a petition to the session's mailbox (channel "live"). */
export const questionConversionSchema = z.object({
  category: z.enum(categories).optional().default("other"),
  // Publication needs the petitioner's consent: never assumed.
  public: flag.optional().default(false),
  ...contactSchema,
});

export const listQuerySchema = z.object({ state: z.enum(["scheduled", "live", "ended"]).optional() });
