// POST /api/v1/commitments/:id/milestones {title, dueOn?} → 201 {milestone}.
import { addMilestone } from "~/.server/commitments/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse({ milestone: await addMilestone(context.app, context.viewer, idParam(params.id), await readJson(request)) }, 201),
});
