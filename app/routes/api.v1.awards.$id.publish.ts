import { publishResults } from "~/.server/awards/service";
import { idParam, jsonResponse, methods } from "~/.server/http";

// Administrators, after voting has closed: give the winners their badges (once).
export const loader = methods({});
export const action = methods({
  POST: async ({ context, params }) => jsonResponse(await publishResults(context.app, context.viewer, idParam(params.id))),
});
