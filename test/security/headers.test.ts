// Security headers behind an https PUBLIC_URL (http.test.ts covers the per-request CSP nonce and
// the absence of HSTS over plain http): HSTS, nosniff, frame-ancestors and X-Frame-Options,
// Referrer-Policy and the CSP on pages, the API, static assets, errors and health checks alike;
// the session cookie is __Host- and Secure.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestUser } from "../support/server";

const PUBLIC = "https://civic.example";
let s: TestServer;
let u: TestUser;

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false, publicUrl: PUBLIC });
  u = await s.user();
});
afterAll(() => s?.stop());

describe("security headers over https", () => {
  it("sends HSTS, nosniff, frame-ancestors 'none', X-Frame-Options and Referrer-Policy on every kind of response", async () => {
    const asset = readdirSync(path.resolve("build/client/assets")).find((f) => f.endsWith(".js"))!;
    const targets = ["/", "/forum", "/login", "/api/v1/threads", "/api/v1/me", "/api/v1/openapi.json", `/assets/${asset}`, "/favicon.svg", "/no-such-page", "/healthz", "/open311/v2/services.json"];
    const nonces = new Set<string>();
    for (const target of targets) {
      const r = await fetch(`${s.url}${target}`, { redirect: "manual" });
      const h = (name: string) => r.headers.get(name);
      expect(h("strict-transport-security"), target).toBe("max-age=31536000; includeSubDomains");
      expect(h("x-content-type-options"), target).toBe("nosniff");
      expect(h("x-frame-options"), target).toBe("DENY");
      expect(h("referrer-policy"), target).toBe("strict-origin-when-cross-origin");
      const csp = h("content-security-policy") ?? "";
      expect(csp, target).toContain("frame-ancestors 'none'");
      expect(csp, target).toContain("object-src 'none'");
      expect(csp, target).toContain("base-uri 'self'");
      expect(csp, target).toContain("upgrade-insecure-requests");
      expect(csp, target).not.toMatch(/script-src[^;]*('unsafe-inline'|'unsafe-eval'|\*)/);
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, target).toBeTruthy();
      nonces.add(nonce!);
      await r.arrayBuffer();
    }
    expect(nonces.size).toBe(targets.length); // a fresh nonce every response
  });

  it("sets the session as a __Host- cookie: Secure, HttpOnly, SameSite, path /, no Domain", async () => {
    const r = await s.api("/auth/login", { body: { username: u.username, password: "password-123" } });
    const set = r.headers.get("set-cookie")!;
    expect(set).toMatch(/^__Host-session=[^;]+;/);
    expect(set).toMatch(/;\s*Secure/i);
    expect(set).toMatch(/;\s*HttpOnly/i);
    expect(set).toMatch(/;\s*SameSite=Lax/i);
    expect(set).toMatch(/;\s*Path=\/(;|$)/i);
    expect(set).not.toMatch(/Domain=/i);
    // The cookie authenticates, and unsafe requests with it must come from the public origin.
    const cookie = set.split(";")[0];
    expect((await fetch(`${s.url}/api/v1/me`, { headers: { Cookie: cookie } })).status).toBe(200);
    const post = (origin: string) =>
      fetch(`${s.url}/api/v1/notifications/read`, { method: "POST", headers: { Cookie: cookie, Origin: origin, "Content-Type": "application/json" }, body: '{"all":true}' });
    expect((await post(s.url)).status).toBe(403); // the internal address is not our origin
    expect((await post("http://civic.example")).status).toBe(403); // nor is plain http
    expect((await post(PUBLIC)).status).toBe(200);
    // A plain `session` cookie (set over http by someone else) is not read at all.
    expect((await fetch(`${s.url}/api/v1/me`, { headers: { Cookie: cookie.replace("__Host-session", "session") } })).status).toBe(401);
  });
});
