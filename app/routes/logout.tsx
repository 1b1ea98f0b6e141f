import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "~/.server/auth/service";
import { redirectWithCookie } from "~/.server/auth/pages";

export const loader = () => redirect("/");

export async function action({ context }: ActionFunctionArgs) {
  if (context.sessionId) await logout(context.app, context.sessionId);
  return redirectWithCookie("/", context.app.lucia.createBlankSessionCookie().serialize());
}
