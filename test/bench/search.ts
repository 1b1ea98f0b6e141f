// Benchmark (not a test): site search (app/.server/search) over a million generated Chinese posts.
//
//   npm run bench:search [-- --posts=1000000 --iterations=15 --warmup=2 --explain --keep]
//   (or BENCH_POSTS / BENCH_ITERATIONS / BENCH_WARMUP; BENCH_POSTS=50000 for a quick run)
//
// PostgreSQL only (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres). It creates a
// fresh database (bench_search_<random>), migrates it (so the trigram indexes are migration
// search_custom's own), generates threads (one per 20 posts) and posts set-based from the
// platform's vocabulary (places of Heyuan, public services, problems, requests: "东源县仙塘镇的
// 公交线路太少，建议增加班次"), with ten years of dates and 1% hidden posts, then times the
// service's `search()` on a fixed set of queries — common and rare Chinese phrases, two-character
// words, an English typo, a phrase found nowhere, a query with LIKE metacharacters — interleaved,
// after a warm-up. Baseline in the same run, on the same data: a post by primary key, and a
// thread's newest 20 posts (an ordinary indexed list). Prints p50/p95/p99 with the target
// (p95 < 200 ms) and the ratio to the baselines; --explain prints EXPLAIN (ANALYZE, BUFFERS) of
// every statement of one search per query. The database is dropped at the end unless --keep.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { sql } from "drizzle-orm";
import * as schema from "../../db/schema/index";
import { migrationsFolder, type Db } from "../../db/client";
import { createServices, type AppServices } from "../../app/.server/context";
import { loadConfig } from "../../app/.server/config";
import type { Publisher } from "../../app/.server/publisher";
import { search } from "../../app/.server/search/service";
import { markdownTable, ms, numberArg, ratio, rowsOf, summarize } from "./common";

const TARGET_MS = 200;
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${s}`);
const flag = (name: string) => process.argv.includes(`--${name}`);

const noPublisher: Publisher = { publish: () => {}, endSession: () => {}, endUser: () => {}, restrictToModerators: async () => {} };

// ---------------------------------------------------------------- vocabulary

const PLACES = [
  "源城区", "东源县", "和平县", "龙川县", "紫金县", "连平县", "河源市区", "仙塘镇", "义合镇", "灯塔镇",
  "骆湖镇", "船塘镇", "老隆镇", "黄村镇", "江东新区", "高新区", "新江街道", "上城街道", "东埔街道", "埔前镇",
];
const SUBJECTS = [
  "公交线路", "公交站台", "道路", "路灯", "学校", "幼儿园", "医院", "卫生院", "菜市场", "停车场",
  "垃圾站", "污水管网", "自来水", "供电线路", "小区物业", "农贸市场", "红绿灯", "人行道", "公园", "图书馆",
  "体育馆", "养老院", "河堤", "桥梁", "排水沟", "广场舞噪音", "共享单车", "出租车", "网约车", "快递站",
];
const PROBLEMS = [
  "太少", "年久失修", "经常堵塞", "环境很差", "噪音扰民", "收费不合理", "排队时间太长", "设施老化",
  "存在安全隐患", "晚上没有照明", "下雨天积水严重", "服务态度差", "距离太远", "长期无人管理", "垃圾堆积",
];
const REQUESTS = [
  "建议增加班次", "希望尽快维修", "请相关部门处理", "建议统一规划", "希望加强管理", "请尽快答复",
  "建议增设设施", "希望公开处理进度", "请派人现场查看", "建议延长开放时间",
];
const EXTRAS = ["", "", "", "已经反映多次。", "附近居民意见很大。", "PM2.5 指数偏高。", "WiFi 信号很差。", "谢谢！", "市民热线12345也打过。", "The street lights are broken. ", "Bus route 5 is too crowded. "];

const sqlArray = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]`);
const pick = (xs: string[]) => sql`(${sqlArray(xs)})[1 + floor(random() * ${sql.raw(String(xs.length))})::int]`;

// ---------------------------------------------------------------- database

async function serverUrl(): Promise<string> {
  const url = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const probe = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await probe`select 1`;
    return url;
  } catch (e) {
    console.error(
      `bench:search needs a PostgreSQL server and found none at ${new URL(url).host} (${(e as Error).message}).\n` +
        "Set DATABASE_URL to a server on which this user may create databases, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres",
    );
    process.exit(2);
  } finally {
    await probe.end({ timeout: 1 });
  }
}

async function adminSql(base: string, statement: string) {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

/** Threads and posts, set-based, on one connection; the trigram indexes rebuilt after the load. */
async function load(url: string, posts: number) {
  const conn = postgres(url, { max: 1, onnotice: () => {} });
  const db = drizzle(conn) as unknown as Db;
  const seconds: Record<string, number> = {};
  const step = async (label: string, q: Parameters<Db["execute"]>[0]) => {
    const t = performance.now();
    await db.execute(q);
    seconds[label] = (seconds[label] ?? 0) + (performance.now() - t) / 1000;
  };
  try {
    await db.execute(sql`set session_replication_role = replica`);
    await db.execute(sql`set maintenance_work_mem = '512MB'`);
    await db.execute(sql`set synchronous_commit = off`);
    await db.execute(sql`set jit = off`);
    await db.execute(sql`select setseed(0.42)`);
    const indexes = rowsOf<{ name: string; def: string }>(
      await db.execute(sql`select indexname as name, indexdef as def from pg_indexes where schemaname = 'public' and indexname like '%_search_trgm_idx' and tablename in ('threads', 'posts')`),
    );
    if (indexes.length !== 2) throw new Error(`expected the two trigram indexes of migration search_custom, found ${indexes.length}`);
    for (const i of indexes) await db.execute(sql.raw(`drop index "${i.name}"`));
    await step(
      "users",
      sql`insert into users (username, display_name, password_hash) select 'bench_user_' || g, '网友' || g, '-' from generate_series(1, 1000) g`,
    );
    const threads = Math.max(1, Math.floor(posts / 20));
    const span = 10 * 365 * 86_400; // ten years, oldest first (ids follow time, as in production)
    const sentence = sql`${pick(PLACES)} || '的' || ${pick(SUBJECTS)} || ${pick(PROBLEMS)} || '，' || ${pick(REQUESTS)} || '。' || ${pick(EXTRAS)}`;
    await step(
      "threads",
      sql`insert into threads (section, title, body, body_html, author_id, post_count, last_seq, created_at, last_post_at)
          select case when g % 10 = 0 then 'info' else 'forum' end,
                 ${pick(PLACES)} || ${pick(SUBJECTS)} || ${pick(PROBLEMS)},
                 ${sentence} || ${sentence}, '', 1 + (g % 1000), 20, 20,
                 now() - make_interval(secs => ${span} * (1 - g::float8 / ${threads})),
                 now() - make_interval(secs => ${span} * (1 - g::float8 / ${threads}))
          from generate_series(1, ${threads}::int) g`,
    );
    // Post i belongs to thread (i mod threads) + 1 and is its floor (i / threads) + 1; one to three
    // sentences each; 1% hidden by moderators.
    const batch = 250_000;
    for (let from = 1; from <= posts; from += batch) {
      const to = Math.min(posts, from + batch - 1);
      await step(
        "posts",
        sql`insert into posts (thread_id, seq, author_id, body, body_html, hidden, created_at)
            select t0.first + (g % ${threads}::int), 1 + g / ${threads}::int, 1 + (g % 1000),
                   ${sentence} || case when random() < 0.6 then ${sentence} else '' end || case when random() < 0.3 then ${sentence} else '' end,
                   '', random() < 0.01,
                   now() - make_interval(secs => ${span} * (1 - g::float8 / ${posts}))
            from generate_series(${from - 1}::int, ${to - 1}::int) g, (select min(id) as first from threads) t0`,
      );
      log(`  posts ${to.toLocaleString("en")} / ${posts.toLocaleString("en")}`);
    }
    for (const i of indexes) await step("trigram indexes", sql.raw(i.def));
    await step("vacuum analyze", sql`vacuum analyze threads`);
    await step("vacuum analyze", sql`vacuum analyze posts`);
    const [size] = rowsOf<{ posts: string; idx: string }>(
      await db.execute(sql`select pg_size_pretty(pg_total_relation_size('posts')) as posts, pg_size_pretty(pg_relation_size('posts_search_trgm_idx')) as idx`),
    );
    return { threads, seconds, size };
  } finally {
    await conn.end({ timeout: 5 });
  }
}

// ---------------------------------------------------------------- the queries

const QUERIES: { q: string; kind: string }[] = [
  { q: "公交线路", kind: "common phrase (4 chars)" },
  { q: "东源县", kind: "common place (3 chars)" },
  { q: "公交线路太少", kind: "phrase (6 chars)" },
  { q: "仙塘镇的公交线路", kind: "place + subject" },
  { q: "路灯 晚上没有照明", kind: "two terms" },
  { q: "养老院 收费不合理", kind: "two terms, rarer" },
  { q: "广场舞噪音", kind: "subject (5 chars)" },
  { q: "污水管网年久失修", kind: "subject + problem" },
  { q: "公交", kind: "two characters (newest only)" },
  { q: "学校", kind: "two characters (newest only)" },
  { q: "WiFi 信号", kind: "mixed script" },
  { q: "stret lights", kind: "English with a typo" },
  { q: "污水管网年久失修理", kind: "Chinese with a slip" },
  { q: "公交线录太少", kind: "Chinese slip, little left" },
  { q: "量子计算机实验室", kind: "found nowhere" },
  { q: "公交线路 量子", kind: "common term + rare short term" },
  { q: "100%_\\", kind: "LIKE metacharacters" },
];

interface Timed {
  label: string;
  values: number[];
}

async function main() {
  const posts = numberArg("posts", "BENCH_POSTS", 1_000_000);
  const iterations = numberArg("iterations", "BENCH_ITERATIONS", 15);
  const warmup = numberArg("warmup", "BENCH_WARMUP", 2);
  const base = await serverUrl();
  const name = `bench_search_${randomBytes(4).toString("hex")}`;
  await adminSql(base, `create database "${name}"`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const client = postgres(url, { max: 4, onnotice: () => {} });
  try {
    const db = drizzle(client, { schema }) as unknown as Db;
    await migrate(db, { migrationsFolder });
    const [v] = rowsOf<{ v: string }>(await db.execute(sql`select current_setting('server_version') as v`));
    log(`PostgreSQL ${v.v}, database ${name}; ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
    log(`generating ${posts.toLocaleString("en")} posts …`);
    const loaded = await load(url, posts);
    log(`loaded: ${loaded.threads.toLocaleString("en")} threads, posts ${loaded.size.posts} (trigram index ${loaded.size.idx}); ${Object.entries(loaded.seconds).map(([k, s]) => `${k} ${s.toFixed(1)} s`).join(", ")}`);
    const app: AppServices = createServices(db, { ...loadConfig({} as NodeJS.ProcessEnv), databaseUrl: url, rateLimits: false, seedDemo: false }, noPublisher);

    const [range] = rowsOf<{ lo: string; hi: string }>(await db.execute(sql`select min(id)::text as lo, max(id)::text as hi from posts`));
    const [tr] = rowsOf<{ lo: string; hi: string }>(await db.execute(sql`select min(id)::text as lo, max(id)::text as hi from threads`));
    const rnd = (lo: string, hi: string) => Number(lo) + Math.floor(Math.random() * (Number(hi) - Number(lo) + 1));
    const baselines: Record<string, () => Promise<unknown>> = {
      "post by primary key": () => db.execute(sql`select id, thread_id, seq, body, created_at from posts where id = ${rnd(range.lo, range.hi)}`),
      "a thread's newest 20 posts": () =>
        db.execute(sql`select id, seq, body, created_at from posts where thread_id = ${rnd(tr.lo, tr.hi)} order by id desc limit 20`),
    };

    const results: Timed[] = [...QUERIES.map((q) => ({ label: q.q, values: [] as number[] })), ...Object.keys(baselines).map((label) => ({ label, values: [] as number[] }))];
    const found = new Map<string, { items: number; counts: string; mode: string }>();
    for (let round = 0; round < warmup + iterations; round++) {
      for (let i = 0; i < QUERIES.length; i++) {
        const t = performance.now();
        const page = await search(app, { q: QUERIES[i].q });
        const dt = performance.now() - t;
        if (round >= warmup) results[i].values.push(dt);
        found.set(QUERIES[i].q, { items: page.items.length, counts: `${page.counts.thread}/${page.counts.info}/${page.counts.post}`, mode: page.mode });
      }
      for (const [j, fn] of Object.values(baselines).entries()) {
        const t = performance.now();
        await fn();
        const dt = performance.now() - t;
        if (round >= warmup) results[QUERIES.length + j].values.push(dt);
      }
    }

    const all = summarize(results.slice(0, QUERIES.length).flatMap((r) => r.values));
    const pk = summarize(results[QUERIES.length].values);
    const list = summarize(results[QUERIES.length + 1].values);
    console.log(`\n### Search over ${posts.toLocaleString("en")} posts (${loaded.threads.toLocaleString("en")} threads), ${iterations} rounds after ${warmup} warm-up\n`);
    console.log(
      markdownTable(
        ["query", "kind", "mode", "first page / thread·info·post", "p50", "p95", "p99"],
        QUERIES.map((q, i) => {
          const s = summarize(results[i].values);
          const f = found.get(q.q)!;
          return [`\`${q.q}\``, q.kind, f.mode, `${f.items} / ${f.counts}`, ms(s.p50, 1), ms(s.p95, 1), ms(s.p99, 1)];
        }),
      ),
    );
    console.log("");
    console.log(
      markdownTable(
        ["call", "p50", "p95", "p99", "p95 ratio to PK lookup", "p95 ratio to indexed list", "target p95", "result"],
        [
          ["search (all queries)", ms(all.p50, 1), ms(all.p95, 1), ms(all.p99, 1), ratio(all.p95 / pk.p95), ratio(all.p95 / list.p95), `< ${TARGET_MS} ms`, all.p95 < TARGET_MS ? "PASS" : "**MISS**"],
          ["baseline: post by primary key", ms(pk.p50, 2), ms(pk.p95, 2), ms(pk.p99, 2), "1.00×", "", "", ""],
          ["baseline: a thread's newest 20 posts", ms(list.p50, 2), ms(list.p95, 2), ms(list.p99, 2), "", "1.00×", "", ""],
        ],
      ),
    );
    if (flag("explain")) await explain(url);
    log(`done; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
    if (all.p95 >= TARGET_MS) process.exitCode = 1;
  } finally {
    await client.end({ timeout: 5 });
    if (flag("keep")) log(`kept database ${name}`);
    else await adminSql(base, `drop database if exists "${name}" with (force)`);
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement one search sends, per query. */
async function explain(url: string) {
  const captured: { query: string; params: unknown[] }[] = [];
  let on = false;
  const client = postgres(url, { max: 1, onnotice: () => {}, debug: (_c, query, params) => on && captured.push({ query, params: params as unknown[] }) });
  const db = drizzle(client, { schema }) as unknown as Db;
  const app = createServices(db, { ...loadConfig({} as NodeJS.ProcessEnv), databaseUrl: url, rateLimits: false, seedDemo: false }, noPublisher);
  try {
    for (const { q } of QUERIES) {
      captured.length = 0;
      on = true;
      await search(app, { q });
      on = false;
      console.log(`\n#### EXPLAIN for \`${q}\``);
      for (const c of captured.filter((c) => !/^(begin|commit|set )/i.test(c.query))) {
        const plan = await client.unsafe(`explain (analyze, buffers, costs off) ${c.query}`, c.params as never[]);
        console.log("```\n" + plan.map((r: any) => r["QUERY PLAN"]).join("\n") + "\n```");
      }
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

await main();
