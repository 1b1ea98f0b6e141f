// POST /api/v1/events/:id/checkins {code} or {registrationId} → {registrant}; organisers only.
// Checked in before → 409 already_checked_in; a waitlisted or unselected person → 409 not_admitted.
import { checkIn } from "~/.server/events/service";
import { conflict } from "~/.server/errors";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const action = methods({
  POST: async ({ request, context, params }) => {
    const r = await checkIn(context.app, context.viewer, idParam(params.id), await readJson(request));
    if (r.alreadyAt) throw conflict("already_checked_in");
    return jsonResponse({ registrant: r.registrant });
  },
});
