import { createPostOnce, listPostsAfter } from "~/.server/forum/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ request, context, params }) => {
  const q = new URL(request.url).searchParams;
  const page = await listPostsAfter(context.app, context.viewer, idParam(params.id), {
    after: q.get("after"),
    cursor: q.get("cursor"),
    limit: q.get("limit"),
  });
  return jsonResponse(page);
});

export const action = methods({
  // Idempotency-Key: a retried reply answers 200 with the post it already made.
  POST: async ({ request, context, params }) => {
    const r = await createPostOnce(context.app, context.viewer, idParam(params.id), await readJson(request), request.headers.get("Idempotency-Key"));
    return jsonResponse({ post: r.post }, r.replayed ? 200 : 201);
  },
});
