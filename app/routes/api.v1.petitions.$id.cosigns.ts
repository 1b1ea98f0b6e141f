// Addition to api.md: co-signing a petition that grew out of a forum discussion (once each).
import { cosign } from "~/.server/petitions/service";
import { idParam, jsonResponse, methods } from "~/.server/http";

export const action = methods({
  POST: async ({ context, params }) => jsonResponse(await cosign(context.app, context.viewer, idParam(params.id)), 201),
});
