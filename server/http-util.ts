import type { IncomingMessage } from "node:http";

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (!k || k in out) continue;
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      out[k] = part.slice(i + 1).trim();
    }
  }
  return out;
}

export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : null;
}

/** The origin users see: PUBLIC_URL, else the request's own scheme and Host. */
export function expectedOrigin(req: IncomingMessage, publicUrl?: string): string {
  if (publicUrl) return new URL(publicUrl).origin;
  const secure = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  return `${secure}://${req.headers.host ?? "localhost"}`;
}

export function pickLang(cookieLang: string | undefined, acceptLanguage: string | undefined): "zh-CN" | "en" {
  if (cookieLang === "en" || cookieLang === "zh-CN") return cookieLang;
  if (!acceptLanguage) return "zh-CN";
  // The first language listed with the highest q wins; anything not English means Chinese.
  const langs = acceptLanguage
    .split(",")
    .map((p) => {
      const [tag, ...params] = p.trim().split(";");
      const q = params.map((x) => x.trim()).find((x) => x.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((l) => l.tag)
    .sort((a, b) => b.q - a.q);
  const top = langs[0]?.tag ?? "zh";
  return top.startsWith("en") ? "en" : "zh-CN";
}
