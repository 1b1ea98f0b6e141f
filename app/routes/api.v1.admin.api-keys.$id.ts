// DELETE /api/v1/admin/api-keys/:id — revokes the key (it stays listed as revoked).
import { idParam, jsonResponse, methods } from "~/.server/http";
import { revokeApiKey } from "~/.server/open311/keys";

export const loader = methods({});
export const action = methods({
  DELETE: async ({ context, params }) => jsonResponse({ apiKey: await revokeApiKey(context.app, context.viewer, idParam(params.id)) }),
});
