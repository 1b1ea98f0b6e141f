import type { LoaderFunctionArgs } from "@remix-run/node";
import { createSession, listSessions } from "~/.server/live/service";
import { api, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const q = new URL(request.url).searchParams;
  return jsonResponse(await listSessions(context.app, context.viewer, { limit: q.get("limit"), cursor: q.get("cursor"), state: q.get("state") }));
});

export const action = methods({
  POST: async ({ request, context }) => jsonResponse({ session: await createSession(context.app, context.viewer, await readJson(request)) }, 201),
});
