// Open311's wire conventions: JSON bodies, form or JSON input, and errors as
// `[{"code": <HTTP status>, "description": "..."}]` with that status (GeoReport v2).
import type { AppLoadContext } from "@remix-run/node";
import { getT, type Lang } from "~/i18n";
import { isAppError } from "../errors";
import { jsonResponse, logInternalError, MAX_BODY_BYTES, translateError, translateFields } from "../http";
import { AppError, badRequest } from "../errors";

/** `locale` (query or body) wins, then the request's language (Accept-Language; zh-CN default). */
export function open311Lang(context: AppLoadContext, locale: unknown): Lang {
  if (typeof locale === "string" && locale.trim()) return locale.trim().toLowerCase().startsWith("en") ? "en" : "zh-CN";
  return context.lang;
}

/** Open311's answers are public data: any origin may read them (writes still need a key). */
export function open311Json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return jsonResponse(body, status, { "Access-Control-Allow-Origin": "*", ...headers });
}

export function open311ErrorResponse(e: unknown, lang: Lang): Response {
  const t = getT(lang);
  if (!isAppError(e)) {
    logInternalError(e);
    return open311Json([{ code: 500, description: t("open311.errors.internal") }], 500);
  }
  let description: string;
  if (e.fields) {
    description = Object.entries(translateFields(e.fields, lang))
      .map(([field, message]) => `${field}: ${message}`)
      .join("; ");
  } else {
    const own = `open311.errors.${e.code}`;
    const text = t(own, { seconds: e.retryAfter ?? 60, defaultValue: "" });
    description = text || translateError(e, lang).message;
  }
  const headers: Record<string, string> = {};
  if (e.retryAfter) headers["Retry-After"] = String(e.retryAfter);
  return open311Json([{ code: e.status, description }], e.status, headers);
}

type Args = { request: Request; context: AppLoadContext; params: Record<string, string | undefined> };

/** Wraps an Open311 handler: every refusal in Open311's error format and language. */
export function open311(handler: (args: Args, lang: Lang) => Promise<Response>) {
  return async (args: Args) => {
    const lang = open311Lang(args.context, new URL(args.request.url).searchParams.get("locale"));
    try {
      return await handler(args, lang);
    } catch (e) {
      return open311ErrorResponse(e, lang);
    }
  };
}

/** Open311 clients post forms (application/x-www-form-urlencoded or multipart); JSON works too. */
export async function readOpen311Body(request: Request): Promise<Record<string, unknown>> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  if (type.includes("application/json")) {
    const text = await request.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("payload_too_large", 413);
    if (!text.trim()) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badRequest("invalid_input", { body: { key: "validation.invalid" } });
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw badRequest("invalid_input", { body: { key: "validation.invalid" } });
    return parsed as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw badRequest("invalid_input", { body: { key: "validation.invalid" } });
  }
  for (const [k, v] of form) if (typeof v === "string" && !(k in out)) out[k] = v;
  return out;
}

/** The origin users see: PUBLIC_URL when set, else the request's own. */
export function baseUrlOf(request: Request, context: AppLoadContext) {
  return context.app.config.publicUrl ?? new URL(request.url).origin;
}

export const methodNotAllowed = open311(async () => {
  throw new AppError("method_not_allowed", 405);
});
