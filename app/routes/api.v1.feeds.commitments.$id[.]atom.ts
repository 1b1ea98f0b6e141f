// GET /api/v1/feeds/commitments/:id.atom — a commitment's progress reports (50 newest).
import { atomResponse, commitmentFeed, feedOrigin } from "~/.server/feeds/service";
import { api, idParam } from "~/.server/http";

export const loader = api(async ({ request, context, params }) =>
  atomResponse(request, await commitmentFeed(context.app, feedOrigin(context.app, request), idParam(params.id))),
);
