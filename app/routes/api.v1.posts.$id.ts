import { getPost, updatePost } from "~/.server/forum/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ context, params }) =>
  jsonResponse({ post: await getPost(context.app, context.viewer, idParam(params.id)) }),
);

export const action = methods({
  PATCH: async ({ request, context, params }) =>
    jsonResponse({ post: await updatePost(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
