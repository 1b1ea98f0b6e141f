import { voidVotes } from "~/.server/awards/integrity";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

// Administrators: {voteIds, reason} → {voided}.
export const loader = methods({});
export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse(await voidVotes(context.app, context.viewer, idParam(params.id), await readJson(request))),
});
