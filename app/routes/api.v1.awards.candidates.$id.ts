import { reviewCandidate } from "~/.server/awards/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

// Moderators: {approved: boolean} → {candidate}.
export const loader = methods({});
export const action = methods({
  PATCH: async ({ request, context, params }) =>
    jsonResponse({ candidate: await reviewCandidate(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
