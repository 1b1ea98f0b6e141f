import { convertQuestion } from "~/.server/live/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = methods({});
export const action = methods({
  POST: async ({ request, context, params }) => {
    const r = await convertQuestion(context.app, context.viewer, idParam(params.id), await readJson(request));
    return jsonResponse({ petition: r.petition, queryCode: r.queryCode }, 201);
  },
});
