// Addition to api.md: the petitioner issues a new query code (the old one stops working).
import { reissueQueryCode } from "~/.server/petitions/service";
import { idParam, jsonResponse, methods } from "~/.server/http";

export const action = methods({
  POST: async ({ context, params }) => jsonResponse(await reissueQueryCode(context.app, context.viewer, idParam(params.id)), 201),
});
