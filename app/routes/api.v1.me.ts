import { me, updateProfile } from "~/.server/auth/service";
import { api, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ context }) => jsonResponse({ user: await me(context.app, context.viewer) }));

export const action = methods({
  PATCH: async ({ request, context }) =>
    jsonResponse({ user: await updateProfile(context.app, context.viewer, await readJson(request)) }),
});
