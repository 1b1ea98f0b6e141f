import { castVote } from "~/.server/awards/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = methods({});
export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse(await castVote(context.app, context.viewer, idParam(params.id), await readJson(request), context.ip), 201),
});
