import { trackPetition } from "~/.server/petitions/service";
import { trackView } from "~/.server/petitions/queries";
import { api, jsonResponse } from "~/.server/http";

export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  const id = await trackPetition(context.app, context.ip, { trackingNo: q.get("trackingNo"), queryCode: q.get("queryCode") });
  return jsonResponse(await trackView(context.app, id));
});
