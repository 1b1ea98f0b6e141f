// Errors carry a stable code, an HTTP status and a locale key; routes turn them into
// `{error: {code, message, fields}}` (API) or inline form errors (pages).
import type { FieldIssues } from "~/domain/validation";

export type FieldErrors = FieldIssues;

export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: number,
    /** Per-field locale keys; the message itself is errors.<code> in the locale files. */
    public readonly fields?: FieldErrors,
    public readonly retryAfter?: number,
  ) {
    super(code);
    this.name = "AppError";
  }
}

export const badRequest = (code: string, fields?: FieldErrors) => new AppError(code, 400, fields);
export const unauthorized = (code = "unauthorized") => new AppError(code, 401);
export const forbidden = (code = "forbidden") => new AppError(code, 403);
export const notFound = (code = "not_found") => new AppError(code, 404);
export const conflict = (code: string) => new AppError(code, 409);
export const tooMany = (retryAfter: number, code = "rate_limited") =>
  new AppError(code, 429, undefined, retryAfter);

// Duck-typed: in dev the server (tsx) and the app (Vite) each load their own copy of this module.
export function isAppError(e: unknown): e is AppError {
  return e instanceof Error && e.name === "AppError" && typeof (e as AppError).status === "number";
}
