// Benchmark (not a test): the public statistics (GET /api/v1/stats/volumes, app/.server/insight/
// stats.ts) and the emerging-issue run on a large history.
//
//   npm run bench:stats [-- --cases=1000000 --posts=2000000 --iterations=20 --keep]
//   (small and quick: --cases=20000 --posts=40000 --iterations=5)
//
// PostgreSQL only (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres). Creates a
// fresh database, migrates it, seeds the mailbox tree, writes `cases` petitions spread evenly over
// the last ten years (random mailbox, category and channel), `posts/10` threads and `posts`
// replies set-based (triggers off, as bench:cases does), stats_rollup_rebuild(), VACUUM ANALYZE, then times each query
// after two warm-ups, from the rollup (stats_daily) and from the rows themselves, and prints
// p50/p95 (the two must give the same totals). The database is dropped
// unless --keep is given.
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { sql } from "drizzle-orm";
import * as schema from "../../db/schema/index";
import { migrationsFolder, type Db } from "../../db/client";
import { createServices } from "../../app/.server/context";
import { loadConfig } from "../../app/.server/config";
import type { Publisher } from "../../app/.server/publisher";
import { ensureMailboxTree } from "../../app/.server/petitions/mailboxes";
import { volumes, type VolumesQuery } from "../../app/.server/insight/stats";
import { runInsight } from "../../app/.server/insight/job";
import { markdownTable, ms, numberArg, summarize } from "./common";

const noPublisher: Publisher = { publish: () => {}, endSession: () => {}, endUser: () => {}, restrictToModerators: async () => {} };

const base = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const cases = numberArg("cases", "BENCH_CASES", 1_000_000);
const postCount = numberArg("posts", "BENCH_POSTS", 2_000_000);
const iterations = numberArg("iterations", "BENCH_ITERATIONS", 20);
const keep = process.argv.includes("--keep");

async function main() {
  const name = `bench_stats_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 4, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  try {
    await migrate(db, { migrationsFolder });
    const app = createServices(db, { ...loadConfig({} as NodeJS.ProcessEnv), databaseUrl: url.toString(), rateLimits: false, seedDemo: false }, noPublisher);
    await ensureMailboxTree(app);
    const t0 = performance.now();
    const loader = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await loader.unsafe(`set session_replication_role = replica`);
    await loader.unsafe(`set synchronous_commit = off`);
    await loader.unsafe(`insert into users (username, display_name, password_hash, role) values ('bench_user', '市民', 'x', 'citizen')`);
    await loader.unsafe(`
      insert into petitions (tracking_no, query_code_hash, mailbox_id, petitioner_id, title, body, body_html, category, channel, created_at, updated_at)
      select 'B' || g, 'h', m.ids[1 + (g::bigint * 7919) % array_length(m.ids, 1)], (select min(id) from users), '来信' || g, '正文', '<p>正文</p>',
        (array['urban_construction','transport','education','health','environment','utilities','housing','other'])[1 + (g::bigint * 31) % 8],
        (array['mailbox','mobile','hotline','forum','live'])[1 + (g::bigint * 17) % 5],
        now() - (g::float / ${cases} * interval '3650 days'), now()
      from generate_series(1, ${cases}) g, (select array_agg(id order by id) ids from mailboxes) m`);
    const threadCount = Math.max(1, Math.floor(postCount / 10));
    await loader.unsafe(`
      insert into threads (section, title, body, body_html, author_id, created_at, last_post_at)
      select case when g % 5 = 0 then 'info' else 'forum' end, '主题' || g, '正文', '<p>正文</p>', (select min(id) from users),
        now() - (g::float / ${threadCount} * interval '3650 days'), now()
      from generate_series(1, ${threadCount}) g`);
    await loader.unsafe(`
      insert into posts (thread_id, seq, author_id, body, body_html, created_at)
      select t.id, s, (select min(id) from users), '回复', '<p>回复</p>', t.created_at + s * interval '1 hour'
      from threads t, generate_series(1, 10) s`);
    await loader.unsafe(`select stats_rollup_rebuild()`);
    await loader.unsafe(`vacuum analyze petitions, threads, posts, stats_daily`);
    await loader.end();
    const loadSeconds = (performance.now() - t0) / 1000;

    const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() + 8 * 3_600_000 - 364 * 86_400_000).toISOString().slice(0, 10);
    const tenYears = new Date(Date.now() + 8 * 3_600_000 - 3650 * 86_400_000).toISOString().slice(0, 10);
    const calls: [string, VolumesQuery][] = [
      ["petitions by category, per day, last 30 days", { by: "category" }],
      ["petitions by category, per day, a year", { by: "category", from: yearAgo, to }],
      ["petitions by county, per week, a year", { by: "county", granularity: "week", from: yearAgo, to }],
      ["petitions by channel, per month, ten years", { by: "channel", granularity: "month", from: tenYears, to }],
      ["forum threads by section, per day, a year", { source: "forum", from: yearAgo, to }],
      ["forum replies by section, per day, a year", { source: "forum", metric: "posts", from: yearAgo, to }],
    ];
    const rows: (string | number)[][] = [];
    for (const [label, q] of calls) {
      const time = async (source: "rollup" | "raw") => {
        for (let i = 0; i < 2; i++) await volumes(app, q, { source });
        const times: number[] = [];
        let total = 0;
        for (let i = 0; i < iterations; i++) {
          const t = performance.now();
          total = (await volumes(app, q, { source })).total;
          times.push(performance.now() - t);
        }
        return { total, s: summarize(times) };
      };
      const rollup = await time("rollup");
      const raw = await time("raw");
      if (rollup.total !== raw.total) throw new Error(`${label}: rollup ${rollup.total} ≠ raw ${raw.total}`);
      rows.push([label, rollup.total, ms(rollup.s.p50), ms(rollup.s.p95), ms(raw.s.p50)]);
    }
    const run = performance.now();
    const r = await runInsight(app, { force: true });
    const runMs = performance.now() - run;

    console.log(`bench:stats — ${cases.toLocaleString("en")} petitions over ten years, ${threadCount.toLocaleString("en")} threads, ${(threadCount * 10).toLocaleString("en")} replies; load ${loadSeconds.toFixed(1)} s; ${iterations} calls each`);
    console.log(markdownTable(["call", "rows counted", "rollup p50", "rollup p95", "from the rows p50"], rows));
    console.log(`emerging-issue run over the last ${r.run?.itemsRead ?? 0} items: ${runMs.toFixed(0)} ms`);
  } finally {
    await client.end({ timeout: 5 });
    if (!keep) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    else console.log(`kept database ${name}`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
