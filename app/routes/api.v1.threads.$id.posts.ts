import { createPost, listPostsAfter } from "~/.server/forum/service";
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
  POST: async ({ request, context, params }) =>
    jsonResponse({ post: await createPost(context.app, context.viewer, idParam(params.id), await readJson(request)) }, 201),
});
