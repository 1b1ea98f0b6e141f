import { redirect } from "@remix-run/node";

/**
 * Only same-site paths are followed after login or a language switch (no open redirects):
 * a path that starts with one "/", with no backslash or control character that a browser
 * would drop or turn into "//host".
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || raw.length > 2000 || !raw.startsWith("/")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  const base = "http://x.invalid";
  try {
    const url = new URL(raw, base);
    if (url.origin !== base) return "/";
    return url.pathname + url.search + url.hash;
  } catch {
    return "/";
  }
}

export function redirectWithCookie(to: string, cookie: string) {
  return redirect(to, { headers: { "Set-Cookie": cookie } });
}
