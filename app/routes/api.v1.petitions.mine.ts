// Addition to api.md: the signed-in petitioner's own cases, newest first.
import { myPetitions } from "~/.server/petitions/queries";
import { api, jsonResponse } from "~/.server/http";

export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  return jsonResponse(await myPetitions(context.app, context.viewer, { limit: q.get("limit"), cursor: q.get("cursor") }));
});
