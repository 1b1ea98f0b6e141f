import { idParam, jsonResponse, methods, readJson } from "~/.server/http";
import { removeMember, setMember } from "~/.server/petitions/mailboxes";

export const loader = methods({});

export const action = methods({
  PUT: async ({ request, context, params }) =>
    jsonResponse({
      members: await setMember(context.app, context.viewer, idParam(params.id), idParam(params.userId), await readJson(request)),
    }),
  DELETE: async ({ context, params }) => {
    await removeMember(context.app, context.viewer, idParam(params.id), idParam(params.userId));
    return jsonResponse(null, 204);
  },
});
