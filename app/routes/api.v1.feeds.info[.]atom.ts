// GET /api/v1/feeds/info.atom — Public Information as Atom 1.0 (50 newest).
import { atomResponse, feedOrigin, infoFeed } from "~/.server/feeds/service";
import { api } from "~/.server/http";

export const loader = api(async ({ request, context }) => atomResponse(request, await infoFeed(context.app, feedOrigin(context.app, request))));
