import { actOnPetition } from "~/.server/petitions/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse({ petition: await actOnPetition(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
