// GET /api/v1/events/:id/draw → {draw} (null before it ran): seed, algorithm, applicants and
// the result, for anyone to re-run. POST {seed?} (organisers, after the deadline) → 201 {draw};
// a second draw → 409 already_drawn.
import { drawEvent, getDraw } from "~/.server/events/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ context, params }) => jsonResponse({ draw: await getDraw(context.app, idParam(params.id)) }));

export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse({ draw: await drawEvent(context.app, context.viewer, idParam(params.id), await readJson(request)) }, 201),
});
