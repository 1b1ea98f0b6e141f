import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getT } from "~/i18n";

/** Pages under /admin: signed-out users go to login, everyone else but admins gets 403. */
export function requireAdmin(context: AppLoadContext) {
  if (!context.viewer) throw redirect("/login?next=/admin");
  if (context.viewer.role !== "admin") throw new Response(getT(context.lang)("errors.forbidden"), { status: 403 });
  return context.viewer;
}

export function requireModerator(context: AppLoadContext, next: string) {
  if (!context.viewer) throw redirect(`/login?next=${encodeURIComponent(next)}`);
  if (context.viewer.role !== "admin" && context.viewer.role !== "moderator") {
    throw new Response(getT(context.lang)("errors.forbidden"), { status: 403 });
  }
  return context.viewer;
}
