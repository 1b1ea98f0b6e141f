// DELETE /api/v1/commitments/:id/links/:linkId → 204.
import { removeLink } from "~/.server/commitments/service";
import { idParam, jsonResponse, methods } from "~/.server/http";

export const action = methods({
  DELETE: async ({ context, params }) => {
    await removeLink(context.app, context.viewer, idParam(params.id), idParam(params.linkId));
    return jsonResponse(null, 204);
  },
});
