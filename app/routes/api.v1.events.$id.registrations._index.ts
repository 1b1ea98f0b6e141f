// POST /api/v1/events/:id/registrations → 201 {registration, seats}: a seat, the waitlist, or an
// application (observe the sessions); twice or after the deadline → 409.
// GET: organisers' list of registrants → {items, counts} (not paged).
import { listRegistrants, register } from "~/.server/events/service";
import { api, idParam, jsonResponse, methods } from "~/.server/http";

export const loader = api(async ({ context, params }) => jsonResponse(await listRegistrants(context.app, context.viewer, idParam(params.id))));

export const action = methods({
  POST: async ({ context, params }) => jsonResponse(await register(context.app, context.viewer, idParam(params.id)), 201),
});
