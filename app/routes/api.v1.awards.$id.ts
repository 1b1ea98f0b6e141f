import { getAward, listCandidates, loadRound, voterStatus } from "~/.server/awards/service";
import { api, idParam, jsonResponse } from "~/.server/http";

// {award, candidates, me}: `me` is the signed-in viewer's eligibility and votes (null when signed out).
export const loader = api(async ({ context, params }) => {
  const id = idParam(params.id);
  const award = await getAward(context.app, context.viewer, id);
  const round = await loadRound(context.app, id);
  const [candidates, me] = await Promise.all([
    listCandidates(context.app, context.viewer, round),
    voterStatus(context.app, context.viewer, round),
  ]);
  return jsonResponse({ award, candidates, me });
});
