import { suggestions } from "~/.server/awards/service";
import { clampLimit } from "~/.server/forum/cursor";
import { api, idParam, jsonResponse } from "~/.server/http";

// Moderators: people ranked by helpfulness in the round's year (not paged; ?limit= up to 100).
export const loader = api(async ({ request, context, params }) => {
  const limit = clampLimit(new URL(request.url).searchParams.get("limit"));
  return jsonResponse({ items: await suggestions(context.app, context.viewer, idParam(params.id), limit) });
});
