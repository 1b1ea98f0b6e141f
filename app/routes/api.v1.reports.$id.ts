import { resolveReport } from "~/.server/forum/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = methods({});
export const action = methods({
  PATCH: async ({ request, context, params }) =>
    jsonResponse({ report: await resolveReport(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
