// The app for the Playwright suite: the production build on a free port with a fresh database,
// started by playwright.config.ts (webServer) as `node --import tsx test/e2e/serve.ts`.
//
// - DATABASE_URL set: a new database `e2e_<time>_<hex>` on that server, dropped on exit.
//   Databases left by a run that was killed (SIGKILL) are swept at the next start once they
//   are more than six hours old.
// - otherwise: embedded PGlite in memory.
// Demo content is always seeded (realistic pages, and the demo moderator/official accounts the
// tests sign in as). Rate limits stay on unless E2E_RATE_LIMITS=off.
//
// Stops on SIGTERM/SIGINT/SIGHUP (Playwright sends SIGTERM) or, with E2E_STOP_ON_STDIN_END=1,
// when stdin closes.
//
// The last line it prints before serving is `E2E_BASE_URL=http://127.0.0.1:<port>`; the config
// waits for it and hands the URL to the workers through the environment.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { startServer, type RunningServer } from "../../server/app";

const base = process.env.DATABASE_URL || undefined;
const SWEEP_AFTER_MS = 6 * 3600 * 1000;

async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(base!, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function createDatabase(): Promise<string> {
  const name = `e2e_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdmin(async (sql) => {
    const old = await sql<{ datname: string }[]>`select datname from pg_database where datname like 'e2e\\_%'`;
    for (const { datname } of old) {
      const born = parseInt(datname.split("_")[1] ?? "", 36);
      if (Number.isFinite(born) && Date.now() - born > SWEEP_AFTER_MS) {
        await sql.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {});
      }
    }
    await sql.unsafe(`create database "${name}"`);
  });
  const url = new URL(base!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  await withAdmin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

let databaseUrl: string | undefined;
let server: RunningServer | null = null;
let stopping: Promise<void> | null = null;

function stop(reason: string, code = 0) {
  stopping ??= (async () => {
    console.log(`e2e server: ${reason}, stopping`);
    try {
      await server?.close();
    } catch (e) {
      console.error("e2e server: close failed", e);
    }
    if (databaseUrl) {
      try {
        await dropDatabase(databaseUrl);
        console.log(`e2e server: dropped ${new URL(databaseUrl).pathname.slice(1)}`);
      } catch (e) {
        console.error("e2e server: could not drop the database", e);
        code ||= 1;
      }
    }
    process.exit(code);
  })();
  return stopping;
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => void stop(sig));
// Started by Playwright, stdin is a pipe from the runner: if the runner dies without sending
// SIGTERM (killed, crashed), the pipe closes and the server still stops and drops its database.
// The runner may be gone with the read ends of stdout/stderr: a failed write must not crash
// the shutdown before the database is dropped.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
if (process.env.E2E_STOP_ON_STDIN_END === "1") {
  process.stdin.on("end", () => void stop("runner gone (stdin closed)"));
  process.stdin.resume();
}

try {
  if (base) databaseUrl = await createDatabase();
  server = await startServer({
    mode: "production",
    log: () => {},
    config: {
      port: Number(process.env.E2E_PORT ?? 0),
      logLevel: process.env.LOG_LEVEL || "warn",
      host: "127.0.0.1",
      databaseUrl,
      dataDir: "memory://",
      redisUrl: undefined,
      publicUrl: undefined,
      adminUsername: undefined,
      adminPassword: undefined,
      seedDemo: true,
      rateLimits: (process.env.E2E_RATE_LIMITS ?? "on").toLowerCase() !== "off",
      production: true,
    },
  });
  console.log(`e2e server: ${server.database.kind}${databaseUrl ? ` (${new URL(databaseUrl).pathname.slice(1)})` : ""}`);
  console.log(`E2E_BASE_URL=${server.url}`);
} catch (e) {
  console.error("e2e server: failed to start", e);
  await stop("start failed", 1);
}
