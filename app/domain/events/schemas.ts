// One schema per events form, used by the API, the page actions and the browser.
import { z } from "zod";
import { BODY_MAX, TITLE_MAX } from "../forum/types";
import type { FieldIssues } from "../validation";
import { SEED_PATTERN, normaliseSeed } from "./draw";
import { eventKinds } from "./types";

export const TERMS_MAX = 5000;
export const PLACE_MAX = 200;
export const URL_MAX = 500;
export const CAPACITY_MAX = 100_000;
export const LINKS_MAX = 20;

const SHANGHAI_OFFSET = "+08:00";

/**
 * A moment: an ISO 8601 date-time with its offset (the API), or a form's `datetime-local`
 * value "YYYY-MM-DDTHH:mm" (also with a space), read as Beijing time like every time on the site.
 */
export function parseMoment(v: string): Date | null {
  const s = v.trim();
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(s);
  const d = local ? new Date(`${local[1]}T${local[2]}${local[3] ?? ":00"}${SHANGHAI_OFFSET}`) : /^\d{4}-\d{2}-\d{2}T/.test(s) ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

/** The value a `datetime-local` input shows for a moment, in Beijing time. */
export function toLocalInput(iso: string | Date | null | undefined): string {
  if (!iso) return "";
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

const moment = z.unknown().transform((v, ctx): Date => {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v;
  if (v === undefined || v === null || (typeof v === "string" && !v.trim())) {
    ctx.addIssue({ code: "custom", message: "validation.required" });
    return z.NEVER;
  }
  const d = typeof v === "string" && v.length <= 40 ? parseMoment(v) : null;
  if (!d) {
    ctx.addIssue({ code: "custom", message: "validation.invalid_date" });
    return z.NEVER;
  }
  return d;
});

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

/** Only http and https links (a meeting room on the web), never javascript: or data:. */
export const isWebUrl = (v: string) => {
  if (!/^https?:\/\//i.test(v)) return false;
  try {
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
  } catch {
    return false;
  }
};

const onlineUrl = optionalText(URL_MAX).refine((v) => v === null || isWebUrl(v), "validation.event_url_scheme");

const capacity = z.unknown().transform((v, ctx): number => {
  if (v === undefined || v === null || (typeof v === "string" && !v.trim())) {
    ctx.addIssue({ code: "custom", message: "validation.required" });
    return z.NEVER;
  }
  const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d{1,7}\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > CAPACITY_MAX) {
    ctx.addIssue({ code: "custom", message: "validation.event_capacity" });
    return z.NEVER;
  }
  return n;
});

const fields = {
  title: z.string().trim().min(1).max(TITLE_MAX),
  description: z.string().trim().max(BODY_MAX).optional().default(""),
  startsAt: moment,
  endsAt: moment,
  place: optionalText(PLACE_MAX),
  onlineUrl,
  capacity,
  registrationClosesAt: moment,
  terms: z.string().trim().max(TERMS_MAX).optional().default(""),
};

export interface EventTimes {
  startsAt: Date;
  endsAt: Date | null;
  registrationClosesAt: Date;
  place: string | null;
  onlineUrl: string | null;
}

/** What must hold between the fields, for a new event and after an edit alike. */
export function crossCheck(e: EventTimes): FieldIssues {
  const out: FieldIssues = {};
  if (!e.place && !e.onlineUrl) out.place = { key: "validation.event_place_required" };
  if (e.endsAt && e.endsAt.getTime() <= e.startsAt.getTime()) out.endsAt = { key: "validation.event_end_after_start" };
  if (e.registrationClosesAt.getTime() >= e.startsAt.getTime()) out.registrationClosesAt = { key: "validation.event_deadline_before_start" };
  return out;
}

export const eventCreateSchema = z
  .object({ kind: z.enum(eventKinds), ...fields })
  .superRefine((v, ctx) => {
    // Only once each field is valid on its own.
    if (![v.startsAt, v.registrationClosesAt, v.endsAt].every((d) => d instanceof Date)) return;
    for (const [path, issue] of Object.entries(crossCheck(v))) ctx.addIssue({ code: "custom", path: [path], message: issue.key });
  });
export type EventCreateInput = z.infer<typeof eventCreateSchema>;

/** An edit: any of the fields (the kind stays); checked again against the others after merging. */
export const eventUpdateSchema = z.object(fields).partial();
export type EventUpdateInput = z.infer<typeof eventUpdateSchema>;

// ---------------------------------------------------------------- check-in codes

/** No 0/O, 1/I/L: read out at the door and typed by hand. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 6;
const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** "abc-d2f " → "ABCD2F": case, spaces and dashes do not matter. */
export const normaliseCode = (s: string) => s.toUpperCase().replace(/[\s\-_.]/g, "");
export const isCheckInCode = (s: string) => CODE_PATTERN.test(s);
/** "ABCD2F" → "ABC-D2F", easier to read out. */
export const formatCode = (s: string) => (s.length === CODE_LENGTH ? `${s.slice(0, 3)}-${s.slice(3)}` : s);

const id = z.union([z.string().regex(/^[1-9][0-9]{0,15}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).transform(Number);

/** Check someone in by the code they show, or (someone who forgot it) by their registration. */
export const checkInSchema = z.union([
  z.object({ registrationId: id }),
  z.object({
    code: z
      .string()
      .max(40)
      .transform(normaliseCode)
      .refine((v) => v.length > 0, "validation.required")
      .refine(isCheckInCode, "validation.event_code_format"),
  }),
]);

// ---------------------------------------------------------------- the draw

export const drawSchema = z.object({
  seed: z
    .string()
    .max(200)
    .optional()
    .nullable()
    .transform((v) => (v && v.trim() ? normaliseSeed(v) : null))
    .refine((v) => v === null || SEED_PATTERN.test(v), "validation.event_seed_format"),
});

// ---------------------------------------------------------------- minutes and links

export const linkKinds = ["thread", "petition"] as const;
export type LinkKind = (typeof linkKinds)[number];

/** A thread by id; a petition by id or tracking number (HY + 14 digits). */
const linkRef = z.object({
  kind: z.enum(linkKinds),
  id: z.union([z.string().trim().max(40), z.number().int().positive()]).transform(String),
});

export const minutesSchema = z.object({
  minutes: z.string().trim().max(BODY_MAX).optional().default(""),
  links: z.array(linkRef).max(LINKS_MAX).optional().default([]),
});
export type MinutesInput = z.infer<typeof minutesSchema>;

/**
 * Reads what organisers paste into the links boxes: one thread or petition per line (or
 * separated by commas/spaces): an id, an address such as https://…/t/12 or /petitions/5, or a
 * petition's tracking number.
 */
export function parseLinkRefs(text: string, kind: LinkKind): { kind: LinkKind; id: string }[] {
  const out: { kind: LinkKind; id: string }[] = [];
  for (const raw of text.split(/[\s,，、;；]+/)) {
    const s = raw.trim();
    if (!s) continue;
    const path = kind === "thread" ? /\/t\/([1-9][0-9]{0,15})(?:[/?#]|$)/.exec(s) : /\/petitions\/([1-9][0-9]{0,15})(?:[/?#]|$)/.exec(s);
    const value = path ? path[1] : s.toUpperCase().startsWith("HY") ? s.toUpperCase() : s;
    if (!out.some((o) => o.id === value)) out.push({ kind, id: value });
  }
  return out;
}
