// CSRF across the whole surface: every unsafe operation of the OpenAPI document (and any API
// route file it misses) and every page's form action, sent with an administrator's session
// cookie from a foreign Origin, and with neither Origin nor Sec-Fetch-Site, answers 403
// `cross_origin` and leaves the database exactly as it was. New routes are swept without
// editing this file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server";
import { readdirSync } from "node:fs";
import { apiOperations, cookieOf, fingerprint, FOREIGN, pageActions, routePath, UNSAFE, type Operation } from "./support";

let s: TestServer;
let cookie: string;
let ops: Operation[];

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false, seedDemo: true });
  // The most powerful cookie there is: an administrator's.
  cookie = await cookieOf(s, await s.user("admin"));
  const doc = await (await fetch(`${s.url}/api/v1/openapi.json`)).json();
  ops = apiOperations(doc).filter((o) => UNSAFE.has(o.method));
});
afterAll(() => s?.stop());

const send = (url: string, method: string, headers: Record<string, string>, body = "{}", type = "application/json") =>
  fetch(`${s.url}${url}`, { method: method.toUpperCase(), redirect: "manual", headers: { "Content-Type": type, ...headers }, body });

describe("CSRF", () => {
  it("refuses every unsafe API operation riding on the cookie from a foreign origin or none, changing nothing", async () => {
    expect(ops.length).toBeGreaterThan(40);
    const before = await fingerprint(s);
    const wrong: string[] = [];
    for (const op of ops) {
      if (op.path === "/requests.json") continue; // Open311: below
      const label = `${op.method.toUpperCase()} ${op.url()}`;
      for (const [how, headers] of [
        ["foreign Origin", { Cookie: cookie, Origin: FOREIGN }],
        ["cross-site fetch", { Cookie: cookie, "Sec-Fetch-Site": "cross-site" }],
        ["no Origin", { Cookie: cookie }],
      ] as const) {
        const r = await send(op.url(), op.method, headers);
        const body = await r.json().catch(() => null);
        if (r.status !== 403 || body?.error?.code !== "cross_origin") wrong.push(`${label} (${how}): ${r.status} ${JSON.stringify(body)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(s)).toEqual(before);
  });

  it("refuses every page's form action from a foreign origin or none, changing nothing", async () => {
    const actions = pageActions();
    expect(actions.map((a) => a.path)).toEqual(expect.arrayContaining(["/login", "/forum/new", "/petitions/new", "/t/{threadId}"]));
    const before = await fingerprint(s);
    const wrong: string[] = [];
    for (const a of actions) {
      const form = "intent=delete&title=x&body=y&role=admin";
      for (const headers of [{ Cookie: cookie, Origin: FOREIGN }, { Cookie: cookie }] as Record<string, string>[]) {
        const r = await send(a.url(), "post", headers, form, "application/x-www-form-urlencoded");
        if (r.status !== 403) wrong.push(`POST ${a.url()} ${JSON.stringify(Object.keys(headers))}: ${r.status}`);
      }
    }
    // Signing in from another site is refused too (login CSRF), cookie or not.
    const login = await send("/login", "post", { Origin: FOREIGN }, "username=admin&password=x", "application/x-www-form-urlencoded");
    if (login.status !== 403) wrong.push(`POST /login from a foreign origin: ${login.status}`);
    expect(wrong).toEqual([]);
    expect(await fingerprint(s)).toEqual(before);
  });

  it("changes nothing on any GET (API or page): safe methods cannot be used to forge a write", async () => {
    const doc = await (await fetch(`${s.url}/api/v1/openapi.json`)).json();
    const urls = apiOperations(doc).filter((o) => o.method === "get").map((o) => o.url("1"));
    for (const f of readdirSync("app/routes").filter((f) => !f.startsWith("api.") && !f.startsWith("open311."))) urls.push(routePath(f, /^/).replace(/\{[A-Za-z]+\}/g, "1"));
    expect(urls.length).toBeGreaterThan(80);
    // Lucia may slide a session's expiry on any request; that is not the platform's data.
    const before = await fingerprint(s, ["sessions", "rate_limits"]);
    for (const u of urls) {
      const r = await fetch(`${s.url}${u}`, { redirect: "manual", headers: { Cookie: cookie, "Sec-Fetch-Site": "cross-site" } });
      expect(r.status, u).toBeLessThan(500);
      await r.arrayBuffer();
    }
    expect(await fingerprint(s, ["sessions", "rate_limits"])).toEqual(before);
  });

  it("lets the same origin through (the sweep can fail), and Open311 ignores the cookie entirely", async () => {
    const same = await send("/api/v1/notifications/read", "post", { Cookie: cookie, Origin: s.url }, JSON.stringify({ all: true }));
    expect(same.status).toBe(200);
    // Open311 is exempt from the origin check by design: it never reads the session cookie, so a
    // cookie-only filing (from anywhere, even our own origin) is unauthenticated and files nothing.
    const open311 = apiOperations(await (await fetch(`${s.url}/api/v1/openapi.json`)).json()).find((o) => o.path === "/requests.json" && o.method === "post")!;
    expect(open311.security).toEqual([{ open311ApiKey: [] }]);
    const before = await fingerprint(s);
    const body = JSON.stringify({ service_code: "other", description: "借用会话的工单" });
    for (const headers of [{ Cookie: cookie, Origin: FOREIGN }, { Cookie: cookie }, { Cookie: cookie, Origin: s.url }] as Record<string, string>[]) {
      const r = await send(open311.url(), "post", headers, body);
      expect(r.status).toBe(401);
    }
    const form = await send(open311.url(), "post", { Cookie: cookie, Origin: FOREIGN }, "service_code=other&description=x", "application/x-www-form-urlencoded");
    expect(form.status).toBe(401);
    expect(await fingerprint(s)).toEqual(before);
  });
});
