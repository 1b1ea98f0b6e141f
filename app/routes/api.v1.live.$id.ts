import { getSession, updateSession } from "~/.server/live/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ context, params }) => {
  const { session, questions } = await getSession(context.app, context.viewer, idParam(params.id));
  return jsonResponse({ session, questions });
});

export const action = methods({
  PATCH: async ({ request, context, params }) =>
    jsonResponse({ session: await updateSession(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
