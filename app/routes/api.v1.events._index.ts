// GET /api/v1/events (upcoming first, then past; ?limit, ?cursor, ?kind) · POST: officials,
// moderators and administrators create an event → 201 {event}.
import { createEvent, listEvents } from "~/.server/events/service";
import { api, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  return jsonResponse(await listEvents(context.app, { limit: q.get("limit"), cursor: q.get("cursor"), kind: q.get("kind") }));
});

export const action = methods({
  POST: async ({ request, context }) => jsonResponse({ event: await createEvent(context.app, context.viewer, await readJson(request)) }, 201),
});
