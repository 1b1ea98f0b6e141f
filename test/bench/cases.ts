// Benchmark (not a test): the case desk and the assessment on a realistic 1,000,000-case load.
//
//   npm run bench:cases [-- --cases=1000000 --baseline-cases=10000 --iterations=50 --warmup=10 --keep]
//   (or BENCH_CASES / BENCH_BASELINE_CASES / BENCH_ITERATIONS / BENCH_WARMUP)
//
// PostgreSQL only (DATABASE_URL, else the local server postgres://postgres@127.0.0.1:5432): the
// embedded PGlite cannot hold a million cases in memory in reasonable time, so the bench refuses
// to run without a server. It creates two fresh databases (bench_cases_<random>), migrates them,
// seeds the mailbox tree (ensureMailboxTree), generates the cases set-based
// (test/bench/cases-data.ts: ten years, ≈6 timeline steps per case, every workflow state),
// then times the service calls, with warm-up, interleaved:
//   - an official's inbox (listCases) for a busy department mailbox: first page, and a later
//     page reached by following the cursor;
//   - the administrators' supervision board (supervisionBoard), first page;
//   - the assessment (app/.server/petitions/assessment.ts) of the last full calendar year.
// Each figure is printed with the target (< 100 ms at p95), PASS/MISS, and its ratio to the
// same call on a small database built the same way in the same run (the baseline), plus the
// EXPLAIN (ANALYZE, BUFFERS) of every statement the call sends. Both databases are dropped at
// the end unless --keep is given.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { eq, sql } from "drizzle-orm";
import * as schema from "../../db/schema/index";
import { mailboxes, mailboxMembers, users } from "../../db/schema";
import { migrationsFolder, type Db } from "../../db/client";
import { createServices, type AppServices } from "../../app/.server/context";
import { loadConfig } from "../../app/.server/config";
import type { Publisher } from "../../app/.server/publisher";
import { ensureMailboxTree } from "../../app/.server/petitions/mailboxes";
import { listCases, supervisionBoard } from "../../app/.server/petitions/queries";
import { assessment } from "../../app/.server/petitions/assessment";
import type { Viewer } from "../../app/domain/auth/types";
import { assignmentsSql, eventsSql, petitionsSql, pickTablesSql, stagingSql, type LoadOptions, type PickSizes } from "./cases-data";
import { markdownTable, ms, numberArg, ratio, rowsOf, summarize, type Summary } from "./common";

const TABLES = ["petitions", "petition_assignments", "petition_events"] as const;
const BUSY = "city-housing";
const TARGET_MS = 100;

const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${s}`);
const flag = (name: string) => process.argv.includes(`--${name}`);

const noPublisher: Publisher = {
  publish: () => {},
  endSession: () => {},
  endUser: () => {},
  restrictToModerators: async () => {},
};

// ---------------------------------------------------------------- the server and the databases

async function serverUrl(): Promise<string> {
  const url = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const probe = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await probe`select 1`;
    return url;
  } catch (e) {
    console.error(
      `bench:cases needs a PostgreSQL server and found none at ${new URL(url).host} (${(e as Error).message}).\n` +
        "It does not run on the embedded PGlite: a million cases with their timelines do not fit an in-memory database in a reasonable time.\n" +
        "Set DATABASE_URL to a server on which this user may create databases, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres",
    );
    process.exit(2);
  } finally {
    await probe.end({ timeout: 1 });
  }
}

async function serverVersion(base: string) {
  const c = postgres(base, { max: 1, onnotice: () => {} });
  try {
    const [r] = await c`select current_setting('server_version') as v`;
    return { v: String(r.v) };
  } finally {
    await c.end();
  }
}

async function createDatabase(base: string): Promise<string> {
  const name = `bench_cases_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(base: string, url: string) {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
  } finally {
    await admin.end();
  }
}

interface Captured {
  query: string;
  params: unknown[];
}

interface BenchDb {
  url: string;
  app: AppServices;
  client: postgres.Sql;
  /** Statements sent while `capture` is on (for EXPLAIN). */
  captured: Captured[];
  capture: boolean;
  close(): Promise<void>;
}

/** The app's services on a fresh, migrated database with the mailbox tree (as the server opens it). */
async function openBenchDb(url: string): Promise<BenchDb> {
  const holder = { captured: [] as Captured[], capture: false };
  const client = postgres(url, {
    max: 4,
    onnotice: () => {},
    debug: (_conn, query, params) => {
      if (holder.capture) holder.captured.push({ query, params: params as unknown[] });
    },
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrate(db, { migrationsFolder });
  const app = createServices(db, { ...loadConfig({} as NodeJS.ProcessEnv), databaseUrl: url, rateLimits: false, seedDemo: false }, noPublisher);
  await ensureMailboxTree(app);
  return Object.assign(holder, { url, app, client, close: () => client.end({ timeout: 5 }) });
}

// ---------------------------------------------------------------- the load

interface People {
  admin: Viewer;
  official: Viewer;
  busyMailboxId: number;
}

async function people(app: AppServices, citizens: number): Promise<People & { firstCitizenId: number }> {
  const hash = "bench-not-a-password";
  const [a] = await app.db.insert(users).values({ username: "bench_admin", displayName: "网络问政办", passwordHash: hash, role: "admin" }).returning();
  const [o] = await app.db.insert(users).values({ username: "bench_official", displayName: "住建局经办人", passwordHash: hash, role: "official" }).returning();
  await app.db.execute(sql`
    insert into users (username, display_name, password_hash, role)
    select 'bench_citizen_' || g, '市民' || g, ${hash}, 'citizen' from generate_series(1, ${citizens}) g`);
  const [first] = rowsOf<{ id: string }>(await app.db.execute(sql`select min(id)::text as id from users where username like 'bench_citizen_%'`));
  const [busy] = await app.db.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.slug, BUSY));
  if (!busy) throw new Error(`no mailbox ${BUSY}: is the mailbox tree seeded?`);
  await app.db.insert(mailboxMembers).values({ mailboxId: busy.id, userId: o.id, position: "handler" });
  const viewer = (u: typeof a): Viewer => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role });
  return { admin: viewer(a), official: viewer(o), busyMailboxId: busy.id, firstCitizenId: Number(first.id) };
}

interface LoadReport {
  cases: number;
  assignments: number;
  events: number;
  seconds: Record<string, number>;
  sizes: string;
}

/**
 * Generates the cases on one dedicated connection with triggers off (session_replication_role
 * = replica: the foreign keys are not re-checked row by row — the generator only refers to rows
 * it has just written — and the append-only trigger only ever refuses UPDATE/DELETE anyway), the
 * three tables' secondary indexes dropped during the load and rebuilt after it, then VACUUM
 * ANALYZE so that the planner has statistics and index-only scans see an up-to-date visibility map.
 */
async function load(db: BenchDb, opts: LoadOptions): Promise<LoadReport> {
  const conn = postgres(db.url, { max: 1, onnotice: () => {} });
  const loader = drizzle(conn) as unknown as Db;
  const seconds: Record<string, number> = {};
  const step = async (label: string, q: Parameters<Db["execute"]>[0]) => {
    const t = performance.now();
    await loader.execute(q);
    seconds[label] = (seconds[label] ?? 0) + (performance.now() - t) / 1000;
  };
  try {
    await loader.execute(sql`set session_replication_role = replica`);
    await loader.execute(sql`set maintenance_work_mem = '512MB'`);
    await loader.execute(sql`set work_mem = '1GB'`);
    await loader.execute(sql`set synchronous_commit = off`);
    await loader.execute(sql`set jit = off`); // compiling these big statements takes longer than running them
    await loader.execute(sql.raw(`select setseed(${opts.seed})`));
    const indexes = rowsOf<{ name: string; def: string }>(
      await loader.execute(sql`
        select i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = 'public' and i.tablename in ('petitions', 'petition_assignments', 'petition_events')
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`),
    );
    for (const i of indexes) await loader.execute(sql.raw(`drop index "${i.name}"`));
    await step("plan", pickTablesSql(opts));
    const [n] = rowsOf<PickSizes>(
      await loader.execute(sql`select (select count(*) from bench_intake)::int as intake, (select count(*) from bench_handlers)::int as handlers,
        (select count(*) from bench_handlers_w)::int as "handlersW"`),
    );
    await step("plan", stagingSql(opts, n));
    await step("petitions", petitionsSql(opts));
    await step("assignments", assignmentsSql(opts));
    await step("events", eventsSql(opts));
    await loader.execute(sql.raw(`select setval(pg_get_serial_sequence('petitions', 'id'), ${opts.cases})`));
    await loader.execute(sql`drop table bench_cases, bench_intake, bench_handlers, bench_handlers_w`);
    for (const i of indexes) await step("indexes", sql.raw(i.def));
    // The triggers that keep the assessment rollup were off during the load: rebuild it once.
    await step("assessment rollup", sql`select assessment_rollup_rebuild()`);
    await step("vacuum analyze", sql.raw(`vacuum analyze ${TABLES.join(", ")}, assessment_monthly, users, mailboxes, mailbox_members`));
    const [c] = rowsOf<{ p: number; a: number; e: number; size: string }>(
      await loader.execute(sql`
        select (select count(*) from petitions)::int as p, (select count(*) from petition_assignments)::int as a,
               (select count(*) from petition_events)::int as e,
               pg_size_pretty(pg_database_size(current_database())) as size`),
    );
    return { cases: c.p, assignments: c.a, events: c.e, seconds, sizes: c.size };
  } finally {
    await conn.end({ timeout: 5 });
  }
}

async function mix(app: AppServices) {
  return rowsOf<{ status: string; n: number; open_red: number; open_yellow: number; open_green: number }>(
    await app.db.execute(sql`
      select status, count(*)::int as n,
        count(*) filter (where light_at is null and due_at < now())::int as open_red,
        count(*) filter (where light_at is null and due_at >= now() and warn_at <= now())::int as open_yellow,
        count(*) filter (where light_at is null and warn_at > now())::int as open_green
      from petitions group by status order by n desc`),
  );
}

// ---------------------------------------------------------------- the measured calls

interface Probe {
  label: string;
  run: () => Promise<unknown>;
}

async function probes(db: BenchDb, who: People, year: number): Promise<Probe[]> {
  const { app } = db;
  const inbox = { mailboxId: who.busyMailboxId };
  // A later page: follow the cursor a few pages in (or as far as the inbox goes).
  let cursor: string | null = null;
  let pages = 1;
  for (let p = 1; p < 10; p++) {
    const r: { nextCursor: string | null } = await listCases(app, who.official, { ...inbox, cursor });
    if (!r.nextCursor) break;
    cursor = r.nextCursor;
    pages = p + 1;
  }
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  return [
    { label: "inbox, first page (listCases)", run: () => listCases(app, who.official, inbox) },
    { label: `inbox, page ${pages} via cursor`, run: () => listCases(app, who.official, { ...inbox, cursor }) },
    { label: "supervision board, first page", run: () => supervisionBoard(app, who.admin, {}) },
    { label: `assessment ${year} (all mailboxes)`, run: () => assessment(app, { from, to }) },
  ];
}

async function measure(list: Probe[], warmup: number, iterations: number): Promise<Summary[]> {
  const times = list.map(() => [] as number[]);
  for (let i = 0; i < warmup + iterations; i++) {
    for (let k = 0; k < list.length; k++) {
      const t = performance.now();
      await list[k].run();
      if (i >= warmup) times[k].push(performance.now() - t);
    }
  }
  return times.map((t) => summarize(t));
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement one call sends, in order. */
async function explain(db: BenchDb, run: () => Promise<unknown>): Promise<string[][]> {
  db.captured.length = 0;
  db.capture = true;
  try {
    await run();
  } finally {
    db.capture = false;
  }
  const plans: string[][] = [];
  for (const c of db.captured.splice(0)) {
    if (!/^\s*(select|with)/i.test(c.query)) continue;
    const rows = (await db.client.unsafe(`explain (analyze, buffers) ${c.query}`, c.params as never[])) as unknown as Record<string, string>[];
    plans.push([c.query.replace(/\s+/g, " ").slice(0, 160), ...rows.map((r) => Object.values(r)[0])]);
  }
  return plans;
}

// ---------------------------------------------------------------- main

async function build(base: string, cases: number, now: Date, seed: number) {
  const url = await createDatabase(base);
  const db = await openBenchDb(url);
  const citizens = Math.max(100, Math.round(cases / 50));
  const who = await people(db.app, citizens);
  const report = await load(db, {
    cases,
    years: 10,
    now,
    citizens,
    busySlug: BUSY,
    adminId: who.admin.id,
    officialId: who.official.id,
    firstCitizenId: who.firstCitizenId,
    seed,
  });
  return { db, who, report };
}

async function main() {
  const cases = Math.round(numberArg("cases", "BENCH_CASES", 1_000_000));
  const baselineCases = Math.round(numberArg("baseline-cases", "BENCH_BASELINE_CASES", 10_000));
  const iterations = Math.round(numberArg("iterations", "BENCH_ITERATIONS", 50));
  const warmup = Math.round(numberArg("warmup", "BENCH_WARMUP", 10));
  const keep = flag("keep");
  const loadOnly = flag("load-only");
  const base = await serverUrl();
  const now = new Date();
  const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now)) - 1;
  const made: BenchDb[] = [];
  let exitCode = 0;
  try {
    const version = await serverVersion(base);
    log(`PostgreSQL ${version.v} at ${new URL(base).host}; building the ${baselineCases.toLocaleString("en")}-case baseline database …`);
    const small = await build(base, baselineCases, now, 0.42);
    made.push(small.db);
    log(`baseline: ${small.report.cases.toLocaleString("en")} cases, ${small.report.events.toLocaleString("en")} events (${small.report.sizes})`);
    log(`building the ${cases.toLocaleString("en")}-case database (set-based; a few minutes) …`);
    const big = await build(base, cases, now, 0.42);
    made.push(big.db);
    const r = big.report;
    log(
      `loaded ${r.cases.toLocaleString("en")} cases, ${r.assignments.toLocaleString("en")} assignments, ${r.events.toLocaleString("en")} events ` +
        `(${(r.events / r.cases).toFixed(2)} per case), ${r.sizes}: ` +
        Object.entries(r.seconds)
          .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
          .join(", "),
    );
    for (const m of await mix(big.db.app)) log(`  ${m.status.padEnd(10)} ${String(m.n).padStart(8)}  open lights red ${m.open_red}, yellow ${m.open_yellow}, green ${m.open_green}`);
    if (loadOnly) {
      log(`--load-only: databases kept: ${made.map((d) => d.url).join(" ")}`);
      return;
    }

    const smallProbes = await probes(small.db, small.who, year);
    const bigProbes = await probes(big.db, big.who, year);
    log(`timing: ${warmup} warm-up + ${iterations} timed calls each, interleaved, baseline database first …`);
    const smallTimes = await measure(smallProbes, warmup, iterations);
    const bigTimes = await measure(bigProbes, warmup, iterations);

    const plans: { label: string; plans: string[][] }[] = [];
    for (const p of bigProbes) plans.push({ label: p.label, plans: await explain(big.db, p.run) });

    // The assessment without its rollup (everything from the cases), a few times: why the rollup
    // exists, and a check that both give the same figures.
    log("assessment from the cases alone (source: raw), 1 warm-up + 5 calls, and rollup = raw check …");
    const period = { from: `${year}-01-01`, to: `${year}-12-31` };
    const viaRollup = await assessment(big.db.app, period);
    const viaRaw = await assessment(big.db.app, period, { source: "raw" });
    const strip = (r: typeof viaRaw) => JSON.stringify(r.items);
    const same = strip(viaRollup) === strip(viaRaw);
    const rawTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await assessment(big.db.app, period, { source: "raw" });
      rawTimes.push(performance.now() - t);
    }
    const raw = summarize(rawTimes);

    const [mem] = [os.totalmem()];
    const lines: string[] = [];
    const out = (s = "") => lines.push(s);
    out();
    out("================================================================ bench:cases results");
    out(`machine            ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${(mem / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}`);
    out(`database           PostgreSQL ${version.v} at ${new URL(base).host}`);
    out(`data               ${r.cases.toLocaleString("en")} cases over 10 years, ${r.assignments.toLocaleString("en")} assignments, ${r.events.toLocaleString("en")} timeline steps; ${r.sizes}`);
    out(`load               ${Object.entries(r.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(", ")}`);
    out(`baseline           the same calls on a ${small.report.cases.toLocaleString("en")}-case database built the same way`);
    out(`timing             ${warmup} warm-up + ${iterations} timed calls each; target p95 < ${TARGET_MS} ms`);
    out();
    const rows = bigProbes.map((p, i) => {
      const b = bigTimes[i];
      const s = smallTimes[i];
      const pass = b.p95 < TARGET_MS;
      return [p.label, ms(b.p50), ms(b.p95), ms(s.p50), ratio(b.p50 / s.p50), `< ${TARGET_MS} ms`, pass ? "PASS" : "**MISS**"];
    });
    rows.push([`assessment ${year}, from the cases alone (no rollup; 5 calls)`, ms(raw.p50), ms(raw.p95), "", "", "(information)", same ? "same figures as the rollup" : "**FIGURES DIFFER**"]);
    out(markdownTable(["call", "p50", "p95", `p50 at ${small.report.cases.toLocaleString("en")}`, "ratio p50", "target p95", "result"], rows));
    out();
    for (const p of plans) {
      out(`EXPLAIN (ANALYZE, BUFFERS): ${p.label}`);
      for (const plan of p.plans) {
        out(`  -- ${plan[0]}`);
        for (const l of plan.slice(1)) out(`     ${l}`);
      }
      out();
    }
    console.log(lines.join("\n"));
    if (!same) exitCode = 1; // the rollup disagrees with the cases: a bug, not a figure
  } catch (e) {
    console.error("bench:cases failed:", e);
    exitCode = 1;
  } finally {
    for (const d of made) await d.close().catch(() => {});
    if (!keep && !loadOnly) for (const d of made) await dropDatabase(base, d.url).catch((e) => console.error("cleanup:", e));
    else if (made.length) log(`kept: ${made.map((d) => d.url).join(" ")}`);
  }
  process.exit(exitCode);
}

main().catch((e: unknown) => {
  console.error("bench:cases failed:", e);
  process.exit(1);
});
