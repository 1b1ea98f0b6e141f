// Shared helpers for the benchmarks (test/bench/*.ts). Not a test file: vitest only picks up
// test/unit, test/integration and test/realtime.
import type { ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { io as ioClient, type Socket } from "socket.io-client";
import { eq } from "drizzle-orm";
import { users, type Role } from "../../db/schema";
import type { RunningServer } from "../../server/app";
import { dropDatabase, freshDatabaseUrl, isolatedConfig } from "../support/db";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- command line

/** `--name=value`, then the environment variable, then the default. */
export function numberArg(name: string, env: string | null, fallback: number): number {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  const raw = flag ? flag.slice(name.length + 3) : env ? process.env[env] : undefined;
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`);
  return n;
}

// ---------------------------------------------------------------- server and database

export interface BenchServer {
  server: RunningServer;
  dbLabel: string;
  /** Stops the server and drops the fresh database (PostgreSQL mode). */
  stop(): Promise<void>;
}

/**
 * The real server in production mode on port 0 with rate limits off and no demo content, on a
 * fresh database in DATABASE_URL's cluster when that is set, otherwise an in-memory PGlite.
 */
export async function startBenchServer(): Promise<BenchServer> {
  // Imported here so the benchmarks' client processes do not load the whole server.
  const { startServer } = await import("../../server/app");
  const databaseUrl = await freshDatabaseUrl();
  let server: RunningServer;
  try {
    server = await startServer({
      mode: "production",
      log: () => {},
      config: isolatedConfig(databaseUrl, { rateLimits: false, production: true }),
    });
  } catch (e) {
    await dropDatabase(databaseUrl);
    throw e;
  }
  const dbLabel = databaseUrl
    ? `PostgreSQL (fresh database ${new URL(databaseUrl).pathname.slice(1)} on ${new URL(databaseUrl).host})`
    : "PGlite in memory (memory://)";
  let stopping: Promise<void> | null = null;
  return {
    server,
    dbLabel,
    stop: () =>
      (stopping ??= (async () => {
        try {
          await server.close();
        } finally {
          await dropDatabase(databaseUrl);
        }
      })()),
  };
}

export async function apiCall(
  baseUrl: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/** Registers a user over HTTP (then sets the role directly) and opens a forum thread over HTTP. */
export async function userAndThread(server: RunningServer, role: Role = "official") {
  const username = `bench_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const reg = await apiCall(server.url, "/auth/register", {
    body: { username, password: "bench-password-123", displayName: "压测用户" },
  });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  const userId = Number(reg.body.user.id);
  const token = String(reg.body.token);
  if (role !== "citizen") await server.app.db.update(users).set({ role }).where(eq(users.id, userId));
  const t = await apiCall(server.url, "/threads", {
    token,
    body: { section: "forum", title: "压测主题：实时推送与分页", body: "这是一个用于基准测试的主题。" },
  });
  if (t.status !== 201) throw new Error(`thread create failed: ${t.status} ${JSON.stringify(t.body)}`);
  return { userId, token, threadId: Number(t.body.thread.id) };
}

// ---------------------------------------------------------------- pacing and child processes

/** Calls fn(k, scheduled) for k = 0 … count-1 at a fixed rate (open loop: never waits for fn). */
export async function paced(rate: number, count: number, fn: (k: number, scheduled: number) => void) {
  const interval = 1000 / rate;
  const start = performance.now();
  for (let k = 0; k < count; k++) {
    const target = start + k * interval;
    const wait = target - performance.now();
    if (wait > 0.5) await sleep(wait);
    else await new Promise<void>((resolve) => setImmediate(resolve));
    fn(k, target);
  }
}

export async function waitUntil(cond: () => boolean, timeoutMs: number) {
  const end = performance.now() + timeoutMs;
  while (!cond() && performance.now() < end) await sleep(20);
  return cond();
}

/** What every bench child may send besides its own messages. */
export type ChildBase = { type: "pong"; seq: number; tc: number } | { type: "error"; message: string };

/**
 * Request/response over a forked child's IPC channel: `wait` for a message of a type (an
 * "error" message or the child's exit rejects), `request` sends and waits, `calibrate` maps the
 * child's clock onto this one.
 */
export function childChannel<From extends { type: string }, To>(child: ChildProcess) {
  type Reply<T extends From["type"]> = Extract<From, { type: T }>;
  const waiters = new Set<(m: From | ChildBase) => boolean>();
  let dead: Error | null = null;
  child.on("message", (m: From | ChildBase) => {
    for (const w of [...waiters]) if (w(m)) waiters.delete(w);
  });
  child.on("exit", (code, signal) => {
    dead = new Error(`client process exited (code ${code}, signal ${signal})`);
    for (const w of [...waiters]) w({ type: "error", message: dead.message });
    waiters.clear();
  });
  function wait<T extends From["type"] | "pong">(type: T, timeoutMs: number, match?: (m: any) => boolean) {
    return new Promise<T extends From["type"] ? Reply<T> : Extract<ChildBase, { type: "pong" }>>((resolve, reject) => {
      if (dead) return reject(dead);
      const timer = setTimeout(() => {
        waiters.delete(w);
        reject(new Error(`no "${type}" from the client process within ${timeoutMs} ms`));
      }, timeoutMs);
      const w = (m: From | ChildBase) => {
        if (m.type === "error" && type !== "error") {
          clearTimeout(timer);
          reject(new Error(`client process: ${(m as { message?: string }).message}`));
          return true;
        }
        if (m.type === type && (!match || match(m))) {
          clearTimeout(timer);
          resolve(m as never);
          return true;
        }
        return false;
      };
      waiters.add(w);
    });
  }
  const request = <T extends From["type"]>(msg: To, type: T, timeoutMs: number) => {
    const p = wait(type, timeoutMs);
    child.send(msg as object);
    return p;
  };
  /** offset = child clock − this clock, from the ping-pong with the smallest round trip. */
  async function calibrate(rounds = 60) {
    let best = { rtt: Infinity, offset: 0 };
    for (let seq = 0; seq < rounds; seq++) {
      const t0 = performance.now();
      const p = wait("pong", 5000, (m) => m.seq === seq);
      child.send({ type: "ping", seq });
      const { tc } = (await p) as Extract<ChildBase, { type: "pong" }>;
      const t1 = performance.now();
      if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: tc - (t0 + t1) / 2 };
    }
    return best;
  }
  return { wait, request, calibrate };
}

/** A V8 CPU profile of this process from now until stop(file). */
export async function startProfiler() {
  const { Session } = await import("node:inspector/promises");
  const { writeFile } = await import("node:fs/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop(file: string) {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

// ---------------------------------------------------------------- the clients' side

/**
 * A bench child's side of the IPC channel: answers "ping" (clock calibration) itself, runs
 * `handle` for every other message, reports failures as "error", and exits with its parent.
 */
export function serveParent<To extends { type: string }>(handle: (m: To) => Promise<void> | void) {
  const send = (m: object) => process.send!(m);
  process.on("message", (m: To | { type: "ping"; seq: number }) => {
    if (m.type === "ping") return send({ type: "pong", seq: (m as { seq: number }).seq, tc: performance.now() });
    Promise.resolve()
      .then(() => handle(m as To))
      .catch((e: unknown) => send({ type: "error", message: String((e as Error)?.stack ?? e) }));
  });
  process.on("disconnect", () => setTimeout(() => process.exit(0), 200).unref());
  send({ type: "ready" });
}

/** Tells the parent "closed" and exits once the message is out. */
export function closeChild() {
  process.send!({ type: "closed" });
  process.disconnect?.();
  setTimeout(() => process.exit(0), 100).unref();
}

/** A WebSocket-only Socket.IO client that has joined `room`; `listen` attaches its handlers first. */
export function joinedClient(url: string, room: string, listen: (s: Socket) => void, sockets: Socket[]): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = ioClient(url, { path: "/socket.io", transports: ["websocket"], reconnection: false, forceNew: true, timeout: 30_000 });
    listen(s);
    sockets.push(s);
    s.once("connect_error", (e) => reject(e));
    s.once("connect", () => {
      const timer = setTimeout(() => reject(new Error("no join ack within 30 s")), 30_000);
      s.emit("join", room, (ack: { ok: boolean; error?: { code: string } }) => {
        clearTimeout(timer);
        if (!ack.ok) reject(new Error(`join refused: ${ack.error?.code}`));
        else resolve(s);
      });
    });
  });
}

/** Runs `connectOne` `count` times, `concurrency` at a time; counts successes and failures. */
export async function connectClients(count: number, concurrency: number, connectOne: () => Promise<unknown>) {
  const t0 = performance.now();
  let next = 0;
  let connected = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async () => {
    while (next < count) {
      next++;
      try {
        await connectOne();
        connected++;
      } catch (e) {
        failed++;
        firstError ??= String((e as Error)?.message ?? e);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { connected, failed, firstError, ms: performance.now() - t0 };
}

/** When each message (by key: a post id, a question's count) reached each client. */
export class Receipts {
  readonly byKey = new Map<string, number[]>();
  record(key: string, t: number) {
    let a = this.byKey.get(key);
    if (!a) this.byKey.set(key, (a = []));
    a.push(t);
  }
  clear() {
    this.byKey.clear();
  }
  /** A condition: every key has reached `clients` clients. */
  allIn(keys: string[], clients: number) {
    return () => keys.every((k) => (this.byKey.get(k)?.length ?? 0) >= clients);
  }
  /** Receipt − sent over every (key, client), and per key the first and the last receipt. */
  latencies(keys: string[], sentAt: Map<string, number>, clients: number) {
    const latencies: number[] = [];
    const last: number[] = [];
    const first: number[] = [];
    for (const k of keys) {
      const sent = sentAt.get(k)!;
      const got = this.byKey.get(k) ?? [];
      let max = -Infinity;
      let min = Infinity;
      for (const t of got) {
        const d = t - sent;
        latencies.push(d);
        if (d > max) max = d;
        if (d < min) min = d;
      }
      if (got.length) {
        last.push(max);
        first.push(min);
      }
    }
    return {
      latency: summarize(latencies),
      fanoutComplete: summarize(last),
      firstReceipt: summarize(first),
      messages: keys.length,
      expected: keys.length * clients,
      received: latencies.length,
    };
  }
}

// ---------------------------------------------------------------- statistics

export interface Summary {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i];
  return {
    n: sorted.length,
    min: sorted.length ? sorted[0] : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
  };
}

export const ms = (v: number, digits = 2) => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : "n/a");
export const ratio = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : "n/a");
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** PASS / FAIL marker, loud on failure. */
export const verdict = (ok: boolean) => (ok ? "PASS" : "**FAIL**");
export const verdictPlain = (ok: boolean) => (ok ? "PASS" : "FAIL  <<<<<<");

/** Times an async call with the monotonic clock, in milliseconds. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- memory

let gcFn: (() => void) | null = null;
/** global.gc even without --expose-gc on the command line. */
export function gc(): void {
  if (!gcFn) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) gcFn = g;
    else {
      v8.setFlagsFromString("--expose-gc");
      gcFn = vm.runInNewContext("gc") as () => void;
    }
  }
  gcFn();
}

/** process.memoryUsage() after a few full collections. */
export async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(100);
  }
  return process.memoryUsage();
}

export { rowsOf } from "../../db/rows";
