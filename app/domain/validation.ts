// Turns zod issues into locale keys per field, so the API and the forms share one wording.
import type { ZodError, ZodTypeAny, z } from "zod";

export interface FieldIssue {
  key: string;
  params?: Record<string, string | number>;
}
export type FieldIssues = Record<string, FieldIssue>;

export function issuesToFields(error: ZodError): FieldIssues {
  const out: FieldIssues = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "_";
    if (out[field]) continue;
    let f: FieldIssue;
    switch (issue.code) {
      case "invalid_type":
        f = issue.received === "undefined" || issue.received === "null"
          ? { key: "validation.required" }
          : { key: "validation.invalid" };
        break;
      case "too_small":
        f = issue.type === "string" && Number(issue.minimum) <= 1
          ? { key: "validation.required" }
          : { key: "validation.too_short", params: { min: Number(issue.minimum) } };
        break;
      case "too_big":
        f = { key: "validation.too_long", params: { max: Number(issue.maximum) } };
        break;
      case "invalid_enum_value":
      case "invalid_literal":
        f = { key: "validation.invalid_choice" };
        break;
      case "custom":
      case "invalid_string":
        f = { key: issue.message.startsWith("validation.") ? issue.message : "validation.invalid" };
        break;
      default:
        f = { key: "validation.invalid" };
    }
    out[field] = f;
  }
  return out;
}

export type ParseResult<S extends ZodTypeAny> =
  | { ok: true; data: z.infer<S> }
  | { ok: false; fields: FieldIssues };

export function safeParse<S extends ZodTypeAny>(schema: S, input: unknown): ParseResult<S> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, data: r.data } : { ok: false, fields: issuesToFields(r.error) };
}

/**
 * An Idempotency-Key a client sends with a write it may retry (petitions, replies, Open311):
 * 8–100 of `[A-Za-z0-9_-]`. One rule for every service and for the OpenAPI document.
 */
export const IDEMPOTENCY_KEY_PATTERN = "^[A-Za-z0-9_-]{8,100}$";
const idempotencyKey = new RegExp(IDEMPOTENCY_KEY_PATTERN);
export const isIdempotencyKey = (v: unknown): v is string => typeof v === "string" && idempotencyKey.test(v);
