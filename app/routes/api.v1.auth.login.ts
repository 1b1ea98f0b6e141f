import { login } from "~/.server/auth/service";
import { jsonResponse, methods, readJson } from "~/.server/http";

export const loader = methods({});
export const action = methods({
  POST: async ({ request, context }) => {
    const { user, token } = await login(context.app, await readJson(request), context.ip);
    return jsonResponse({ user, token }, 200, { "Set-Cookie": context.app.lucia.createSessionCookie(token).serialize() });
  },
});
