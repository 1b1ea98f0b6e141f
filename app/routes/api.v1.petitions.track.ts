import { trackPetition } from "~/.server/petitions/service";
import { trackView } from "~/.server/petitions/queries";
import { api, jsonResponse, methods, readJson } from "~/.server/http";

// api.md's GET carries the query code in the URL; POST (an addition) keeps it out of URLs and logs.
export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  const id = await trackPetition(context.app, context.ip, { trackingNo: q.get("trackingNo"), queryCode: q.get("queryCode") });
  return jsonResponse(await trackView(context.app, id));
});

export const action = methods({
  POST: async ({ request, context }) => {
    const body = (await readJson(request)) as { trackingNo?: unknown; queryCode?: unknown } | null;
    const id = await trackPetition(context.app, context.ip, { trackingNo: body?.trackingNo, queryCode: body?.queryCode });
    return jsonResponse(await trackView(context.app, id));
  },
});
