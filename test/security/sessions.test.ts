// Session rules: a fresh token at every sign-in (no fixation), sign-out ends that session and
// its sockets, disabling a user ends all of their sessions and sockets well within 30 s (the
// session cache included), and a new role takes effect on the next request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as ioClient, type Socket } from "socket.io-client";
import { eq } from "drizzle-orm";
import { hashToken } from "../../app/.server/auth/tokens";
import { users } from "../../db/schema";
import { startServer, type RunningServer } from "../../server/app";
import { dropDatabase, freshDatabaseUrl, isolatedConfig } from "../support/db";
import { startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let admin: TestUser;

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  admin = await s.user("admin");
});
afterAll(() => s?.stop());

const login = async (u: TestUser, headers: Record<string, string> = {}) => {
  const r = await s.api("/auth/login", { body: { username: u.username, password: "password-123" }, headers });
  expect(r.status).toBe(200);
  return { token: r.body.token as string, cookie: r.headers.get("set-cookie")!.split(";")[0] };
};
const me = (token: string) => s.api("/me", { token }).then((r) => r.status);
/** Milliseconds until the socket is disconnected by the server (rejects after `ms`). */
const disconnectedWithin = (sock: Socket, ms: number, t0 = Date.now()) =>
  new Promise<number>((resolve, reject) => {
    if (!sock.connected) return resolve(Date.now() - t0);
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    sock.once("disconnect", () => {
      clearTimeout(timer);
      resolve(Date.now() - t0);
    });
  });

describe("sessions", () => {
  it("issues a new token at every sign-in and never adopts one the client brought (no fixation)", async () => {
    const u = await s.user();
    const fixated = "attacker-chosen-token-0123456789abcdef";
    const a = await login(u, { Cookie: `session=${fixated}`, Origin: s.url });
    const b = await login(u, { Cookie: a.cookie, Origin: s.url });
    expect(a.cookie).not.toBe(`session=${fixated}`);
    expect(a.token).not.toBe(b.token);
    expect(a.token).not.toBe(u.token); // not the registration's either
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(await me(fixated)).toBe(401);
    // The form sign-in too: the fixated cookie is replaced, not kept.
    const form = await fetch(`${s.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: `session=${fixated}`, Origin: s.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: u.username, password: "password-123" }),
    });
    expect(form.status).toBe(302);
    const set = form.headers.get("set-cookie")!;
    expect(set).toMatch(/^session=/);
    expect(set).not.toContain(fixated);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
  });

  it("ends the session and its sockets at sign-out, and only that session", async () => {
    const u = await s.user();
    const a = await login(u);
    const b = await login(u);
    const [sa, sb] = await Promise.all([s.socket(a.token), s.socket(b.token)]);
    const t0 = Date.now();
    expect((await s.api("/auth/logout", { method: "POST", token: a.token })).status).toBe(204);
    expect(await disconnectedWithin(sa, 5000, t0)).toBeLessThan(2000);
    expect(await me(a.token)).toBe(401);
    expect(await me(b.token)).toBe(200);
    expect(sb.connected).toBe(true);
    // A signed-out token cannot open a socket as that user any more: it is anonymous.
    const again = await s.socket(a.token);
    expect((await new Promise<any>((r) => again.emit("join", `user:${u.id}`, r))).ok).toBe(false);
  });

  it("ends every session and socket of a disabled user within 30 s (measured), cache included", async () => {
    const u = await s.user();
    const logins = [await login(u), await login(u), await login(u)];
    // Warm the session cache: these sessions are now served without a query.
    for (const l of logins) expect(await me(l.token)).toBe(200);
    expect(s.app.sessions.get(hashToken(logins[0].token))).not.toBeNull();
    const socks = await Promise.all(logins.map((l) => s.socket(l.token)));
    const t0 = Date.now();
    const r = await s.api(`/admin/users/${u.id}`, { method: "PATCH", token: admin.token, body: { disabled: true } });
    expect(r.status).toBe(200);
    const times = await Promise.all(socks.map((x) => disconnectedWithin(x, 30_000, t0)));
    for (const l of logins) {
      expect(s.app.sessions.get(hashToken(l.token))).toBeNull();
      expect(await me(l.token)).toBe(401);
    }
    const elapsed = Date.now() - t0;
    expect(Math.max(...times)).toBeLessThanOrEqual(30_000);
    expect(elapsed).toBeLessThanOrEqual(30_000);
    // In practice it is immediate; the 30 s of the requirement is the ceiling, not the budget.
    expect(elapsed).toBeLessThan(5000);
    // And they cannot come back in.
    const back = await s.api("/auth/login", { body: { username: u.username, password: "password-123" } });
    expect(back.status).toBe(403);
    expect(back.body.error.code).toBe("account_disabled");
  });

  it("applies a new role on the very next request and reconnects sockets under it", async () => {
    const u = await s.user("moderator");
    const l = await login(u);
    expect((await s.api("/reports", { token: l.token })).status).toBe(200); // cached as a moderator
    const sock = await s.socket(l.token);
    const t0 = Date.now();
    await s.api(`/admin/users/${u.id}`, { method: "PATCH", token: admin.token, body: { role: "citizen" } });
    expect((await s.api("/reports", { token: l.token })).status).toBe(403);
    expect(await disconnectedWithin(sock, 5000, t0)).toBeLessThan(2000);
    await s.api(`/admin/users/${u.id}`, { method: "PATCH", token: admin.token, body: { role: "moderator" } });
    expect((await s.api("/reports", { token: l.token })).status).toBe(200);
  });
});

// With several nodes the disabling request lands on one of them while the user's sockets and
// cached sessions live on another: the eviction travels through Redis.
describe.skipIf(!(process.env.DATABASE_URL && process.env.REDIS_URL))("sessions across two nodes", () => {
  const nodes: RunningServer[] = [];
  const socks: Socket[] = [];
  let databaseUrl: string | undefined;
  afterAll(async () => {
    for (const x of socks) x.close();
    for (const n of nodes) await n.close();
    await dropDatabase(databaseUrl);
  });

  it("disabling a user on node A ends their sessions and sockets on node B within 30 s", async () => {
    databaseUrl = await freshDatabaseUrl();
    for (let i = 0; i < 2; i++) {
      nodes.push(await startServer({ mode: "production", log: () => {}, config: isolatedConfig(databaseUrl, { redisUrl: process.env.REDIS_URL, rateLimits: false }) }));
    }
    const [a, b] = nodes;
    const call = (node: RunningServer, path: string, init: { method?: string; token?: string; body?: unknown } = {}) =>
      fetch(`${node.url}/api/v1${path}`, {
        method: init.method ?? (init.body ? "POST" : "GET"),
        headers: { "Content-Type": "application/json", ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
    const register = async (name: string) => (await (await call(a, "/auth/register", { body: { username: `${name}_${Date.now() % 1e6}`, password: "password-123" } })).json()) as any;
    const admin = await register("nadmin");
    await a.app.db.update(users).set({ role: "admin" }).where(eq(users.id, Number(admin.user.id)));
    const victim = await register("nuser");
    expect((await call(b, "/me", { token: victim.token })).status).toBe(200); // cached on B
    expect(b.app.sessions.get(hashToken(victim.token))).not.toBeNull();
    const sock = await new Promise<Socket>((resolve, reject) => {
      const x = ioClient(b.url, { path: "/socket.io", transports: ["websocket"], auth: { token: victim.token }, forceNew: true, reconnection: false });
      socks.push(x);
      x.once("connect", () => resolve(x));
      x.once("connect_error", reject);
    });
    const t0 = Date.now();
    expect((await call(a, `/admin/users/${victim.user.id}`, { method: "PATCH", token: admin.token, body: { disabled: true } })).status).toBe(200);
    const gone = await disconnectedWithin(sock, 30_000, t0);
    let status = 200;
    while (status !== 401 && Date.now() - t0 < 30_000) {
      status = (await call(b, "/me", { token: victim.token })).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
    expect(b.app.sessions.get(hashToken(victim.token))).toBeNull();
    expect(Math.max(gone, Date.now() - t0)).toBeLessThanOrEqual(30_000);
  });
});
