import { answerQuestion } from "~/.server/live/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = methods({});
export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse({ answer: await answerQuestion(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
