// Following a notification (/notifications/:id?to=<its url>): marks it read, then goes on to
// its address. Only the viewer's own notification is marked; `to` must be a path on this site.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeNext } from "~/.server/auth/pages";
import { markRead } from "~/.server/notifications/service";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (!context.viewer) return redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  const to = safeNext(url.searchParams.get("to"));
  if (params.id && /^[1-9][0-9]{0,15}$/.test(params.id)) await markRead(context.app, context.viewer, [Number(params.id)]);
  return redirect(to === "/" && !url.searchParams.get("to") ? "/notifications" : to);
}
