import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { sessions } from "../../db/schema";
import { hashToken } from "../../app/.server/auth/tokens";
import { startTestServer, type TestServer } from "../support/server";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ adminUsername: "root_admin", adminPassword: "admin-pass-123" });
});
afterAll(() => s?.stop());

describe("accounts", () => {
  it("registers, answers /me, and stores only the token's hash", async () => {
    const r = await s.api("/auth/register", { body: { username: "Alice_1", password: "correct-horse", displayName: "爱丽丝" } });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ username: "alice_1", displayName: "爱丽丝", role: "citizen", mailboxes: [] });
    expect(typeof r.body.user.id).toBe("string");
    const me = await s.api("/me", { token: r.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe("alice_1");
    const stored = await s.app.db.select().from(sessions);
    expect(stored.some((x) => x.id === r.body.token)).toBe(false);
    expect(stored.some((x) => x.id === hashToken(r.body.token))).toBe(true);
  });

  it("rejects bad registrations with field errors and stores nothing", async () => {
    const before = await s.app.db.execute(sql`select count(*)::int as n from users`);
    const bad = await s.api("/auth/register", { body: { username: "a", password: "short" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_input");
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["password", "username"]);
    const badChars = await s.api("/auth/register", { body: { username: "has space", password: "long-enough" } });
    expect(badChars.status).toBe(400);
    const dup1 = await s.api("/auth/register", { body: { username: "Bob_dup", password: "long-enough" } });
    expect(dup1.status).toBe(201);
    const dup2 = await s.api("/auth/register", { body: { username: "bob_DUP", password: "long-enough" } });
    expect(dup2.status).toBe(409);
    expect(dup2.body.error.code).toBe("username_taken");
    const after = await s.app.db.execute(sql`select count(*)::int as n from users`);
    expect(Number((after as any)[0]?.n ?? (after as any).rows?.[0]?.n)).toBe(Number((before as any)[0]?.n ?? (before as any).rows?.[0]?.n) + 1);
  });

  it("logs in with a new token each time, sets the cookie, and logout ends the token", async () => {
    await s.api("/auth/register", { body: { username: "carol", password: "carol-pass-1" } });
    const a = await s.api("/auth/login", { body: { username: "CAROL", password: "carol-pass-1" } });
    const b = await s.api("/auth/login", { body: { username: "carol", password: "carol-pass-1" } });
    expect(a.status).toBe(200);
    expect(a.body.token).not.toBe(b.body.token);
    expect(a.headers.get("set-cookie")).toMatch(/^session=.+HttpOnly/i);
    const out = await s.api("/auth/logout", { method: "POST", token: a.body.token });
    expect(out.status).toBe(204);
    expect((await s.api("/me", { token: a.body.token })).status).toBe(401);
    expect((await s.api("/me", { token: b.body.token })).status).toBe(200);
  });

  it("answers wrong credentials with 401 and rate limits per account with Retry-After", async () => {
    await s.api("/auth/register", { body: { username: "dave", password: "dave-pass-1" } });
    for (let i = 0; i < 10; i++) {
      const r = await s.api("/auth/login", { body: { username: "dave", password: "wrong-wrong" } });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("invalid_credentials");
    }
    const blocked = await s.api("/auth/login", { body: { username: "dave", password: "dave-pass-1" } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("holds the account limit under parallel guessing", async () => {
    await s.app.db.execute(sql`delete from rate_limits`);
    await s.api("/auth/register", { body: { username: "frank", password: "frank-pass-1" } });
    const results = await Promise.all(
      Array.from({ length: 25 }, () => s.api("/auth/login", { body: { username: "frank", password: "wrong-wrong" } })),
    );
    expect(results.filter((r) => r.status === 401).length).toBeLessThanOrEqual(10);
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(15);
    await s.app.db.execute(sql`delete from rate_limits`);
  });

  it("rate limits per IP across accounts", async () => {
    // 30 failures from one address (spread over accounts, under the per-account limit)
    for (let i = 0; i < 30; i++) {
      await s.api("/auth/login", { body: { username: `nobody${i % 5}`, password: "wrong-wrong" } });
    }
    const r = await s.api("/auth/login", { body: { username: "someone_else", password: "whatever-1" } });
    expect(r.status).toBe(429);
  });

  it("lets a user edit their own display name and introduction, within limits", async () => {
    const r = await s.api("/auth/register", { body: { username: "erin", password: "erin-pass-1" } });
    const ok = await s.api("/me", { method: "PATCH", token: r.body.token, body: { displayName: "艾琳", bio: "关注公交与教育" } });
    expect(ok.status).toBe(200);
    expect(ok.body.user.displayName).toBe("艾琳");
    const bad = await s.api("/me", { method: "PATCH", token: r.body.token, body: { displayName: "", role: "admin" } });
    expect(bad.status).toBe(400);
    expect((await s.api("/me", { token: r.body.token })).body.user).toMatchObject({ displayName: "艾琳", role: "citizen" });
    expect((await s.api("/me", { method: "PATCH", body: { bio: "x" } })).status).toBe(401);
  });

  it("ensures the admin from ADMIN_USERNAME/ADMIN_PASSWORD", async () => {
    await s.app.db.execute(sql`delete from rate_limits`);
    const r = await s.api("/auth/login", { body: { username: "root_admin", password: "admin-pass-123" } });
    expect(r.status).toBe(200);
    expect(r.body.user.role).toBe("admin");
  });
});
