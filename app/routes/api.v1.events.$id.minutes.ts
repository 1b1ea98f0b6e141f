// PUT /api/v1/events/:id/minutes {minutes, links: [{kind: "thread"|"petition", id}]} → {event};
// organisers, once the event has begun. A petition may be named by id or tracking number.
import { saveMinutes } from "~/.server/events/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const action = methods({
  PUT: async ({ request, context, params }) =>
    jsonResponse({ event: await saveMinutes(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
