// Addition to api.md: mark notifications read: `{ids: [...]}` or `{all: true}` → `{unread}`.
import { z } from "zod";
import { markRead } from "~/.server/notifications/service";
import { badRequest, unauthorized } from "~/.server/errors";
import { jsonResponse, methods, readJson } from "~/.server/http";

const schema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ ids: z.array(z.union([z.string().regex(/^[1-9][0-9]{0,15}$/), z.number().int().positive()]).transform(Number)).max(100) }),
]);

export const action = methods({
  POST: async ({ request, context }) => {
    if (!context.viewer) throw unauthorized(); // 401 before the body is judged
    const r = schema.safeParse(await readJson(request));
    if (!r.success) throw badRequest("invalid_input");
    return jsonResponse(await markRead(context.app, context.viewer, "all" in r.data ? "all" : r.data.ids));
  },
});
