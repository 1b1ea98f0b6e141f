import { getThread, updateThread } from "~/.server/forum/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ context, params }) =>
  jsonResponse({ thread: await getThread(context.app, context.viewer, idParam(params.id)) }),
);

export const action = methods({
  PATCH: async ({ request, context, params }) =>
    jsonResponse({ thread: await updateThread(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
