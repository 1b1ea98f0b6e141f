import { addSuggested, listCandidates, loadRound } from "~/.server/awards/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

// GET: the candidates the viewer may see; POST (moderators): add someone from the suggested list.
export const loader = api(async ({ context, params }) => {
  const round = await loadRound(context.app, idParam(params.id));
  return jsonResponse({ items: await listCandidates(context.app, context.viewer, round) });
});
export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse({ candidate: await addSuggested(context.app, context.viewer, idParam(params.id), await readJson(request)) }, 201),
});
