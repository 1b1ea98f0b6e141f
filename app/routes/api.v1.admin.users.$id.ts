import { adminUpdateUser } from "~/.server/auth/service";
import { idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = methods({});
export const action = methods({
  PATCH: async ({ request, context, params }) => {
    const user = await adminUpdateUser(context.app, context.viewer, idParam(params.id), await readJson(request));
    return jsonResponse({ user });
  },
});
