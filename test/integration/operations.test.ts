// Operations: request ids, JSON logs, /metrics, /readyz, graceful shutdown of the real process
// (`server/index.ts`), and backup → restore round trips on the database this run uses.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { get, request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { io as ioClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { startServer } from "../../server/app";
import { dropDatabase, freshDatabaseUrl, isolatedConfig } from "../support/db";
import { startTestServer, type TestServer } from "../support/server";
import { freePort, nodeProcess } from "../support/cluster";

describe("request ids, metrics and readiness", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ rateLimits: false, metricsToken: undefined });
  });
  afterAll(() => s?.stop());

  it("gives every response a request id, keeping a well-formed one from the proxy", async () => {
    const own = await fetch(`${s.url}/healthz`);
    expect(own.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${s.url}/healthz`, { headers: { "X-Request-Id": "nginx-4f2a9c1e" } });
    expect(kept.headers.get("x-request-id")).toBe("nginx-4f2a9c1e");
    const bad = await fetch(`${s.url}/healthz`, { headers: { "X-Request-Id": "<script>" } });
    expect(bad.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves Prometheus metrics to this machine: requests by route, sockets, event loop, database pool", async () => {
    const u = await s.user();
    const sock = await s.socket(u.token);
    for (let i = 0; i < 3; i++) await s.api("/threads/999999");
    const r = await fetch(`${s.url}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/plain");
    const text = await r.text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/threads\/:id",status="404",instance="[^"]+"\} 3/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.1",instance="[^"]+",method="GET",route="\/api\/v1\/threads\/:id"\} 3/);
    expect(text).toMatch(/socketio_connected_sockets\{instance="[^"]+"\} 1\b/);
    expect(text).toContain("nodejs_eventloop_lag_p99_seconds");
    expect(text).toContain("process_resident_memory_bytes");
    expect(text).toMatch(/db_pool_max_connections\{instance="[^"]+"\} \d+/);
    expect(text).toMatch(/db_pool_connections\{state="(idle|active|embedded)"/);
    sock.close();
  });

  it("refuses /metrics through a proxy without the token", async () => {
    const r = await fetch(`${s.url}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(r.status).toBe(403);
  });

  it("answers /readyz with its checks", async () => {
    const r = await fetch(`${s.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, checks: { database: true, shuttingDown: false } });
  });
});

describe("/metrics with METRICS_TOKEN", () => {
  it("needs the bearer token even from this machine", async () => {
    const s = await startTestServer({ metricsToken: "scrape-secret-123" });
    try {
      expect((await fetch(`${s.url}/metrics`)).status).toBe(403);
      const ok = await fetch(`${s.url}/metrics`, { headers: { Authorization: "Bearer scrape-secret-123" } });
      expect(ok.status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});

describe("the server process", () => {
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl();
    dataDir = databaseUrl ? undefined : mkdtempSync(path.join(tmpdir(), "gongpu-ops-"));
  });
  afterAll(async () => {
    await dropDatabase(databaseUrl);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes JSON logs with the request id and shuts down gracefully: in-flight requests finish, sockets close", async () => {
    // The real process, as `npm run serve` starts it.
    const port = await freePort();
    const node = nodeProcess("ops", port, { DATABASE_URL: databaseUrl ?? "", ...(dataDir ? { DATA_DIR: dataDir } : {}), SEED_DEMO: "0", SCHEDULER_INTERVAL_MS: "0" });
    await node.start();
    const child = node.child!;
    const url = node.url;
    const lines = () => node.lines;
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    expect(lines().some((l) => l.port === port && /ready/.test(l.msg))).toBe(true);

    await fetch(`${url}/api/v1/threads?section=forum`, { headers: { "X-Request-Id": "ops-test-0001" } });
    await expect.poll(() => lines().find((l) => l.reqId === "ops-test-0001" && l.msg === "request")).toMatchObject({
      level: 30,
      method: "GET",
      path: "/api/v1/threads",
      status: 200,
    });

    const socket = ioClient(url, { transports: ["websocket"], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.on("connect", () => resolve());
      socket.on("connect_error", reject);
    });
    const disconnected = new Promise<string>((resolve) => socket.on("disconnect", (reason) => resolve(reason)));

    // A request whose body is still arriving when SIGTERM comes: it must still be answered.
    const body = JSON.stringify({ username: "nobody_here", password: "wrong-password-1" });
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(`${url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        child.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 100);
    });

    expect(await answered).toBe(401);
    expect(await disconnected).toBe("transport close");
    expect(await exited).toBe(0);
    expect(lines().some((l) => l.msg === "shutting down" && l.signal === "SIGTERM")).toBe(true);
    expect(lines().some((l) => l.msg === "stopped")).toBe(true);
  }, 60_000);

  it("with SHUTDOWN_DELAY_MS answers /readyz 503 while it still serves, then stops", async () => {
    const port = await freePort();
    const node = nodeProcess("ops-delay", port, {
      DATABASE_URL: databaseUrl ?? "",
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      SEED_DEMO: "0",
      SCHEDULER_INTERVAL_MS: "0",
      SHUTDOWN_DELAY_MS: "3000",
    });
    await node.start();
    const url = node.url;
    const exited = new Promise<number | null>((resolve) => node.child!.on("exit", (code) => resolve(code)));
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).checks.shuttingDown).toBe(false);

    node.child!.kill("SIGTERM");
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status).toBe(503);
    const draining = await fetch(`${url}/readyz`);
    expect(await draining.json()).toMatchObject({ ok: false, checks: { database: true, shuttingDown: true } });
    // Not ready, but still answering everything, on new connections too (no keep-alive agent).
    const fresh = (path: string) =>
      new Promise<number>((resolve, reject) => get(`${url}${path}`, { agent: false }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on("error", reject));
    expect(await fresh("/healthz")).toBe(200);
    expect(await fresh("/api/v1/threads?section=forum")).toBe(200);

    expect(await exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);
});

describe("backup and restore", () => {
  const cli = (args: string[], env: Record<string, string | undefined>) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "db/backup.ts", ...args], {
        env: { ...process.env, DATABASE_URL: "", DATA_DIR: "", ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (c) => (out += c));
      child.stderr.on("data", (c) => (out += c));
      child.on("exit", (code) => resolve({ code, out }));
    });

  const counts = async (db: Awaited<ReturnType<typeof openDatabase>>["db"]) => {
    const r: any = await db.execute(
      sql`select (select count(*) from users)::int as users, (select count(*) from threads)::int as threads,
                 (select count(*) from posts)::int as posts, (select count(*) from mailboxes)::int as mailboxes,
                 (select string_agg(title, '|' order by id) from threads) as titles`,
    );
    return (r.rows ?? r)[0];
  };

  it("round-trips the database this run uses, and refuses to overwrite without --force", async () => {
    const work = mkdtempSync(path.join(tmpdir(), "gongpu-backup-"));
    const from = await freshDatabaseUrl();
    const to = await freshDatabaseUrl();
    const fromDir = path.join(work, "from");
    const toDir = path.join(work, "to");
    try {
      const server = await startServer({ mode: "production", log: () => {}, config: isolatedConfig(from, { dataDir: from ? "memory://" : fromDir, rateLimits: false }) });
      const reg = await fetch(`${server.url}/api/v1/auth/register`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: "backup_user", password: "password-123" }),
      });
      const { token } = await reg.json();
      const t = await fetch(`${server.url}/api/v1/threads`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({ section: "forum", title: "备份之后还在吗：东源县公交", body: "恢复以后这条帖子应该一字不差。" }),
      });
      expect(t.status).toBe(201);
      const before = await counts(server.app.db);
      await server.close();

      const file = path.join(work, from ? "site.dump" : "site.tar.gz");
      const b = await cli(["backup", file], { DATABASE_URL: from, DATA_DIR: fromDir });
      expect(b.out).toContain("backed up");
      expect(b.code).toBe(0);

      const r = await cli(["restore", file], { DATABASE_URL: to, DATA_DIR: toDir });
      expect(r.out).toContain("restored");
      expect(r.code).toBe(0);
      const again = await cli(["restore", file], { DATABASE_URL: to, DATA_DIR: toDir });
      expect(again.code).toBe(1);
      expect(again.out).toMatch(/--force/);

      const restored = await openDatabase({ databaseUrl: to, dataDir: toDir });
      try {
        expect(await counts(restored.db)).toEqual(before);
        expect(before.threads).toBeGreaterThan(0);
      } finally {
        await restored.close();
      }
    } finally {
      await dropDatabase(from);
      await dropDatabase(to);
      rmSync(work, { recursive: true, force: true });
    }
  }, 90_000);
});
