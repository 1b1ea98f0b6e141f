// GET /api/v1/events/:id → {event, registration} (the viewer's own, or null) · PATCH: organisers
// edit the event before it starts → {event}.
import { getEvent, updateEvent } from "~/.server/events/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ context, params }) => jsonResponse(await getEvent(context.app, context.viewer, idParam(params.id))));

export const action = methods({
  PATCH: async ({ request, context, params }) =>
    jsonResponse({ event: await updateEvent(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
