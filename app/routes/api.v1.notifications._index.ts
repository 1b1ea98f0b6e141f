// Addition to api.md: the signed-in user's in-app notifications, newest first.
import { listNotifications, unreadCount } from "~/.server/notifications/service";
import { api, jsonResponse } from "~/.server/http";

export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  const page = await listNotifications(context.app, context.viewer, { limit: q.get("limit"), cursor: q.get("cursor") });
  return jsonResponse({ ...page, unread: await unreadCount(context.app, context.viewer) });
});
