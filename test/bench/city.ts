// Benchmark (not a test): the city's busiest evening on loopback. Two app processes behind nginx
// (test/support/cluster.ts, deploy/nginx.conf) on one PostgreSQL (a fresh database in
// DATABASE_URL's server) and one Redis (REDIS_URL), for a fixed time:
//
//   - 5,000 Socket.IO connections across both nodes (a child process; 64 client addresses,
//     127.0.0.2–65, so nginx's address hash spreads them as it would a city's many homes), 90%
//     following one of 50 debates, 10% in an officials-online session;
//   - 50 replies/s into those debates, 200 page views/s (home, forum, thread pages), 5 petitions/s,
//     20 votes/s in the live session; all through nginx, open loop (sent on schedule, never
//     waiting for earlier answers, so a slow server cannot slow the load down).
//
//   npm run bench:city [-- --seconds=60 --warmup=5 --sockets=5000 --replies=50 --pages=200 --petitions=5 --votes=20]
//
// Prints throughput, p50/p99 and errors per operation, the delivery of every reply to every
// socket following its debate, each node's event-loop delay (p99 over the run), memory and
// sockets, and ratios to same-run baselines:
//   pages and writes  ← GET /healthz through nginx at 20/s (nginx + node + Express, no work);
//   live delivery     ← a Socket.IO emit→ack round trip on the same sockets at 20/s (the
//                       transport through nginx and the node's loop, no work).
// Targets (issue 6): zero errors, page p99 ≤ 250 ms, live delivery p99 ≤ 250 ms.
import { fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import os from "node:os";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { io as ioClient, type Socket } from "socket.io-client";
import { apiCall, markdownTable, mb, ms, numberArg, ratio, sleep, summarize, type Summary } from "./common";

const ROLE_ENV = "BENCH_CITY_ROLE";
const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------- the sockets' process

type ToChild = { type: "connect"; url: string; rooms: string[]; concurrency: number } | { type: "start" } | { type: "collect" };

async function socketsProcess() {
  const sockets: Socket[] = [];
  const rooms: string[] = [];
  const delivery: number[] = [];
  const pings: number[] = [];
  let disconnects = 0;
  let voteBatches = 0;
  let measuring = false;
  let pingTimer: ReturnType<typeof setInterval> | null = null;
  const send = (m: unknown) => process.send!(m);

  process.on("message", async (m: ToChild) => {
    if (m.type === "connect") {
      let failed = 0;
      let firstError: string | null = null;
      const started = now();
      let next = 0;
      const worker = async () => {
        while (next < m.rooms.length) {
          const i = next++;
          const room = m.rooms[i]!;
          try {
            const s = await new Promise<Socket>((resolve, reject) => {
              const s = ioClient(m.url, {
                transports: ["websocket"],
                reconnection: false,
                forceNew: true,
                timeout: 20_000,
                localAddress: `127.0.0.${2 + (i % 64)}`,
              } as Parameters<typeof ioClient>[1]);
              s.once("connect", () => resolve(s));
              s.once("connect_error", (e) => reject(e));
            });
            await new Promise<void>((resolve, reject) => s.emit("join", room, (a: { ok: boolean; error?: string }) => (a?.ok ? resolve() : reject(new Error(a?.error ?? "join refused")))));
            s.on("post:created", (e: { post: { body: string } }) => {
              if (!measuring) return;
              const at = /bench@(\d+(?:\.\d+)?)/.exec(e.post.body);
              if (at) delivery.push(now() - Number(at[1]));
            });
            s.on("live:votes", () => {
              if (measuring) voteBatches += 1;
            });
            s.on("disconnect", () => {
              if (measuring) disconnects += 1;
            });
            sockets.push(s);
            rooms.push(room);
          } catch (e) {
            failed += 1;
            firstError ??= (e as Error).message;
          }
        }
      };
      await Promise.all(Array.from({ length: m.concurrency }, worker));
      send({ type: "connected", connected: sockets.length, failed, firstError, ms: now() - started });
    } else if (m.type === "start") {
      measuring = true;
      // The baseline: a join of the room the socket is already in answers at once.
      pingTimer = setInterval(() => {
        const i = Math.floor(Math.random() * sockets.length);
        const t0 = now();
        sockets[i]!.timeout(5000).emit("join", rooms[i]!, (err: unknown) => {
          if (!err) pings.push(now() - t0);
        });
      }, 50);
    } else if (m.type === "collect") {
      measuring = false;
      if (pingTimer) clearInterval(pingTimer);
      const connectedAtEnd = sockets.filter((s) => s.connected).length;
      for (const s of sockets) s.close();
      // Exit only once the (large) message has left: an exit would cut the pipe mid-write.
      process.send!({ type: "collected", delivery, pings, disconnects, voteBatches, connected: connectedAtEnd }, () => process.exit(0));
    }
  });
  send({ type: "ready" });
}

// ---------------------------------------------------------------- the load

interface OpStats {
  latencies: number[];
  errors: number;
  firstError: string | null;
  sent: number;
}

const newStats = (): OpStats => ({ latencies: [], errors: 0, firstError: null, sent: 0 });

async function main() {
  const databaseBase = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseBase || !redisUrl) {
    console.error("bench:city needs DATABASE_URL (a PostgreSQL server) and REDIS_URL: several nodes share them.");
    process.exit(2);
  }
  const seconds = numberArg("seconds", "BENCH_SECONDS", 60);
  // The same load first, unmeasured: JIT, caches and pools warm up as on a real evening.
  const warmup = numberArg("warmup", "BENCH_WARMUP", 5);
  const socketCount = numberArg("sockets", "BENCH_SOCKETS", 5000);
  const rates = {
    reply: numberArg("replies", null, 50),
    page: numberArg("pages", null, 200),
    petition: numberArg("petitions", null, 5),
    vote: numberArg("votes", null, 20),
    healthz: 20,
  };
  const THREADS = 50;
  const QUESTIONS = 15;
  const VOTERS = Math.max(20, Math.ceil((rates.vote * (seconds + warmup + 5)) / QUESTIONS));

  const { startCluster } = await import("../support/cluster");
  const { dropDatabase, freshDatabaseUrl } = await import("../support/db");
  const databaseUrl = (await freshDatabaseUrl())!;
  const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
  log(`database ${new URL(databaseUrl).pathname.slice(1)}; starting 2 nodes and nginx`);
  const cluster = await startCluster({
    databaseUrl,
    redisUrl,
    env: { RATE_LIMITS: "off", LOG_LEVEL: "warn", REDIS_PREFIX: `city-${process.pid}`, SCHEDULER_INTERVAL_MS: "60000" },
  });
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  let child: ReturnType<typeof fork> | null = null;
  try {
    const api = (method: string, path: string, token: string | null, body?: unknown) => apiCall(cluster.url, path, { method, token: token ?? undefined, body });
    const register = async (name: string) => {
      const r = await api("POST", "/auth/register", null, { username: name, password: "bench-password-123", displayName: "压测用户" });
      if (r.status !== 201) throw new Error(`register ${name}: ${r.status} ${JSON.stringify(r.body)}`);
      return { id: Number(r.body.user.id), token: r.body.token as string };
    };

    // ------------------------------------------------------------ setup
    log(`setup: users, ${THREADS} debates, a live session with ${QUESTIONS} questions, ${VOTERS} voters`);
    const tag = process.pid.toString(36);
    const host = await register(`city_host_${tag}`);
    const writers = await Promise.all(Array.from({ length: 10 }, (_, i) => register(`city_w${i}_${tag}`)));
    const voters: { id: number; token: string }[] = [];
    for (let i = 0; i < VOTERS; i += 20) voters.push(...(await Promise.all(Array.from({ length: Math.min(20, VOTERS - i) }, (_, j) => register(`city_v${i + j}_${tag}`)))));
    const [mailbox] = await sql<{ id: number }[]>`select id from mailboxes where slug = 'city-transport'`;
    await sql`update users set role = 'official' where id = ${host.id}`;
    await sql`insert into mailbox_members (mailbox_id, user_id, position) values (${mailbox!.id}, ${host.id}, 'handler')`;
    const threads: string[] = [];
    for (let i = 0; i < THREADS; i++) {
      const t = await api("POST", "/threads", writers[i % writers.length]!.token, { section: "forum", title: `晚高峰讨论 ${i + 1}：公交与道路`, body: "今晚大家集中讨论，欢迎官员回应。" });
      threads.push(t.body.thread.id);
    }
    const session = await api("POST", "/live", host.token, {
      title: "公仆在线：晚高峰交通",
      description: "在线答疑",
      mailboxId: String(mailbox!.id),
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      moderated: false,
    });
    if (session.status !== 201) throw new Error(`live session: ${JSON.stringify(session.body)}`);
    const sessionId = session.body.session.id as string;
    const questions: string[] = [];
    for (let i = 0; i < QUESTIONS; i++) {
      const q = await api("POST", `/live/${sessionId}/questions`, writers[i % writers.length]!.token, { body: `问题 ${i + 1}：晚高峰能否加密班次？` });
      questions.push(q.body.question.id);
    }

    // ------------------------------------------------------------ sockets
    child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, [ROLE_ENV]: "sockets" }, execArgv: ["--import", "tsx"] });
    child.on("exit", (code, signal) => log(`sockets process exited (${code ?? signal})`));
    const fromChild = (type: string) => new Promise<any>((resolve) => child!.on("message", (m: any) => m.type === type && resolve(m)));
    await fromChild("ready");
    const rooms = Array.from({ length: socketCount }, (_, i) => (i % 10 === 0 ? `live:${sessionId}` : `thread:${threads[i % THREADS]}`));
    log(`connecting ${socketCount} sockets through nginx`);
    child.send({ type: "connect", url: cluster.url, rooms, concurrency: 50 });
    const connected = await fromChild("connected");
    log(`${connected.connected} connected, ${connected.failed} failed${connected.firstError ? ` (${connected.firstError})` : ""} in ${(connected.ms / 1000).toFixed(1)} s`);
    const perNodeSockets = async () =>
      Promise.all(cluster.nodes.map(async (n) => Number(/^socketio_connected_sockets\{[^}]*\} (\d+)/m.exec(await (await fetch(`${n.url}/metrics`)).text())?.[1] ?? NaN)));
    log(`sockets per node: ${(await perNodeSockets()).join(" + ")}`);

    // ------------------------------------------------------------ run
    const stats = { reply: newStats(), page: newStats(), petition: newStats(), vote: newStats(), healthz: newStats() };
    const pages = ["/", "/forum", ...threads.slice(0, 10).map((t) => `/t/${t}`)];
    let voteIndex = 0;
    let pageIndex = 0;
    let replyIndex = 0;
    let petitionIndex = 0;
    let recording = false;
    const fire = (op: keyof typeof stats, expected: number[], request: () => Promise<Response>) => {
      const s = recording ? stats[op] : newStats();
      s.sent += 1;
      const t0 = now();
      request()
        .then(async (r) => {
          await r.arrayBuffer();
          if (!expected.includes(r.status)) {
            s.errors += 1;
            s.firstError ??= `HTTP ${r.status}`;
          } else s.latencies.push(now() - t0);
        })
        .catch((e: Error) => {
          s.errors += 1;
          s.firstError ??= e.message;
        });
    };
    const json = (token: string, body: unknown): RequestInit => ({
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const ops: Record<keyof typeof stats, () => void> = {
      reply: () => {
        const i = replyIndex++;
        fire("reply", [201], () => fetch(`${cluster.url}/api/v1/threads/${threads[i % THREADS]}/posts`, json(writers[i % writers.length]!.token, { body: `晚高峰回复 bench@${now().toFixed(3)}` })));
      },
      page: () => {
        const p = pages[pageIndex++ % pages.length]!;
        fire("page", [200], () => fetch(`${cluster.url}${p}`));
      },
      petition: () => {
        const i = petitionIndex++;
        fire("petition", [201], () =>
          fetch(
            `${cluster.url}/api/v1/petitions`,
            json(writers[i % writers.length]!.token, {
              mailboxId: String(mailbox!.id),
              title: `晚高峰来信 ${i + 1}：公交站台拥挤`,
              body: "晚高峰时段站台非常拥挤，建议增加班次并安排引导员。",
              category: "transport",
              public: true,
              contactName: "市民",
              contactPhone: "13800000000",
            }),
          ),
        );
      },
      vote: () => {
        const i = voteIndex++;
        if (i >= voters.length * questions.length) return;
        fire("vote", [200], () => fetch(`${cluster.url}/api/v1/live/questions/${questions[i % questions.length]}/votes`, json(voters[Math.floor(i / questions.length)]!.token, {})));
      },
      healthz: () => fire("healthz", [200], () => fetch(`${cluster.url}/healthz`)),
    };

    log(`warming up ${warmup} s, then running ${seconds} s: ${rates.reply} replies/s, ${rates.page} page views/s, ${rates.petition} petitions/s, ${rates.vote} votes/s`);
    let started = now();
    const sentBy: Record<string, number> = {};
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        let elapsed = (now() - started) / 1000;
        if (!recording && elapsed >= warmup) {
          // Measure from here; reset the nodes' event-loop histograms (prom-client resets them
          // on every scrape).
          recording = true;
          child!.send({ type: "start" });
          void perNodeSockets();
          started = now();
          elapsed = 0;
          for (const k of Object.keys(sentBy)) sentBy[k] = 0;
        }
        if (recording && elapsed >= seconds) {
          clearInterval(timer);
          return resolve();
        }
        for (const op of Object.keys(rates) as (keyof typeof rates)[]) {
          const due = Math.floor(elapsed * rates[op]);
          for (let k = sentBy[op] ?? 0; k < due; k++) ops[op]();
          sentBy[op] = Math.max(sentBy[op] ?? 0, due);
        }
      }, 5);
    });
    const wall = (now() - started) / 1000;
    log("load done; waiting 3 s for answers and deliveries in flight");
    // Let answers and deliveries still in flight arrive (they count, late).
    await sleep(3000);
    const nodeMetrics = await Promise.all(
      cluster.nodes.map(async (n) => {
        const text = await (await fetch(`${n.url}/metrics`)).text();
        const num = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} ([0-9.e+-]+)`, "m").exec(text)?.[1] ?? NaN);
        return { name: n.name, loopP99: num("nodejs_eventloop_lag_p99_seconds") * 1000, loopMax: num("nodejs_eventloop_lag_max_seconds") * 1000, rss: num("process_resident_memory_bytes"), sockets: num("socketio_connected_sockets") };
      }),
    );
    log("collecting the sockets' measurements");
    child.send({ type: "collect" });
    const collected = await fromChild("collected");

    // ------------------------------------------------------------ report
    const sum = (k: keyof typeof stats) => summarize(stats[k].latencies);
    const base = sum("healthz");
    const delivery = summarize(collected.delivery);
    const pingBase = summarize(collected.pings);
    const rows: (string | number)[][] = [];
    const line = (label: string, k: keyof typeof stats, s: Summary = sum(k)) => {
      rows.push([label, stats[k].sent, (stats[k].latencies.length / wall).toFixed(1), ms(s.p50), ms(s.p99), stats[k].errors, ratio(s.p99 / base.p99)]);
    };
    line("reply POST", "reply");
    line("page view (SSR)", "page");
    line("petition POST", "petition");
    line("vote POST", "vote");
    line("baseline GET /healthz", "healthz");
    rows.push(["live delivery (reply → every follower)", collected.delivery.length, (collected.delivery.length / wall).toFixed(0), ms(delivery.p50), ms(delivery.p99), 0, ratio(delivery.p99 / pingBase.p99)]);
    rows.push(["baseline socket emit→ack", collected.pings.length, (collected.pings.length / wall).toFixed(1), ms(pingBase.p50), ms(pingBase.p99), 0, "1.00×"]);
    const errors = Object.values(stats).reduce((a, s) => a + s.errors, 0) + collected.disconnects + connected.failed;
    const pageP99 = sum("page").p99;
    const expectedDeliveries = stats.reply.latencies.length * Math.floor((socketCount * 0.9) / THREADS);

    console.log("");
    console.log(`machine            ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), ${mb(os.totalmem())} RAM, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" / ")}`);
    console.log(`cluster            2 nodes (server/index.ts, production build) behind nginx on loopback; PostgreSQL ${new URL(databaseBase).host}; Redis ${new URL(redisUrl).host}`);
    console.log(`sockets            ${connected.connected}/${socketCount} connected (${connected.failed} failed), ${collected.connected} still connected at the end, ${collected.disconnects} dropped during the run`);
    console.log(`run                ${wall.toFixed(1)} s; deliveries ${collected.delivery.length} (≈${expectedDeliveries} expected); live:votes batches received ${collected.voteBatches}`);
    console.log("");
    console.log(markdownTable(["operation", "sent", "answered/s", "p50", "p99", "errors", "p99 ÷ baseline"], rows));
    console.log("");
    console.log(
      markdownTable(
        ["node", "event-loop delay p99", "event-loop delay max", "memory (RSS)", "sockets"],
        nodeMetrics.map((n) => [n.name, ms(n.loopP99, 1), ms(n.loopMax, 1), mb(n.rss), n.sockets]),
      ),
    );
    for (const [k, s] of Object.entries(stats)) if (s.firstError) console.log(`first ${k} error: ${s.firstError}`);
    console.log("");
    const verdict = (ok: boolean) => (ok ? "PASS" : "MISS  <<<<<<");
    console.log(`errors             ${errors}   target 0          ${verdict(errors === 0)}`);
    console.log(`page p99           ${ms(pageP99)}   target ≤ 250 ms   ${verdict(pageP99 <= 250)}`);
    console.log(`live delivery p99  ${ms(delivery.p99)}   target ≤ 250 ms   ${verdict(delivery.p99 <= 250)}`);
  } finally {
    child?.kill();
    await sql.end({ timeout: 2 }).catch(() => {});
    await cluster.stop();
    await dropDatabase(databaseUrl);
  }
}

if (process.env[ROLE_ENV] === "sockets") void socketsProcess();
else
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
