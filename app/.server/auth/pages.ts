import { redirect } from "@remix-run/node";

/** Only same-site paths are followed after login (no open redirects). */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  return raw;
}

export function redirectWithCookie(to: string, cookie: string) {
  return redirect(to, { headers: { "Set-Cookie": cookie } });
}
