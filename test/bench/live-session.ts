// Benchmark (not a test): officials online at scale. N Socket.IO clients (default 2,000) follow
// one session while questions are upvoted over HTTP at a fixed rate (default 50 votes a second,
// each on a different question); every vote updates the count on every client. Latency from
// the vote's POST to each client's updated count, next to a bare Socket.IO broadcast of the same
// payload to the same clients, in the same run.
//
//   npm run bench:live-session [-- --clients=2000 --rate=50 --seconds=30 --warmup=1 --questions=50]
//   (or BENCH_CLIENTS / BENCH_RATE / BENCH_SECONDS / BENCH_WARMUP)
//   --profile=/tmp/app.cpuprofile also writes a CPU profile of the server during the app phase
//
// The approach is bench:live's (test/bench/live.ts): this process runs the server (startServer,
// production build, rate limits off) on a fresh PostgreSQL database when DATABASE_URL is set,
// otherwise on an in-memory PGlite; a forked child process holds the N socket.io-client
// connections; a second one sends the HTTP votes (voters are other people's browsers: a vote's
// POST never waits behind 2,000 clients' message parsing). The server's event loop shares a
// thread with neither.
//
// Counts travel in `live:votes` messages swept through the room (server/realtime/sweep.ts: each
// reader gets at most one every SWEEP_WINDOW_MS, a tenth of the room per turn, turns spread over
// the window): one broadcast per vote would be 2,000 × 50 = 100,000 socket
// writes a second, which neither this machine's two cores nor the clients can keep up with.
//
// App latency:      time the voters sent POST /api/v1/live/questions/:id/votes (their clock, mapped
//                   onto the clients' by IPC ping-pong calibration of both against this process)
//                   → time each client first held that vote's count (the count the POST answered
//                   with, or a higher one) for that question.
// Baseline latency: the server process emits a message of the same shape and size with
//                   RunningServer.io.to(room).emit(…) — same io, same sockets — at the rate each
//                   client received the app's `live:votes`. It is named BARE_EVENT (as long as
//                   `live:votes`) so it goes out as a plain broadcast, not through the sweep; time of emit (server clock, mapped onto the child clock by
//                   an IPC ping-pong calibration) → time each client got it.
// Target: app p99 ≤ 2 × baseline p99.
import { fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { Socket } from "socket.io-client";
import type { ServerToClient } from "../../app/realtime/contract";
import { SWEEP_GROUPS, SWEEP_WINDOW_MS } from "../../server/realtime/sweep";
import {
  apiCall,
  markdownTable,
  ms,
  numberArg,
  ratio,
  sleep,
  startBenchServer,
  summarize,
  verdict,
  type Summary,
  childChannel,
  closeChild,
  connectClients,
  joinedClient,
  paced,
  Receipts,
  serveParent,
  startProfiler,
  waitUntil,
} from "./common";

type VotesEvent = Parameters<ServerToClient["live:votes"]>[0];
const ROLE_ENV = "BENCH_LIVE_SESSION_ROLE";
const BASELINE_ID_BASE = 900_000_000;
/** The baseline's event: not a counter event, so a bare broadcast; the same length as "live:votes". */
const BARE_EVENT = "bare:votes";

// ---------------------------------------------------------------- IPC protocol

type ToChild =
  | { type: "connect"; url: string; room: string; clients: number; concurrency: number }
  | { type: "appStart" }
  | { type: "appCollect"; sent: [string, number][] }
  | { type: "vote"; url: string; votes: { token: string; questionId: string }[]; rate: number; warm: number }
  | { type: "baselineStart" }
  | { type: "baselineCollect"; emits: [string, number][]; offset: number }
  | { type: "close" };

interface PhaseResult {
  latency: Summary;
  fanoutComplete: Summary;
  firstReceipt: Summary;
  messages: number;
  expected: number;
  received: number;
  clientElu: number;
}

type FromChild =
  | { type: "ready" }
  | { type: "connected"; connected: number; failed: number; firstError: string | null; ms: number }
  | { type: "appStarted" }
  | { type: "baselineStarted" }
  | ({ type: "appDone"; sample: VotesEvent | null; payloadBytes: number; batches: number } & PhaseResult)
  | {
      type: "voted";
      /** Measured votes: the count each produced (id:votes) and when its POST was sent (voter clock). */
      sent: [string, number][];
      voteErrors: number;
      firstVoteError: string | null;
      postRtt: Summary;
      durationMs: number;
      voterElu: number;
    }
  | ({ type: "baselineDone" } & PhaseResult)
  | { type: "closed" }
  | { type: "error"; message: string };

/** The key of one count: question id and the number of votes it reached. */
const keyOf = (q: { id: string; votes: number }) => `${q.id}:${q.votes}`;

// ================================================================ child: the clients

async function clientDriver() {
  const sockets: Socket[] = [];
  const receipts = new Receipts();
  let connected = 0;
  let lastPayload: VotesEvent | null = null;
  let batches = 0;
  let batches0 = 0;
  const send = (m: FromChild) => process.send!(m);
  /** Each client keeps the highest count it has seen per question, as the page does. */
  const onVotesFor = (seen: Map<string, number>, first: boolean) => (p: VotesEvent) => {
    const t = performance.now();
    if (first) {
      lastPayload = p;
      batches++;
    }
    for (const v of p.votes) {
      const had = seen.get(v.id) ?? 0;
      // Every count from the one it had up to this one is now on this client's screen.
      for (let c = had + 1; c <= v.votes; c++) receipts.record(`${v.id}:${c}`, t);
      if (v.votes > had) seen.set(v.id, v.votes);
    }
  };
  const listen = (s: Socket) => {
    const onVotes = onVotesFor(new Map(), sockets.length === 0);
    s.on("live:votes", onVotes);
    s.on(BARE_EVENT, onVotes);
  };

  let phaseElu = performance.eventLoopUtilization();
  const startPhase = () => {
    phaseElu = performance.eventLoopUtilization();
  };
  const collect = (keys: string[], sentAt: Map<string, number>): PhaseResult => ({
    ...receipts.latencies(keys, sentAt, connected),
    clientElu: performance.eventLoopUtilization(phaseElu).utilization,
  });

  serveParent<ToChild>(async (m) => {
    switch (m.type) {
      case "connect": {
        const r = await connectClients(m.clients, m.concurrency, () => joinedClient(m.url, m.room, listen, sockets));
        connected = r.connected;
        send({ type: "connected", ...r });
        return;
      }
      case "appStart":
        startPhase();
        batches0 = batches;
        receipts.clear();
        send({ type: "appStarted" });
        return;
      case "appCollect": {
        const keys = m.sent.map(([k]) => k);
        const sentAt = new Map(m.sent);
        await waitUntil(receipts.allIn(keys, connected), 15_000);
        const result = collect(keys, sentAt);
        const sample = lastPayload as VotesEvent | null;
        receipts.clear();
        send({ type: "appDone", ...result, sample, payloadBytes: sample ? Buffer.byteLength(JSON.stringify(sample)) : 0, batches: batches - batches0 });
        return;
      }
      case "baselineStart":
        startPhase();
        send({ type: "baselineStarted" });
        return;
      case "baselineCollect": {
        const keys = m.emits.map(([k]) => k);
        const sentAt = new Map(m.emits.map(([k, t]) => [k, t + m.offset] as [string, number]));
        await waitUntil(receipts.allIn(keys, connected), 15_000);
        const result = collect(keys, sentAt);
        receipts.clear();
        send({ type: "baselineDone", ...result });
        return;
      }
      case "close": {
        for (const s of sockets) s.disconnect();
        await sleep(200);
        closeChild();
        return;
      }
    }
  });
}

// ================================================================ child: the voters

/**
 * The voters: their own process, as they would be their own browsers, so that a vote's POST is
 * not held up behind the 2,000 clients' message parsing (which a real voter never waits for).
 */
async function voterDriver() {
  const send = (m: FromChild) => process.send!(m);
  serveParent<ToChild>(async (m) => {
    if (m.type === "close") return closeChild();
    if (m.type !== "vote") return;
    const sent: [string, number][] = [];
    const rtts: number[] = [];
    let voteErrors = 0;
    let firstVoteError: string | null = null;
    const inflight: Promise<void>[] = [];
    let elu0 = performance.eventLoopUtilization();
    let from = performance.now();
    await paced(m.rate, m.votes.length, (k) => {
      const t0 = performance.now();
      if (k === m.warm) {
        elu0 = performance.eventLoopUtilization();
        from = t0;
      }
      const v = m.votes[k];
      inflight.push(
        fetch(`${m.url}/api/v1/live/questions/${v.questionId}/votes`, {
          method: "POST",
          headers: { Authorization: `Bearer ${v.token}`, "Content-Length": "0" },
        })
          .then(async (res) => {
            const text = await res.text();
            const t1 = performance.now();
            if (res.status !== 200) {
              voteErrors++;
              firstVoteError ??= `${res.status} ${text.slice(0, 200)}`;
              return;
            }
            const q = (JSON.parse(text) as { question: { id: string; votes: number } }).question;
            if (k >= m.warm) {
              sent.push([keyOf(q), t0]);
              rtts.push(t1 - t0);
            }
          })
          .catch((e: unknown) => {
            voteErrors++;
            firstVoteError ??= String((e as Error)?.message ?? e);
          }),
      );
    });
    await Promise.all(inflight);
    send({
      type: "voted",
      sent,
      voteErrors,
      firstVoteError,
      postRtt: summarize(rtts),
      durationMs: performance.now() - from,
      voterElu: performance.eventLoopUtilization(elu0).utilization,
    });
  });
}

// ================================================================ parent: server and report

/** A host with a mailbox, a live unmoderated session, its questions and the voters' sessions. */
async function setUp(server: Awaited<ReturnType<typeof startBenchServer>>["server"], questions: number, voters: number) {
  const { eq, sql } = await import("drizzle-orm");
  const { liveQuestions, mailboxes, mailboxMembers, users } = await import("../../db/schema");
  const { hashToken, newToken } = await import("../../app/.server/auth/tokens");
  const db = server.app.db;
  const username = `bench_host_${process.pid}`;
  const reg = await apiCall(server.url, "/auth/register", { body: { username, password: "bench-password-123", displayName: "压测主持人" } });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  const hostId = Number(reg.body.user.id);
  await db.update(users).set({ role: "official" }).where(eq(users.id, hostId));
  const [mailbox] = await db.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.slug, "city-transport"));
  await db.insert(mailboxMembers).values({ mailboxId: mailbox.id, userId: hostId, position: "handler" });
  const now = Date.now();
  const created = await apiCall(server.url, "/live", {
    token: String(reg.body.token),
    body: {
      title: "压测：公仆在线",
      mailboxId: String(mailbox.id),
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 6 * 3_600_000).toISOString(),
      moderated: false,
    },
  });
  if (created.status !== 201) throw new Error(`session create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const sessionId = Number(created.body.session.id);
  // Voters (and an asker) with sessions, set-based: registering hundreds through argon2 would
  // take longer than the benchmark.
  const people = await db
    .insert(users)
    .values(Array.from({ length: voters + 1 }, (_, i) => ({ username: `bench_v_${process.pid}_${i}`, displayName: `网友${i}`, passwordHash: "x" })))
    .returning({ id: users.id });
  const tokens: string[] = [];
  for (const p of people.slice(1)) {
    const token = newToken();
    await server.app.lucia.createSession(p.id, {}, { sessionId: hashToken(token) });
    tokens.push(token);
  }
  const qs = await db
    .insert(liveQuestions)
    .values(
      Array.from({ length: questions }, (_, i) => ({
        sessionId,
        authorId: people[0].id,
        body: `压测问题 #${i}：老城区停车难，能否新建立体停车场并开放夜间错时停车？`,
        status: "approved" as const,
      })),
    )
    .returning({ id: liveQuestions.id });
  await db.execute(sql`analyze live_questions`);
  return { sessionId, questionIds: qs.map((q) => String(q.id)), tokens };
}

async function main() {
  const clients = Math.round(numberArg("clients", "BENCH_CLIENTS", 2000));
  const rate = numberArg("rate", "BENCH_RATE", 50);
  const seconds = numberArg("seconds", "BENCH_SECONDS", 30);
  const warmupSeconds = numberArg("warmup", "BENCH_WARMUP", 1);
  const questions = Math.round(numberArg("questions", null, 50));
  const concurrency = Math.round(numberArg("connect-concurrency", null, 50));
  const total = Math.round(rate * (warmupSeconds + seconds));
  const warm = Math.round(rate * warmupSeconds);
  const voters = Math.ceil(total / questions);

  const started = performance.now();
  const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}`);
  log("starting server (production build) …");
  const bench = await startBenchServer();
  const { server } = bench;
  log(`server ${server.url} on ${bench.dbLabel}`);

  let child: ChildProcess | null = null;
  let voter: ChildProcess | null = null;
  let exitCode = 0;
  try {
    const { sessionId, questionIds, tokens } = await setUp(server, questions, voters);
    const room = `live:${sessionId}`;
    log(`session ${sessionId}: ${questions} questions, ${voters} voters`);
    // Vote k goes to question k mod Q by voter ⌊k / Q⌋: each second, every question gets a vote
    // from someone who has not voted on it yet.
    const votes = Array.from({ length: total }, (_, k) => ({ token: tokens[Math.floor(k / questions)], questionId: questionIds[k % questions] }));

    child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, [ROLE_ENV]: "clients" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ch = childChannel<FromChild, ToChild>(child);
    voter = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, [ROLE_ENV]: "voters" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const vch = childChannel<FromChild, ToChild>(voter);
    await Promise.all([ch.wait("ready", 60_000), vch.wait("ready", 60_000)]);

    log(`connecting ${clients} websocket clients (${concurrency} at a time) and joining ${room} …`);
    const conn = await ch.request({ type: "connect", url: server.url, room, clients, concurrency }, "connected", 300_000);
    await sleep(800); // the coalesced presence broadcasts (250 ms) go out
    const inRoom = server.io.of("/").adapter.rooms.get(room)?.size ?? 0;
    log(`connected ${conn.connected}/${clients} in ${(conn.ms / 1000).toFixed(1)} s${conn.failed ? ` (${conn.failed} failed: ${conn.firstError})` : ""}; ${inRoom} in the room`);
    const n = conn.connected;
    if (n === 0) throw new Error("no client connected");

    // ---- app: HTTP POST vote → the new count in a live:votes batch
    // --profile=file.cpuprofile: V8 CPU profile of the server process during the app phase.
    const profilePath = process.argv.find((a) => a.startsWith("--profile="))?.slice("--profile=".length) ?? null;
    const profiler = profilePath ? await startProfiler() : null;
    const appElu0 = performance.eventLoopUtilization();
    const appCpu0 = process.cpuUsage();
    log(`app phase: ${rate} votes/s for ${warmupSeconds} s warm-up + ${seconds} s measured …`);
    await ch.request({ type: "appStart" }, "appStarted", 10_000);
    const voted = await vch.request({ type: "vote", url: server.url, votes, rate, warm }, "voted", (warmupSeconds + seconds) * 1000 + 120_000);
    const appElu = performance.eventLoopUtilization(appElu0).utilization;
    const appCpu = process.cpuUsage(appCpu0);
    const appCpuPerVote = (appCpu.user + appCpu.system) / 1000 / votes.length;
    if (profiler && profilePath) {
      await profiler.stop(profilePath);
      log(`server CPU profile of the app phase written to ${profilePath}`);
    }
    // Send times on the voters' clock → the clients' clock (both calibrated against this one).
    const [syncC, syncV] = [await ch.calibrate(), await vch.calibrate()];
    const shift = syncC.offset - syncV.offset;
    const app = {
      ...(await ch.request({ type: "appCollect", sent: voted.sent.map(([k, t]) => [k, t + shift] as [string, number]) }, "appDone", 60_000)),
      ...voted,
    };
    log(`app phase done: ${app.messages} votes measured, ${app.received}/${app.expected} deliveries${app.voteErrors ? `, ${app.voteErrors} vote errors (${app.firstVoteError})` : ""}`);
    if (!app.sample) throw new Error(`no count was delivered: ${app.firstVoteError}`);

    // ---- baseline: bare broadcast of the same payload (a message like the app's live:votes) on
    // the same io to the same sockets, at the rate the app sent batches
    const sync1 = await ch.calibrate();
    log(`clock calibration: offset ${sync1.offset.toFixed(3)} ms, best IPC round trip ${sync1.rtt.toFixed(3)} ms`);
    const sample = app.sample;
    // The clients counted every batch from the first vote to the last count; the voters' clock
    // the time from the first measured vote to the last answer: the warm-up's share is added back.
    const batchRate = app.batches / (app.durationMs / 1000 + warmupSeconds);
    const baseTotal = Math.max(1, Math.round(batchRate * (warmupSeconds + seconds)));
    const baseWarm = Math.round(batchRate * warmupSeconds);
    log(`baseline phase: io.to(room).emit("${BARE_EVENT}", …) at ${batchRate.toFixed(1)}/s (the app's batches) for ${warmupSeconds} s warm-up + ${seconds} s …`);
    const emits: [string, number][] = [];
    let baseElu0 = performance.eventLoopUtilization();
    let baseCpu0 = process.cpuUsage();
    await ch.request({ type: "baselineStart" }, "baselineStarted", 10_000);
    await paced(batchRate, baseTotal, (k) => {
      if (k === baseWarm) {
        baseElu0 = performance.eventLoopUtilization();
        baseCpu0 = process.cpuUsage();
      }
      const payload: VotesEvent = { ...sample, votes: sample.votes.map((_, j) => ({ id: String(BASELINE_ID_BASE + k * 100 + j), votes: 1 })) };
      const t = performance.now();
      (server.io.to(room) as unknown as { emit(e: string, p: unknown): void }).emit(BARE_EVENT, payload);
      if (k >= baseWarm) emits.push([keyOf(payload.votes[0]), t]);
    });
    const baseElu = performance.eventLoopUtilization(baseElu0).utilization;
    const baseCpu = process.cpuUsage(baseCpu0);
    const baseCpuPerEmit = (baseCpu.user + baseCpu.system) / 1000 / Math.max(1, baseTotal - baseWarm);
    const sync2 = await ch.calibrate();
    const drift = sync2.offset - sync1.offset;
    const base = await ch.request({ type: "baselineCollect", emits, offset: (sync1.offset + sync2.offset) / 2 }, "baselineDone", 60_000);
    log(`baseline phase done: ${base.messages} emits measured, ${base.received}/${base.expected} deliveries`);
    await ch.request({ type: "close" }, "closed", 30_000).catch(() => {});
    await vch.request({ type: "close" }, "closed", 10_000).catch(() => {});

    // ---- report
    const r99 = app.latency.p99 / base.latency.p99;
    const ok = r99 <= 2;
    const lost = app.expected - app.received + (base.expected - base.received);
    const lines: string[] = [];
    const out = (s = "") => lines.push(s);
    out();
    out("================================================================ bench:live-session results");
    out(`database           ${bench.dbLabel}`);
    out(`node               ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")}`);
    out(`clients            ${n} connected (websocket only) to one session, in a separate child process`);
    out(`votes              ${rate}/s for ${seconds} s measured (+${warmupSeconds} s warm-up), over ${questions} questions, each vote a different (question, voter)`);
    out(`payload            live:votes messages of counts, ~${app.payloadBytes} bytes (last one); ${app.batches} per client in ${(app.durationMs / 1000 + warmupSeconds).toFixed(1)} s = ${batchRate.toFixed(1)}/s (each reader at most one per ${SWEEP_WINDOW_MS} ms, swept in ${SWEEP_GROUPS} groups)`);
    out(`baseline           RunningServer.io.to(room).emit("${BARE_EVENT}", same shape and size, a plain broadcast) at the same ${batchRate.toFixed(1)}/s, same sockets`);
    out(`clock              baseline emit times mapped onto the client clock: offset ±${(sync1.rtt / 2).toFixed(3)} ms, drift ${drift.toFixed(3)} ms`);
    out(`deliveries         app ${app.received}/${app.expected}, baseline ${base.received}/${base.expected}${lost ? `  <<<< ${lost} LOST` : ""}`);
    if (app.voteErrors) out(`vote errors        ${app.voteErrors} (first: ${app.firstVoteError})  <<<<`);
    out();
    const row = (label: string, s: Summary) =>
      `${label.padEnd(46)} p50 ${ms(s.p50).padStart(10)}  p95 ${ms(s.p95).padStart(10)}  p99 ${ms(s.p99).padStart(10)}  max ${ms(s.max).padStart(10)}`;
    out(row("app: vote POST sent → count on every client", app.latency));
    out(row("baseline: emit → every client", base.latency));
    out(row("app: vote POST → first client", app.firstReceipt));
    out(row("app: vote POST → last client (fan-out done)", app.fanoutComplete));
    out(row("baseline: emit → first client", base.firstReceipt));
    out(row("baseline: emit → last client (fan-out done)", base.fanoutComplete));
    out(row("app: vote POST round trip (200 received)", app.postRtt));
    out();
    const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
    out(`load       app phase: server loop ${pct(appElu)} busy, ${appCpuPerVote.toFixed(1)} ms server CPU per vote (HTTP, database, batches); client loop ${pct(app.clientElu)}, voter loop ${pct(app.voterElu)}`);
    out(`           baseline: server loop ${pct(baseElu)} busy, ${baseCpuPerEmit.toFixed(1)} ms server CPU per batch; client loop ${pct(base.clientElu)}`);
    out();
    out(`ratio app/baseline p99   ${ratio(r99).padStart(8)}   target ≤ 2   ${ok ? "PASS" : "MISS  <<<<<<"}`);
    out(`ratio app/baseline p50   ${ratio(app.latency.p50 / base.latency.p50).padStart(8)}   (for information)`);
    out();
    out("Markdown summary:");
    out();
    out(
      markdownTable(
        ["Measure", "App (vote POST → count in `live:votes`)", "Baseline (bare `io.to(room).emit`, same batches)", "Ratio", "Target", "Result"],
        [
          ["p50", ms(app.latency.p50), ms(base.latency.p50), ratio(app.latency.p50 / base.latency.p50), "—", "—"],
          ["p95", ms(app.latency.p95), ms(base.latency.p95), ratio(app.latency.p95 / base.latency.p95), "—", "—"],
          ["p99", ms(app.latency.p99), ms(base.latency.p99), ratio(r99), "ratio ≤ 2", ok ? verdict(true) : "**MISS**"],
          ["Deliveries", `${app.received}/${app.expected}`, `${base.received}/${base.expected}`, "", "all", verdict(lost === 0)],
        ],
      ),
    );
    out();
    console.log(lines.join("\n"));
  } catch (e) {
    console.error("bench:live-session failed:", e);
    exitCode = 1;
  } finally {
    if (voter && voter.exitCode === null && voter.signalCode === null) voter.kill();
    if (child && child.exitCode === null && child.signalCode === null) {
      await Promise.race([new Promise((r) => child!.once("exit", r)), sleep(2000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
    await bench.stop().catch((e) => console.error("cleanup:", e));
  }
  process.exit(exitCode);
}

if (process.env[ROLE_ENV] === "clients") {
  void clientDriver();
} else if (process.env[ROLE_ENV] === "voters") {
  void voterDriver();
} else {
  main().catch((e: unknown) => {
    console.error("bench:live-session failed:", e);
    process.exit(1);
  });
}
