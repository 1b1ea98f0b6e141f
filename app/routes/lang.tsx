import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeNext } from "~/.server/auth/pages";
import { readForm } from "~/.server/http";

export const loader = () => redirect("/");

/** Remembers the chosen language for a year and goes back to the same page. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lang = form.lang === "en" ? "en" : "zh-CN";
  return redirect(safeNext(form.next), {
    headers: { "Set-Cookie": `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}
