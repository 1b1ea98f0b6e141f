import { me } from "~/.server/auth/service";
import { api, jsonResponse } from "~/.server/http";

export const loader = api(async ({ context }) => jsonResponse({ user: await me(context.app, context.viewer) }));
