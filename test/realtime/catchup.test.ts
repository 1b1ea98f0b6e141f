// "No reply is ever missed or duplicated across reconnects or a server restart": the
// browser's ThreadFeed, driven from Node against the real server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { io as ioClient, type Socket } from "socket.io-client";
import { startServer, type RunningServer } from "../../server/app";
import { ThreadFeed } from "../../app/realtime/threadFeed";
import type { PostDto } from "../../app/domain/forum/types";
import { dropDatabase, freshDatabaseUrl } from "../support/db";

const dataDir = mkdtempSync(path.join(tmpdir(), "gpxx-"));
let databaseUrl: string | undefined;
let server: RunningServer | null = null;
let port = 0;

async function boot() {
  server = await startServer({
    mode: "production",
    log: () => {},
    config: { port, host: "127.0.0.1", databaseUrl, dataDir, seedDemo: false, rateLimits: false, redisUrl: undefined },
  });
  port = server.port;
  return server;
}

async function api(path: string, token?: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method: body ? "POST" : "GET",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.json() as Promise<any>;
}

afterAll(async () => {
  await server?.close();
  await dropDatabase(databaseUrl);
  rmSync(dataDir, { recursive: true, force: true });
});

function waitFor(cond: () => boolean, ms = 5000, label = "") {
  return new Promise<void>((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - start > ms) return reject(new Error(`timed out waiting for ${label || cond.toString()}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}

describe("catch-up by id", () => {
  it("shows every reply once, in order, across a dropped connection and a server restart", async () => {
    databaseUrl = await freshDatabaseUrl();
    await boot();
    const reg = await api("/auth/register", undefined, { username: "writer_a", password: "password-123" });
    const token = reg.user ? reg.token : (await api("/auth/login", undefined, { username: "writer_a", password: "password-123" })).token;
    const thread = (await api("/threads", token, { section: "forum", title: "断线重连测试", body: "正文" })).thread;
    const post = (body: string) => api(`/threads/${thread.id}/posts`, token, { body });

    await post("一");
    // The reader's page rendered post 一; it follows from there.
    const shown = new Map<string, PostDto>();
    const deliveries: string[] = [];
    const socket: Socket = ioClient(`http://127.0.0.1:${port}`, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
    });
    const feed = new ThreadFeed(
      socket as never,
      { threadId: thread.id, afterId: "0", baseUrl: `http://127.0.0.1:${port}` },
      {
        onPosts: (items) => {
          for (const p of items) {
            deliveries.push(p.id);
            shown.set(p.id, p);
          }
        },
      },
    ).start();
    await waitFor(() => shown.size === 1);

    await post("二");
    await waitFor(() => shown.size === 2);

    // 1. The reader drops offline while two replies are posted.
    socket.io.engine.close();
    socket.disconnect();
    await post("三");
    await post("四");
    socket.connect();
    await waitFor(() => shown.size === 4);

    // 2. The server restarts (same database); replies land before the reader is back.
    await server!.close();
    await boot();
    await post("五");
    await post("六");
    await waitFor(() => shown.size === 6, 10_000);
    await post("七");
    await waitFor(() => shown.size === 7);

    const ordered = [...shown.values()].sort((a, b) => a.seq - b.seq);
    expect(ordered.map((p) => p.body)).toEqual(["一", "二", "三", "四", "五", "六", "七"]);
    expect(ordered.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Delivered more than once is fine (socket and catch-up overlap); shown once is the rule.
    expect(new Set(deliveries).size).toBe(7);
    feed.stop();
    socket.close();
  }, 180_000); // an embedded database opens slowly on a busy machine
});
