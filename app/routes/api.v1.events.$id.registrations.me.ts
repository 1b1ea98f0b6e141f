// GET /api/v1/events/:id/registrations/me → {registration} (404 when none)
// DELETE → {registration, promoted, seats}: the seat is freed and the first waitlisted person
// (or the first of the draw's reserve list) moves up in the same transaction.
import { cancelRegistration, myRegistration } from "~/.server/events/service";
import { notFound, unauthorized } from "~/.server/errors";
import { api, idParam, jsonResponse, methods } from "~/.server/http";

export const loader = api(async ({ context, params }) => {
  if (!context.viewer) throw unauthorized();
  const registration = await myRegistration(context.app, context.viewer, idParam(params.id));
  if (!registration) throw notFound("not_registered");
  return jsonResponse({ registration });
});

export const action = methods({
  DELETE: async ({ context, params }) => jsonResponse(await cancelRegistration(context.app, context.viewer, idParam(params.id))),
});
