import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let citizen: TestUser;
let cookie: string;

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false, seedDemo: true });
  citizen = await s.user();
  const login = await s.api("/auth/login", { body: { username: citizen.username, password: "password-123" } });
  cookie = login.headers.get("set-cookie")!.split(";")[0];
});
afterAll(() => s?.stop());

const page = (path: string, init: RequestInit = {}) => fetch(`${s.url}${path}`, { redirect: "manual", ...init });

async function threadCount() {
  const r: any = await s.app.db.execute(sql`select count(*)::int as n from threads`);
  return Number((r.rows ?? r)[0].n);
}

describe("HTTP surface", () => {
  it("answers /healthz and sends security headers", async () => {
    const r = await page("/healthz");
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true });
    const home = await page("/");
    expect(home.headers.get("x-content-type-options")).toBe("nosniff");
    expect(home.headers.get("x-frame-options")).toBe("DENY");
  });

  it("sends a Content-Security-Policy with a fresh nonce per response, carried by the page's scripts only", async () => {
    const nonceOf = (csp: string | null) => /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? "")?.[1];
    const a = await page("/forum");
    const b = await page("/forum");
    const csp = a.headers.get("content-security-policy");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline' 'nonce");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const n1 = nonceOf(csp);
    const n2 = nonceOf(b.headers.get("content-security-policy"));
    expect(n1).toBeTruthy();
    expect(n1).not.toBe(n2);
    const html = await a.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${n1}"`);
    // No HSTS over plain http (PUBLIC_URL is not https here).
    expect(a.headers.get("strict-transport-security")).toBeNull();
  });

  it("refuses cookie-authenticated unsafe requests from another origin, or with no origin at all", async () => {
    const body = JSON.stringify({ section: "forum", title: "跨站", body: "内容" });
    const before = await threadCount();
    const evil = await page("/api/v1/threads", { method: "POST", body, headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/json" } });
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.code).toBe("cross_origin");
    const none = await page("/api/v1/threads", { method: "POST", body, headers: { Cookie: cookie, "Content-Type": "application/json" } });
    expect(none.status).toBe(403);
    const crossSite = await page("/api/v1/threads", { method: "POST", body, headers: { Cookie: cookie, "Sec-Fetch-Site": "cross-site", "Content-Type": "application/json" } });
    expect(crossSite.status).toBe(403);
    const evilForm = await page("/forum/new", { method: "POST", body: new URLSearchParams({ title: "t", body: "b" }), headers: { Cookie: cookie, Origin: "https://evil.example" } });
    expect(evilForm.status).toBe(403);
    expect(await threadCount()).toBe(before);
    const same = await page("/api/v1/threads", { method: "POST", body, headers: { Cookie: cookie, Origin: s.url, "Content-Type": "application/json" } });
    expect(same.status).toBe(201);
    // bearer tokens are exempt: no ambient credential rides along
    const bearer = await page("/api/v1/threads", { method: "POST", body, headers: { Authorization: `Bearer ${citizen.token}`, Origin: "https://evil.example", "Content-Type": "application/json" } });
    expect(bearer.status).toBe(201);
  });

  it("refuses bodies without a declared length (no streaming past the limit)", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/api/v1/threads`, {
        method: "POST",
        headers: { Authorization: `Bearer ${citizen.token}`, "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write('{"section":"forum","title":"t","body":"');
      req.write("x".repeat(300 * 1024));
      req.end('"}');
    });
    expect(status).toBe(411);
  });

  it("shows inline form errors and stores nothing; publishes with a redirect when valid", async () => {
    const before = await threadCount();
    const bad = await page("/forum/new", { method: "POST", body: new URLSearchParams({ title: "", body: "" }), headers: { Cookie: cookie, Origin: s.url } });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("field__error");
    expect(html).toContain("此项必填。");
    expect(await threadCount()).toBe(before);
    const good = await page("/forum/new", { method: "POST", body: new URLSearchParams({ title: "表单发帖", body: "内容" }), headers: { Cookie: cookie, Origin: s.url } });
    expect(good.status).toBe(302);
    expect(good.headers.get("location")).toMatch(/^\/t\/\d+$/);
    const big = await page("/forum/new", { method: "POST", body: new URLSearchParams({ title: "t", body: "x".repeat(1024 * 1024) }), headers: { Cookie: cookie, Origin: s.url } });
    expect(big.status).toBe(413);
  });

  it("keeps Public Information publishing to officials on the page too", async () => {
    const r = await page("/info/new", { headers: { Cookie: cookie } });
    expect(r.status).toBe(403);
    const anon = await page("/info/new");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login\?next=/);
  });

  it("renders every page in Chinese by default and in English when chosen", async () => {
    for (const path of ["/", "/forum", "/info", "/login", "/register", "/u/zhang_wei", "/t/1", "/t/5?page=1"]) {
      const r = await page(path, { headers: { "Accept-Language": "en-US,en;q=0.9" } });
      expect(r.status, path).toBe(200);
      const html = await r.text();
      expect(html).toContain('<html lang="zh-CN"');
      expect(html).toContain("公共资讯");
    }
    const en = await page("/forum", { headers: { Cookie: "lang=en" } });
    const html = await en.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain("Development Forum");
    const sw = await page("/lang", { method: "POST", body: new URLSearchParams({ lang: "en", next: "/forum" }), headers: { Origin: s.url } });
    expect(sw.status).toBe(302);
    expect(sw.headers.get("set-cookie")).toContain("lang=en");
    expect(sw.headers.get("location")).toBe("/forum");
    const offsite = await page("/lang", { method: "POST", body: new URLSearchParams({ lang: "en", next: "//evil.example" }), headers: { Origin: s.url } });
    expect(offsite.headers.get("location")).toBe("/");
  });

  it("guards the admin and moderation pages", async () => {
    expect((await page("/admin")).status).toBe(302);
    expect((await page("/admin", { headers: { Cookie: cookie } })).status).toBe(403);
    expect((await page("/moderation", { headers: { Cookie: cookie } })).status).toBe(403);
    const admin = await s.user("admin");
    const login = await s.api("/auth/login", { body: { username: admin.username, password: "password-123" } });
    const adminCookie = login.headers.get("set-cookie")!.split(";")[0];
    const r = await page("/admin", { headers: { Cookie: adminCookie } });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain(citizen.username);
    // the user page's form sets the role and a mailbox membership
    const target = await s.user();
    const [mb]: any = await s.app.db.execute(sql`select id from mailboxes order by id limit 1`).then((x: any) => x.rows ?? x);
    const form = new URLSearchParams({ role: "official", mailbox: String(mb.id), [`position-${mb.id}`]: "leader" });
    const saved = await page(`/admin/users/${target.id}`, { method: "POST", body: form, headers: { Cookie: adminCookie, Origin: s.url } });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("已保存。");
    const me = await s.api("/me", { token: target.token });
    expect(me.body.user).toMatchObject({ role: "official", mailboxes: [{ mailboxId: String(mb.id), position: "leader" }] });
  });

  it("answers unknown API paths and methods in the API's error format", async () => {
    const r = await s.api("/nothing/here");
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("not_found");
    const m = await s.api("/auth/login");
    expect(m.status).toBe(405);
    expect((await s.api("/threads/abc")).status).toBe(404);
    expect((await s.api("/threads/99999999")).status).toBe(404);
    expect((await page("/t/99999999")).status).toBe(404);
    expect((await page("/t/abc")).status).toBe(404);
    expect((await page("/posts/abc/history")).status).toBe(404);
    expect((await page("/u/no-such-user!")).status).toBe(404);
  });

  it("shows an address no route matches in the reader's language, signed in, with a title", async () => {
    const r = await page("/no-such-page", { headers: { Cookie: `${cookie}; lang=en` } });
    expect(r.status).toBe(404);
    const html = await r.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<title>Page not found · Public Servant Mailbox</title>");
    expect(html).toContain(`href="/u/${citizen.username}"`);
    expect(html).not.toContain('href="/register"');
    const zh = await page("/no/such/page");
    expect(zh.status).toBe(404);
    expect(await zh.text()).toContain("<title>找不到页面 · 公仆信箱</title>");
    // A record that does not exist gets the same title.
    expect(await (await page("/t/99999999")).text()).toContain("<title>找不到页面 · 公仆信箱</title>");
    // A form posted to an unknown address or a malformed id: 404 as for a visit.
    const post = (path: string) => page(path, { method: "POST", body: new URLSearchParams({ intent: "reply", body: "x" }), headers: { Origin: s.url, Cookie: cookie } });
    expect((await post("/no-such-page")).status).toBe(404);
    expect((await post("/t/abc")).status).toBe(404);
    expect((await post("/commitments/abc")).status).toBe(404);
  });

  it("sends a reply refused without JavaScript back into the reply box", async () => {
    const thread = (await s.api("/threads", { token: citizen.token, body: { section: "forum", title: "无脚本回复被退回", body: "正文" } })).body.thread;
    const first = await s.api(`/threads/${thread.id}/posts`, { token: citizen.token, body: { body: "被回复的一楼" } });
    const long = `退回时保留的回复${"长".repeat(20_001)}`;
    const r = await page(`/t/${thread.id}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "reply", body: long, replyToId: first.body.post.id }),
      headers: { Cookie: cookie, Origin: s.url },
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toMatch(/<textarea[^>]*>退回时保留的回复长长/);
    // Still a reply to the same post.
    expect(html).toContain(`name="replyToId" value="${first.body.post.id}"`);
  });

  it("writes a field's error after its label with the language's own colon", async () => {
    const zh = await (await page("/stats/assessment?from=2026-02-30")).text();
    expect(zh).toContain("开始日期：日期格式不正确。");
    const en = await (await page("/stats/assessment?from=2026-02-30", { headers: { Cookie: "lang=en" } })).text();
    expect(en).toContain("From: Not a valid date.");
    // And a label before its value (the period summary).
    expect(await (await page("/stats/assessment", { headers: { Cookie: "lang=en" } })).text()).toContain("<strong>Period: </strong>");
    expect(await (await page("/stats/assessment")).text()).toContain("<strong>统计期间：</strong>");
  });

  it("logs in and out through the pages with a session cookie", async () => {
    const r = await page("/login", { method: "POST", body: new URLSearchParams({ username: citizen.username, password: "password-123", next: "/forum" }), headers: { Origin: s.url } });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/forum");
    const c = r.headers.get("set-cookie")!;
    expect(c).toMatch(/HttpOnly/i);
    expect(c).toMatch(/SameSite=Lax/i);
    const sessionCookie = c.split(";")[0];
    const wrong = await page("/login", { method: "POST", body: new URLSearchParams({ username: citizen.username, password: "nope-nope" }), headers: { Origin: s.url } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("用户名或密码不正确。");
    const out = await page("/logout", { method: "POST", headers: { Cookie: sessionCookie, Origin: s.url } });
    expect(out.status).toBe(302);
    const me = await page("/api/v1/me", { headers: { Cookie: sessionCookie } });
    expect(me.status).toBe(401);
  });
});
