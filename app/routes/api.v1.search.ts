// GET /api/v1/search?q=&type=&cursor=&limit= — anyone: threads, Public Information, posts,
// published cases and commitments, ranked by relevance (app/.server/search/service.ts).
import { api, jsonResponse } from "~/.server/http";
import { search } from "~/.server/search/service";

export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  return jsonResponse(await search(context.app, { q: q.get("q") ?? "", type: q.get("type"), cursor: q.get("cursor"), limit: q.get("limit") }));
});
