// GET /api/v1/feeds/official-replies.atom — officials' replies in visible threads (50 newest).
import { atomResponse, feedOrigin, officialRepliesFeed } from "~/.server/feeds/service";
import { api } from "~/.server/http";

export const loader = api(async ({ request, context }) =>
  atomResponse(request, await officialRepliesFeed(context.app, feedOrigin(context.app, request))),
);
