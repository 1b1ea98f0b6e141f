// Page-action plumbing for the events pages: an AppError becomes `{error, values}` with its
// status, so the form shows the messages inline and keeps what was typed.
import { data, type AppLoadContext } from "@remix-run/node";
import { isAppError } from "../errors";
import { translateError } from "../http";

export async function eventFormAction<T>(context: AppLoadContext, values: Record<string, string>, fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e)) return data({ error: translateError(e, context.lang), values }, { status: e.status });
    throw e;
  }
}
