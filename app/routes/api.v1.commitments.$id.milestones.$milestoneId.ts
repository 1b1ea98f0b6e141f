// PATCH /api/v1/commitments/:id/milestones/:milestoneId {done?, title?, dueOn?} → {milestone}.
import { updateMilestone } from "~/.server/commitments/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const action = methods({
  PATCH: async ({ request, context, params }) =>
    jsonResponse({
      milestone: await updateMilestone(context.app, context.viewer, idParam(params.id), idParam(params.milestoneId), await readJson(request)),
    }),
});
