import { moderateQuestion } from "~/.server/live/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = methods({});
export const action = methods({
  PATCH: async ({ request, context, params }) =>
    jsonResponse({ question: await moderateQuestion(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
