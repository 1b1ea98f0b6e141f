import { register } from "~/.server/auth/service";
import { jsonResponse, methods, readJson } from "~/.server/http";
import { take } from "~/.server/rate-limit";

export const loader = methods({});
export const action = methods({
  POST: async ({ request, context }) => {
    const body = await readJson(request);
    await take(context.app, `register:ip:${context.ip}`, 20, 3600);
    const { user, token } = await register(context.app, body);
    return jsonResponse({ user, token }, 201);
  },
});
