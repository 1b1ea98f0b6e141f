// GET /api/v1/commitments/:id → {commitment} with milestones, progress history, links ·
// PATCH: details, or {status: "adopted" (with ordinal) | "done" | "dropped"} → {commitment}.
import { getCommitment, updateCommitment } from "~/.server/commitments/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ context, params }) =>
  jsonResponse({ commitment: await getCommitment(context.app, context.viewer, idParam(params.id)) }),
);

export const action = methods({
  PATCH: async ({ request, context, params }) =>
    jsonResponse({ commitment: await updateCommitment(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
