import { askQuestion, getSession } from "~/.server/live/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

// GET: the questions the viewer may see (as in GET /live/:id), for clients that only need them.
export const loader = api(async ({ context, params }) => {
  const { questions } = await getSession(context.app, context.viewer, idParam(params.id));
  return jsonResponse({ items: questions, nextCursor: null });
});

export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse({ question: await askQuestion(context.app, context.viewer, idParam(params.id), await readJson(request)) }, 201),
});
