// Shared helpers for the benchmarks (test/bench/*.ts). Not a test file: vitest only picks up
// test/unit, test/integration and test/realtime.
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
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
