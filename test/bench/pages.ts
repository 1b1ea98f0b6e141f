// Benchmark (not a test): deep pages of a long thread cost the same as the first page.
//
//   npm run bench:pages [-- --replies=100000 --iterations=200 --requests=100]
//
// Builds a thread with 100,000 replies set-based (one INSERT … SELECT generate_series, dense
// seq 1..N, threads.last_seq/post_count set to match), then times page 1 against page 5,000:
//   (a) the service call getPostPage(app, null, threadId, page), in this process;
//   (b) GET /t/:id?page=N end to end through the real server (production build).
// Uses a fresh PostgreSQL database when DATABASE_URL is set (dropped afterwards), otherwise an
// in-memory PGlite.
import { performance } from "node:perf_hooks";
import os from "node:os";
import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import { posts, users } from "../../db/schema";
import { getPostPage } from "../../app/.server/forum/service";
import { authorColumns } from "../../app/.server/forum/dto";
import { PAGE_SIZE } from "../../app/domain/forum/types";
import {
  markdownTable,
  ms,
  numberArg,
  ratio,
  rowsOf,
  startBenchServer,
  summarize,
  userAndThread,
  verdict,
  verdictPlain,
  type Summary,
} from "./common";

async function main() {
  const replies = Math.round(numberArg("replies", "BENCH_REPLIES", 100_000));
  const iterations = Math.round(numberArg("iterations", "BENCH_ITERATIONS", 200));
  const requests = Math.round(numberArg("requests", "BENCH_REQUESTS", 100));
  const warmup = Math.round(numberArg("warmup", "BENCH_WARMUP", 20));
  const deepPage = Math.ceil(replies / PAGE_SIZE); // 5,000 for 100,000 replies
  const started = performance.now();
  const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}`);

  log("starting server (production build) …");
  const bench = await startBenchServer();
  const { server } = bench;
  const { app } = server;
  log(`server ${server.url} on ${bench.dbLabel}`);
  let exitCode = 0;
  try {
    const { userId, threadId } = await userAndThread(server, "citizen");
    log(`thread ${threadId} created over HTTP; inserting ${replies.toLocaleString("en")} replies set-based …`);

    // ---- data: one statement for the posts, every 10th reply quotes the floor before it
    let t0 = performance.now();
    await app.db.execute(sql`
      insert into posts (thread_id, seq, author_id, body, body_html, created_at)
      select ${threadId}, g, ${userId},
             '第' || g || '楼：建议把社区公园的开放时间延长到晚上十点，并增加照明。',
             '<p>第' || g || '楼：建议把社区公园的开放时间延长到晚上十点，并增加照明。</p>',
             now() - make_interval(secs => ${replies} - g)
      from generate_series(1, ${replies}) as g`);
    await app.db.execute(sql`
      update posts p set reply_to_id = q.id
      from posts q
      where p.thread_id = ${threadId} and q.thread_id = ${threadId} and q.seq = p.seq - 1 and p.seq % 10 = 0`);
    await app.db.execute(sql`
      update threads set last_seq = ${replies}, post_count = ${replies}, last_post_at = now() where id = ${threadId}`);
    const insertMs = performance.now() - t0;
    t0 = performance.now();
    await app.db.execute(sql`analyze posts`);
    await app.db.execute(sql`analyze threads`);
    await app.db.execute(sql`analyze users`);
    const analyzeMs = performance.now() - t0;
    const [check] = rowsOf<{ n: number; lo: number; hi: number; distinct_seq: number }>(
      await app.db.execute(
        sql`select count(*)::int as n, min(seq)::int as lo, max(seq)::int as hi, count(distinct seq)::int as distinct_seq from posts where thread_id = ${threadId}`,
      ),
    );
    if (check.n !== replies || check.lo !== 1 || check.hi !== replies || check.distinct_seq !== replies) {
      throw new Error(`floors are not dense 1..${replies}: ${JSON.stringify(check)}`);
    }
    log(
      `inserted ${check.n.toLocaleString("en")} replies (seq ${check.lo}..${check.hi}, dense) in ${(insertMs / 1000).toFixed(1)} s; ` +
        `ANALYZE ${(analyzeMs / 1000).toFixed(1)} s`,
    );

    // ---- sanity: the pages hold what they should
    const first = await getPostPage(app, null, threadId, 1);
    const deep = await getPostPage(app, null, threadId, deepPage);
    if (first.items.length !== PAGE_SIZE || first.items[0].seq !== 1) throw new Error("page 1 is wrong");
    if (deep.page !== deepPage || deep.items.length !== PAGE_SIZE || deep.items[0].seq !== (deepPage - 1) * PAGE_SIZE + 1) {
      throw new Error(`page ${deepPage} is wrong: page ${deep.page}, ${deep.items.length} items, first seq ${deep.items[0]?.seq}`);
    }
    log(`page 1 = floors 1..${PAGE_SIZE}, page ${deepPage} = floors ${deep.items[0].seq}..${deep.items.at(-1)!.seq} (pageCount ${deep.pageCount})`);

    // ---- (a) service call, interleaved so drift hits both pages alike
    log(`(a) getPostPage(): ${warmup} warm-up + ${iterations} timed calls per page, interleaved …`);
    const svc = { first: [] as number[], deep: [] as number[] };
    for (let i = 0; i < warmup + iterations; i++) {
      for (const [page, into] of [
        [1, svc.first],
        [deepPage, svc.deep],
      ] as const) {
        const t = performance.now();
        await getPostPage(app, null, threadId, page);
        if (i >= warmup) into.push(performance.now() - t);
      }
    }

    // ---- (b) HTTP page, end to end
    log(`(b) GET /t/${threadId}?page=N: ${warmup} warm-up + ${requests} timed requests per page, interleaved …`);
    // The data load blocked this process for seconds, so the keep-alive connection that fetch
    // holds from the setup calls may have been closed under it: one priming request, retried.
    for (let attempt = 1; ; attempt++) {
      try {
        await (await fetch(`${server.url}/healthz`)).text();
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    const http = { first: [] as number[], deep: [] as number[] };
    let bytes = { first: 0, deep: 0 };
    for (let i = 0; i < warmup + requests; i++) {
      for (const [page, into, key] of [
        [1, http.first, "first"],
        [deepPage, http.deep, "deep"],
      ] as const) {
        const t = performance.now();
        const res = await fetch(`${server.url}/t/${threadId}?page=${page}`);
        const html = await res.text();
        const took = performance.now() - t;
        if (res.status !== 200) throw new Error(`GET /t/${threadId}?page=${page}: ${res.status}`);
        const firstFloor = (page - 1) * PAGE_SIZE + 1;
        if (i === 0 && !html.includes(`第${firstFloor}楼`)) throw new Error(`page ${page} HTML lacks floor ${firstFloor}`);
        bytes = { ...bytes, [key]: html.length };
        if (i >= warmup) into.push(took);
      }
    }

    // ---- EXPLAIN (ANALYZE) of the page query, exactly as getPostPage builds it (the range starts
    // one floor early: that row gives the id before the page, for catch-up)
    const p = deepPage;
    const pageQuery = app.db
      .select({ post: posts, author: authorColumns })
      .from(posts)
      .innerJoin(users, eq(users.id, posts.authorId))
      .where(and(eq(posts.threadId, threadId), gte(posts.seq, (p - 1) * PAGE_SIZE), lte(posts.seq, p * PAGE_SIZE)))
      .orderBy(asc(posts.seq));
    const plan = rowsOf<Record<string, string>>(await app.db.execute(sql`explain (analyze, buffers) ${pageQuery}`)).map(
      (r) => Object.values(r)[0],
    );
    const usesIndex = plan.some((l) => l.includes("posts_thread_seq_idx"));
    const seqScanPosts = plan.some((l) => /Seq Scan on posts/.test(l));
    const execLine = plan.find((l) => l.startsWith("Execution Time")) ?? "";

    // ---- report
    const a1 = summarize(svc.first);
    const aN = summarize(svc.deep);
    const b1 = summarize(http.first);
    const bN = summarize(http.deep);
    const ra50 = aN.p50 / a1.p50;
    const ra95 = aN.p95 / a1.p95;
    const rb50 = bN.p50 / b1.p50;
    const rb95 = bN.p95 / b1.p95;

    const lines: string[] = [];
    const out = (s = "") => lines.push(s);
    const row = (label: string, s: Summary) =>
      `${label.padEnd(34)} n ${String(s.n).padStart(4)}  p50 ${ms(s.p50, 3).padStart(11)}  p95 ${ms(s.p95, 3).padStart(11)}  max ${ms(s.max, 3).padStart(11)}`;
    out();
    out("================================================================ bench:pages results");
    out(`database           ${bench.dbLabel}`);
    out(`node               ${process.version}, ${os.cpus().length} CPUs`);
    out(`thread             ${replies.toLocaleString("en")} replies, ${PAGE_SIZE} per page → ${deepPage.toLocaleString("en")} pages; every 10th reply quotes the floor before it`);
    out(`data load          ${(insertMs / 1000).toFixed(1)} s set-based insert, then ANALYZE posts/threads/users`);
    out();
    out(row("(a) getPostPage page 1", a1));
    out(row(`(a) getPostPage page ${deepPage}`, aN));
    out(row("(b) GET /t/:id?page=1", b1));
    out(row(`(b) GET /t/:id?page=${deepPage}`, bN));
    out(`    HTML size: page 1 ${bytes.first} chars, page ${deepPage} ${bytes.deep} chars (client is in the same process as the server)`);
    out();
    out(`ratio page ${deepPage}/page 1, service p50   ${ratio(ra50).padStart(7)}   target ≤ 1.5   ${verdictPlain(ra50 <= 1.5)}`);
    out(`ratio page ${deepPage}/page 1, service p95   ${ratio(ra95).padStart(7)}   (information)`);
    out(`ratio page ${deepPage}/page 1, HTTP p50      ${ratio(rb50).padStart(7)}   target ≤ 1.5   ${verdictPlain(rb50 <= 1.5)}`);
    out(`ratio page ${deepPage}/page 1, HTTP p95      ${ratio(rb95).padStart(7)}   (information)`);
    out();
    out(`EXPLAIN (ANALYZE, BUFFERS) of the page-${deepPage} query — uses posts_thread_seq_idx: ${usesIndex ? "YES" : "NO  <<<<<<"}` + (seqScanPosts ? "  (Seq Scan on posts!)" : ""));
    for (const l of plan) out(`    ${l}`);
    out();
    out("Markdown summary:");
    out();
    out(
      `Thread pages, ${replies.toLocaleString("en")} replies, ${bench.dbLabel.startsWith("PGlite") ? "PGlite (in memory)" : "PostgreSQL"}, ` +
        `Node ${process.version}, ${os.cpus().length} cores. (a) ${iterations} service calls per page, (b) ${requests} HTTP requests per page, after ${warmup} warm-ups each.`,
    );
    out();
    out(
      markdownTable(
        ["Measure", "Page 1 p50", "Page 1 p95", `Page ${deepPage} p50`, `Page ${deepPage} p95`, `Ratio p50 (${deepPage}/1)`, "Target", "Result"],
        [
          ["(a) `getPostPage()` service call", ms(a1.p50), ms(a1.p95), ms(aN.p50), ms(aN.p95), ratio(ra50), "≤ 1.5", verdict(ra50 <= 1.5)],
          ["(b) `GET /t/:id?page=N` end to end", ms(b1.p50), ms(b1.p95), ms(bN.p50), ms(bN.p95), ratio(rb50), "≤ 1.5", verdict(rb50 <= 1.5)],
          ["Page query uses `posts_thread_seq_idx`", "", "", "", "", "", "yes", usesIndex ? `PASS (${execLine.replace("Execution Time: ", "")})` : "**FAIL**"],
        ],
      ),
    );
    out();
    console.log(lines.join("\n"));
  } catch (e) {
    console.error("bench:pages failed:", e);
    exitCode = 1;
  } finally {
    await bench.stop().catch((e) => console.error("cleanup:", e));
  }
  process.exit(exitCode);
}

main().catch((e: unknown) => {
  console.error("bench:pages failed:", e);
  process.exit(1);
});
