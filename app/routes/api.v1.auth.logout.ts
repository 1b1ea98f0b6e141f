import { logout } from "~/.server/auth/service";
import { unauthorized } from "~/.server/errors";
import { jsonResponse, methods } from "~/.server/http";

export const loader = methods({});
export const action = methods({
  POST: async ({ context }) => {
    if (!context.sessionId) throw unauthorized();
    await logout(context.app, context.sessionId);
    return jsonResponse(null, 204, { "Set-Cookie": context.app.lucia.createBlankSessionCookie().serialize() });
  },
});
