// Shared plumbing for routes: JSON answers, error mapping, body parsing, auth guards.
import { data } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { getT } from "~/i18n";
import type { FieldIssues } from "~/domain/validation";
import { AppError, badRequest, isAppError, notFound } from "./errors";
import { log } from "./log";

export const MAX_BODY_BYTES = 256 * 1024;

export type TranslatedError = { code: string; message: string; fields?: Record<string, string> };

export function translateError(e: AppError, lang: AppLoadContext["lang"]): TranslatedError {
  const t = getT(lang);
  const out: TranslatedError = { code: e.code, message: t(`errors.${e.code}`, { defaultValue: t("errors.invalid_input") }) };
  if (e.fields) out.fields = translateFields(e.fields, lang);
  return out;
}

export function translateFields(fields: FieldIssues, lang: AppLoadContext["lang"]) {
  const t = getT(lang);
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v.key, v.params ?? {})]));
}

export function jsonResponse(body: unknown, status = 200, headers?: HeadersInit) {
  const h = new Headers(headers);
  h.set("Content-Type", "application/json; charset=utf-8");
  h.set("Cache-Control", "no-store");
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: h });
}

/** Never the raw error: a failed query's message carries its parameters (letters, contacts). */
export function logInternalError(e: unknown) {
  // Name, code and the first line only: a database error's full text can quote personal data.
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  log.error(
    { err: { name: err?.name ?? "Error", code: err?.cause?.code ?? err?.code, message: (err?.cause?.message ?? err?.message)?.split("\n")[0] } },
    "internal error",
  );
}

function errorResponse(e: unknown, lang: AppLoadContext["lang"]) {
  if (isAppError(e)) {
    const headers: Record<string, string> = {};
    if (e.retryAfter) headers["Retry-After"] = String(e.retryAfter);
    return jsonResponse({ error: translateError(e, lang) }, e.status, headers);
  }
  if (e instanceof Response) return e;
  logInternalError(e);
  const t = getT(lang);
  return jsonResponse({ error: { code: "internal", message: t("errors.internal") } }, 500);
}

type Args = { request: Request; context: AppLoadContext; params: Record<string, string | undefined> };

/** Wraps an API handler: AppErrors become `{error}` JSON, anything else a 500 without a trace. */
export function api(handler: (args: Args) => Promise<Response>) {
  return async (args: Args) => {
    try {
      return await handler(args);
    } catch (e) {
      return errorResponse(e, args.context.lang);
    }
  };
}

/** Method dispatch for resource routes' actions. */
export function methods(map: Partial<Record<"POST" | "PATCH" | "PUT" | "DELETE", (args: Args) => Promise<Response>>>) {
  return api(async (args) => {
    const h = map[args.request.method as keyof typeof map];
    if (!h) throw new AppError("method_not_allowed", 405);
    return h(args);
  });
}

export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("payload_too_large", 413);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("invalid_json");
  }
}

/** Numeric id from a route param; anything else is a 404 (ids are never guessable shapes). */
export function idParam(raw: string | undefined): number {
  if (!raw || !/^[1-9][0-9]{0,15}$/.test(raw)) throw notFound();
  return Number(raw);
}

export async function readForm(request: Request): Promise<Record<string, string>> {
  const form = await request.formData();
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string") out[k] = v;
  return out;
}

/**
 * Runs a page action: a thrown AppError becomes `{error}` with its status, so the form shows
 * the message and the field errors inline, and nothing else happens. `values` (never a
 * password) come back with the error as `{error, values}`: without JavaScript the page is
 * rendered anew, and the form fills its fields from them instead of losing what was typed.
 */
export async function formAction<T>(context: AppLoadContext, fn: () => Promise<T>, values?: Record<string, string>) {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e)) return data({ error: translateError(e, context.lang), ...(values ? { values } : {}) }, { status: e.status });
    throw e;
  }
}

/**
 * Runs a page loader's work: an AppError (not found, forbidden …) becomes an HTTP response
 * with its status and message, which the route's error boundary shows.
 */
export async function forPage<T>(context: AppLoadContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e)) throw new Response(translateError(e, context.lang).message, { status: e.status });
    throw e;
  }
}
