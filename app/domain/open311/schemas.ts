// Open311 GeoReport v2 (the mobile and hotline channels) and its API keys: the admin form's
// schema, the POST /open311/v2/requests.json fields, and the service catalogue (our categories).
import { z } from "zod";
import { categories, type Category } from "../petitions/workflow";

export const apiKeyChannels = ["mobile", "hotline"] as const;
export type ApiKeyChannel = (typeof apiKeyChannels)[number];

export const API_KEY_NAME_MAX = 100;
export const RATE_LIMIT_MAX = 10_000;

export const apiKeyCreateSchema = z.object({
  name: z.string().trim().min(1).max(API_KEY_NAME_MAX),
  channel: z.enum(apiKeyChannels),
  rateLimitPerMinute: z.coerce.number().int().min(1).max(RATE_LIMIT_MAX).optional().default(60),
});
export type ApiKeyCreateInput = z.infer<typeof apiKeyCreateSchema>;

/** An API key as administrators see it: never the key itself, only its prefix. */
export interface ApiKeyDto {
  id: string;
  name: string;
  channel: ApiKeyChannel;
  prefix: string;
  rateLimitPerMinute: number;
  createdAt: string;
  createdBy: { id: string; username: string; displayName: string };
  revokedAt: string | null;
  revokedBy: { id: string; username: string; displayName: string } | null;
  lastUsedAt: string | null;
  active: boolean;
}

/** Open311's description limit (GeoReport v2: "free form text limited to 4,000 characters"). */
export const DESCRIPTION_MAX = 4000;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));
const coordinate = (min: number, max: number) =>
  z
    .union([z.number(), z.string().trim().min(1)])
    .optional()
    .nullable()
    .transform((v, ctx) => {
      if (v === undefined || v === null) return null;
      const n = typeof v === "number" ? v : Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: "validation.invalid" });
        return z.NEVER;
      }
      return n;
    });

/**
 * POST /open311/v2/requests.json, after the API key. Field names are Open311's. `jurisdiction_id`
 * is resolved against the mailbox tree by the service (a slug such as `city-mayor`, or an id).
 */
export const open311RequestSchema = z.object({
  jurisdiction_id: optionalText(100),
  service_code: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((v) => (categories as readonly string[]).includes(v), "validation.open311_unknown_service")
    .transform((v) => v as Category),
  description: z.string().trim().min(1).max(DESCRIPTION_MAX),
  first_name: optionalText(25),
  last_name: optionalText(25),
  phone: optionalText(30).refine((v) => v === null || /^[0-9+\-\s()]{5,30}$/.test(v), "validation.phone_format"),
  email: optionalText(120).refine((v) => v === null || z.string().email().safeParse(v).success, "validation.open311_invalid_email"),
  address_string: optionalText(150),
  lat: coordinate(-90, 90),
  long: coordinate(-180, 180),
  // Our extension: publication needs the petitioner's consent (never assumed).
  public: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")])
    .optional()
    .default(false),
});
export type Open311RequestInput = z.infer<typeof open311RequestSchema>;

/** Services are grouped for Open311's `group` field. */
export const serviceGroup: Record<Category, "city" | "livelihood" | "safety" | "economy" | "conduct"> = {
  urban_construction: "city",
  transport: "city",
  environment: "city",
  utilities: "city",
  housing: "city",
  education: "livelihood",
  health: "livelihood",
  labour_social_security: "livelihood",
  civil_affairs: "livelihood",
  culture_tourism: "livelihood",
  public_security: "safety",
  market_regulation: "safety",
  agriculture: "economy",
  economy: "economy",
  land_resources: "economy",
  government_conduct: "conduct",
  other: "conduct",
};

/** Open311's two statuses from our seven: a case is closed once closed or not accepted. */
export const open311Status = (status: string): "open" | "closed" => (status === "closed" || status === "rejected" ? "closed" : "open");

/** A title for the case from the first line of the description (Open311 has no title). */
export function titleFrom(description: string, max = 40): string {
  const line = description.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? "";
  const flat = line.replace(/\s+/g, " ");
  const chars = [...flat];
  return chars.length > max ? chars.slice(0, max - 1).join("") + "…" : flat;
}

/** The caller's name: family name first when both parts are Chinese, "first last" otherwise. */
export function contactNameOf(first: string | null, last: string | null): string | null {
  if (!first && !last) return null;
  if (first && last) return /^[\p{Script=Han}·]+$/u.test(first + last) ? `${last}${first}` : `${first} ${last}`;
  return first ?? last;
}
