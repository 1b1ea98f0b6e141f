// Addition to api.md: the administrators' supervision board (yellow and red cases, all tiers).
import { supervisionBoard } from "~/.server/petitions/queries";
import { api, jsonResponse } from "~/.server/http";

export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  return jsonResponse(
    await supervisionBoard(context.app, context.viewer, { tier: q.get("tier"), light: q.get("light"), limit: q.get("limit"), cursor: q.get("cursor") }),
  );
});
