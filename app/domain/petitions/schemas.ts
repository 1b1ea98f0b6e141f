// One schema per petition form, used by the API, the page actions and the browser.
import { z } from "zod";
import { BODY_MAX, TITLE_MAX } from "../forum/types";
import { categories, satisfactions } from "./workflow";

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));
const id = z.union([z.string().regex(/^[1-9][0-9]{0,15}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).transform(Number);
const flag = z.union([z.boolean(), z.enum(["true", "false", "on", "off", "1", "0"]).transform((v) => v === "true" || v === "on" || v === "1")]);
const NOTE_MAX = 5000;

export const contactSchema = {
  contactName: optionalText(50),
  contactPhone: optionalText(30).refine((v) => v === null || /^[0-9+\-\s()]{5,30}$/.test(v), "validation.phone_format"),
  contactAddress: optionalText(200),
};

export const petitionCreateSchema = z.object({
  mailboxId: id,
  title: text(TITLE_MAX),
  body: text(BODY_MAX),
  category: z.enum(categories),
  public: flag.optional().default(false),
  ...contactSchema,
});
export type PetitionCreateInput = z.infer<typeof petitionCreateSchema>;

/**
 * The API's channels (六连): a mobile app files for its signed-in user; the 12345 hotline's
 * operator (an official or admin) files on behalf of a caller, whose contact is then required.
 */
export const apiChannelSchema = z.object({ channel: z.enum(["mailbox", "mobile", "hotline"]).optional().default("mailbox") });

export const threadConversionSchema = z.object({
  mailboxId: id,
  category: z.enum(categories).optional().default("other"),
  // Publication needs the petitioner's consent: never assumed.
  public: flag.optional().default(false),
  ...contactSchema,
});

// The date of a custom due date: an ISO date-time, or a plain date (end of that day, Shanghai).
const dueDate = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((v, ctx) => {
    const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T23:59:59.999+08:00`) : new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "validation.invalid_date" });
      return z.NEVER;
    }
    return d;
  });

// Forms send a list as repeated fields or a comma-separated string; JSON as an array.
const idList = z.union([z.array(id), z.string().transform((s) => s.split(",").filter(Boolean))]).pipe(z.array(id).min(1).max(10));

export const actionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept") }),
  z.object({ action: z.literal("reject"), reason: text(NOTE_MAX) }),
  z.object({ action: z.literal("propose"), opinion: text(NOTE_MAX) }),
  z.object({ action: z.literal("instruct"), instruction: text(NOTE_MAX) }),
  z.object({
    action: z.literal("assign"),
    mailboxIds: idList,
    leadMailboxId: id.optional(),
    dueAt: dueDate.optional(),
  }),
  z.object({ action: z.literal("reply"), body: text(BODY_MAX), mailboxId: id.optional() }),
  z.object({ action: z.literal("extend"), days: z.coerce.number().int().min(1).max(30), reason: text(NOTE_MAX) }),
  z.object({ action: z.literal("supervise"), note: text(NOTE_MAX), mailboxId: id.optional() }),
  z.object({ action: z.literal("feedback"), note: text(NOTE_MAX) }),
  z.object({ action: z.literal("rate"), satisfaction: z.enum(satisfactions), comment: optionalText(NOTE_MAX).transform((v) => v ?? undefined) }),
  z.object({ action: z.literal("review"), reason: text(NOTE_MAX) }),
  z.object({ action: z.literal("close") }),
]);
export type ActionRequest = z.infer<typeof actionSchema>;

export const trackSchema = z.object({
  trackingNo: z.string().trim().toUpperCase().min(1).max(40),
  queryCode: z.string().trim().toUpperCase().min(1).max(40),
});
