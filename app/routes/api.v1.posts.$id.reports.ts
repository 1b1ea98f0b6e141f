import { reportPost } from "~/.server/forum/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = methods({});
export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse({ report: await reportPost(context.app, context.viewer, idParam(params.id), await readJson(request)) }, 201),
});
