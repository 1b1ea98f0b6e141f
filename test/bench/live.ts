// Benchmark (not a test): live reply delivery through the real server versus a bare Socket.IO
// broadcast to the same clients.
//
//   npm run bench:live [-- --clients=1000 --rate=20 --seconds=30 --warmup=1]
//   (or BENCH_CLIENTS / BENCH_RATE / BENCH_SECONDS / BENCH_WARMUP)
//   --profile=/tmp/app.cpuprofile also writes a CPU profile of the server during the app phase
//
// This process runs the server (startServer, production build, rate limits off) on a fresh
// PostgreSQL database when DATABASE_URL is set, otherwise on an in-memory PGlite. A forked child
// process holds the N socket.io-client connections and sends the HTTP replies, so the server's
// event loop does not share a thread with N client parsers, and the server-side memory figure
// is not polluted by the clients.
//
// App latency:      child clock, time the child sent POST /api/v1/threads/:id/posts → time each
//                   client got "post:created" for that post id.
// Also reported: when each POST's request head reached the server (the bench tags requests with
//                   an X-Bench-Seq header, which the app ignores, and listens on the http server),
//                   splitting the app latency into client dispatch and server-side time.
// Baseline latency: the server process emits the same payload shape with
//                   RunningServer.io.to(room).emit("post:created", …) — the same io, the same
//                   connected and joined sockets, the same engine options — at the same rate; time
//                   of emit (server clock, mapped onto the child clock by an IPC ping-pong
//                   calibration) → time each client got it.
import { fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { Socket } from "socket.io-client";
import type { ServerToClient } from "../../app/realtime/contract";

/** Exactly what the server sends with "post:created" (whatever fields it carries today). */
type PostCreated = Parameters<ServerToClient["post:created"]>[0];
import type { PostDto } from "../../app/domain/forum/types";
import {
  kb,
  markdownTable,
  mb,
  ms,
  numberArg,
  ratio,
  settledMemory,
  sleep,
  startBenchServer,
  summarize,
  userAndThread,
  verdict,
  verdictPlain,
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

const ROLE_ENV = "BENCH_LIVE_ROLE";

// ---------------------------------------------------------------- IPC protocol

type ToChild =
  | { type: "connect"; url: string; room: string; clients: number; concurrency: number }
  | { type: "app"; url: string; token: string; threadId: number; rate: number; seconds: number; warmupSeconds: number }
  | { type: "appArrivals"; arrivals: [number, number][]; offset: number }
  | { type: "baselineStart" }
  | { type: "baselineCollect"; emits: [string, number][]; offset: number }
  | { type: "close" };

interface PhaseResult {
  latency: Summary;
  /** Per message: time until the last of the N clients had it. */
  fanoutComplete: Summary;
  /** Per message: time until the first client had it. */
  firstReceipt: Summary;
  messages: number;
  expected: number;
  received: number;
  /** Event-loop utilisation and CPU time of the client process during the phase. */
  clientElu: number;
  clientCpuMs: number;
}

type FromChild =
  | { type: "ready" }
  | {
      type: "connected";
      connected: number;
      failed: number;
      firstError: string | null;
      ms: number;
      rssDelta: number;
      heapDelta: number;
    }
  | { type: "baselineStarted" }
  | ({ type: "appArrivalsDone"; dispatchDelay: Summary } & PhaseResult)
  | ({
      type: "appDone";
      postErrors: number;
      firstPostError: string | null;
      postRtt: Summary;
      samplePayload: PostCreated | null;
      payloadBytes: number;
      sendLag: Summary;
    } & PhaseResult)
  | ({ type: "baselineDone"; payloadBytes: number } & PhaseResult)
  | { type: "closed" }
  | { type: "error"; message: string };


const replyBody = (k: number) =>
  `压测回复 #${k}：我同意楼上的意见，**建议**在下个季度公开预算明细，并在社区公告栏同步张贴。` +
  `\n\n- 第一点：公开时间表\n- 第二点：设立意见征集渠道\n\n谢谢各位的讨论。`;

// ================================================================ child: the clients

async function clientDriver() {
  const sockets: Socket[] = [];
  const receipts = new Receipts();
  let connected = 0;
  let lastPayloadBytes = 0;
  let lastPayload: PostCreated | null = null;
  const send = (m: FromChild) => process.send!(m);

  const onPost = (p: PostCreated) => {
    const t = performance.now();
    lastPayload = p;
    receipts.record(p.post.id, t);
  };

  let phaseElu = performance.eventLoopUtilization();
  let phaseCpu = process.cpuUsage();
  const startPhase = () => {
    phaseElu = performance.eventLoopUtilization();
    phaseCpu = process.cpuUsage();
  };

  const collect = (ids: string[], sentAt: Map<string, number>): PhaseResult => {
    const cpu = process.cpuUsage(phaseCpu);
    return {
      ...receipts.latencies(ids, sentAt, connected),
      clientElu: performance.eventLoopUtilization(phaseElu).utilization,
      clientCpuMs: (cpu.user + cpu.system) / 1000,
    };
  };

  // App phase bookkeeping kept for the server-arrival view: request number → (sent at, post id).
  const appRequests = new Map<number, { sent: number; postId: string }>();
  const appReceipts = new Map<string, number[]>();

  const allIn = (ids: string[]) => receipts.allIn(ids, connected);

  serveParent<ToChild>(async (m) => {
    switch (m.type) {
      case "connect": {
        const before = await settledMemory();
        const r = await connectClients(m.clients, m.concurrency, () => joinedClient(m.url, m.room, (s) => s.on("post:created", onPost), sockets));
        connected = r.connected;
        const after = await settledMemory();
        send({ type: "connected", ...r, rssDelta: after.rss - before.rss, heapDelta: after.heapUsed - before.heapUsed });
        return;
      }
      case "app": {
        const total = Math.round(m.rate * (m.warmupSeconds + m.seconds));
        const warm = Math.round(m.rate * m.warmupSeconds);
        const sentAt = new Map<string, number>();
        const measured: string[] = [];
        const rtts: number[] = [];
        const lags: number[] = [];
        let postErrors = 0;
        let firstPostError: string | null = null;
        const inflight: Promise<void>[] = [];
        await paced(m.rate, total, (k, scheduled) => {
          const t0 = performance.now();
          if (k === warm) startPhase();
          if (k >= warm) lags.push(t0 - scheduled);
          inflight.push(
            fetch(`${m.url}/api/v1/threads/${m.threadId}/posts`, {
              method: "POST",
              headers: { "Content-Type": "application/json", Authorization: `Bearer ${m.token}`, "X-Bench-Seq": String(k) },
              body: JSON.stringify({ body: replyBody(k) }),
            })
              .then(async (res) => {
                const text = await res.text();
                const t1 = performance.now();
                if (res.status !== 201) {
                  postErrors++;
                  firstPostError ??= `${res.status} ${text.slice(0, 200)}`;
                  return;
                }
                const post = (JSON.parse(text) as { post: PostDto }).post;
                sentAt.set(post.id, t0);
                appRequests.set(k, { sent: t0, postId: post.id });
                if (k >= warm) {
                  measured.push(post.id);
                  rtts.push(t1 - t0);
                }
              })
              .catch((e: unknown) => {
                postErrors++;
                firstPostError ??= String((e as Error)?.message ?? e);
              }),
          );
        });
        await Promise.all(inflight);
        await waitUntil(allIn(measured), 10_000);
        const result = collect(measured, sentAt);
        for (const id of measured) appReceipts.set(id, receipts.byKey.get(id) ?? []);
        // A payload as the clients received it, for the baseline to send the same shape and size.
        const sample = lastPayload as PostCreated | null;
        lastPayloadBytes = sample ? Buffer.byteLength(JSON.stringify(sample)) : 0;
        receipts.clear();
        send({
          type: "appDone",
          ...result,
          postErrors,
          firstPostError,
          postRtt: summarize(rtts),
          samplePayload: sample,
          payloadBytes: lastPayloadBytes,
          sendLag: summarize(lags),
        });
        return;
      }
      case "appArrivals": {
        // When each POST's request head reached the server (server clock → child clock).
        const sentAt = new Map<string, number>();
        const delays: number[] = [];
        for (const [k, t] of m.arrivals) {
          const r = appRequests.get(k);
          if (!r || !appReceipts.has(r.postId)) continue;
          sentAt.set(r.postId, t + m.offset);
          delays.push(t + m.offset - r.sent);
        }
        const ids = [...sentAt.keys()];
        for (const id of ids) receipts.byKey.set(id, appReceipts.get(id)!);
        const result = collect(ids, sentAt);
        receipts.clear();
        send({ type: "appArrivalsDone", ...result, dispatchDelay: summarize(delays) });
        return;
      }
      case "baselineStart":
        startPhase();
        send({ type: "baselineStarted" });
        return;
      case "baselineCollect": {
        // Emit times arrive on the server's clock; offset = child clock − server clock.
        const ids = m.emits.map(([id]) => id);
        const sentAt = new Map(m.emits.map(([id, t]) => [id, t + m.offset] as [string, number]));
        await waitUntil(allIn(ids), 10_000);
        const result = collect(ids, sentAt);
        receipts.clear();
        send({ type: "baselineDone", ...result, payloadBytes: lastPayloadBytes });
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

// ================================================================ parent: server and report

async function main() {
  const clients = Math.round(numberArg("clients", "BENCH_CLIENTS", 1000));
  const rate = numberArg("rate", "BENCH_RATE", 20);
  // 30 s (600 replies at 20/s): over 10 s the p99 of 200 replies is just the second-worst one,
  // and one stall (a checkpoint, a GC) decided it from run to run.
  const seconds = numberArg("seconds", "BENCH_SECONDS", 30);
  const warmupSeconds = numberArg("warmup", "BENCH_WARMUP", 1);
  const concurrency = Math.round(numberArg("connect-concurrency", null, 50));
  // --profile=file.cpuprofile: V8 CPU profile of the server process during the app phase.
  const profilePath = process.argv.find((a) => a.startsWith("--profile="))?.slice("--profile=".length) ?? null;

  const started = performance.now();
  const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}`);

  log(`starting server (production build) …`);
  const bench = await startBenchServer();
  const { server } = bench;
  log(`server ${server.url} on ${bench.dbLabel}`);

  let child: ChildProcess | null = null;
  let exitCode = 0;
  try {
    const { token, threadId } = await userAndThread(server, "official");
    const room = `thread:${threadId}`;
    log(`thread ${threadId} created by an official user over HTTP`);

    child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, [ROLE_ENV]: "clients" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ch = childChannel<FromChild, ToChild>(child);
    await ch.wait("ready", 60_000);

    // ---- connect
    const memBefore = await settledMemory();
    log(`connecting ${clients} websocket clients (${concurrency} at a time) and joining ${room} …`);
    const conn = await ch.request(
      { type: "connect", url: server.url, room, clients, concurrency },
      "connected",
      180_000,
    );
    await sleep(600); // let the coalesced presence broadcasts (250 ms) go out
    const memAfter = await settledMemory();
    const inRoom = server.io.of("/").adapter.rooms.get(room)?.size ?? 0;
    log(
      `connected ${conn.connected}/${clients} in ${(conn.ms / 1000).toFixed(1)} s` +
        (conn.failed ? ` (${conn.failed} failed: ${conn.firstError})` : "") +
        `; server sees ${server.io.of("/").sockets.size} sockets, ${inRoom} in the room`,
    );
    const n = conn.connected;
    if (n === 0) throw new Error("no client connected");
    const rssPer = (memAfter.rss - memBefore.rss) / n;
    const heapPer = (memAfter.heapUsed - memBefore.heapUsed) / n;
    const extPer = (memAfter.external + memAfter.arrayBuffers - memBefore.external - memBefore.arrayBuffers) / n;

    // ---- app: HTTP POST → post:created
    const profiler = profilePath ? await startProfiler() : null;
    // When each reply's request head reaches the server, keyed by the client's request number.
    const arrivals: [number, number][] = [];
    const onRequest = (req: import("node:http").IncomingMessage) => {
      const k = req.headers["x-bench-seq"];
      if (typeof k === "string") arrivals.push([Number(k), performance.now()]);
    };
    server.httpServer.prependListener("request", onRequest);
    const appElu0 = performance.eventLoopUtilization();
    const appCpu0 = process.cpuUsage();
    log(`app phase: POST replies at ${rate}/s for ${warmupSeconds} s warm-up + ${seconds} s measured …`);
    const app = await ch.request(
      { type: "app", url: server.url, token, threadId, rate, seconds, warmupSeconds },
      "appDone",
      (warmupSeconds + seconds) * 1000 + 120_000,
    );
    const appElu = performance.eventLoopUtilization(appElu0).utilization;
    server.httpServer.off("request", onRequest);
    if (profiler && profilePath) {
      await profiler.stop(profilePath);
      log(`server CPU profile of the app phase written to ${profilePath}`);
    }
    const appCpu = process.cpuUsage(appCpu0);
    const appServerCpuMs = (appCpu.user + appCpu.system) / 1000;
    log(
      `app phase done: ${app.messages} posts measured, ${app.received}/${app.expected} deliveries` +
        (app.postErrors ? `, ${app.postErrors} POST errors (${app.firstPostError})` : ""),
    );
    if (!app.samplePayload) throw new Error(`no reply was delivered: ${app.firstPostError}`);

    // ---- baseline: bare broadcast on the same io to the same sockets
    const sync1 = await ch.calibrate();
    log(`clock calibration: offset ${sync1.offset.toFixed(3)} ms, best IPC round trip ${sync1.rtt.toFixed(3)} ms`);
    const arrived = await ch.request({ type: "appArrivals", arrivals, offset: sync1.offset }, "appArrivalsDone", 30_000);
    log(`baseline phase: io.to(room).emit("post:created", …) at ${rate}/s for ${warmupSeconds} s warm-up + ${seconds} s …`);
    const sample = app.samplePayload;
    const total = Math.round(rate * (warmupSeconds + seconds));
    const warm = Math.round(rate * warmupSeconds);
    const emits: [string, number][] = [];
    const emitCalls: number[] = [];
    let baseElu0 = performance.eventLoopUtilization();
    let baseCpu0 = process.cpuUsage();
    await ch.request({ type: "baselineStart" }, "baselineStarted", 10_000);
    await paced(rate, total, (k) => {
      if (k === warm) {
        baseElu0 = performance.eventLoopUtilization();
        baseCpu0 = process.cpuUsage();
      }
      // Same shape and size class as the app's payload; ids far above the app's post ids.
      const id = String(900_000_000 + k);
      const payload: PostCreated = { ...sample, post: { ...sample.post, id, seq: 900_000 + k } };
      const t = performance.now();
      server.io.to(room).emit("post:created", payload);
      if (k >= warm) {
        emits.push([id, t]);
        emitCalls.push(performance.now() - t);
      }
    });
    const baseElu = performance.eventLoopUtilization(baseElu0).utilization;
    const baseCpu = process.cpuUsage(baseCpu0);
    const baseServerCpuMs = (baseCpu.user + baseCpu.system) / 1000;
    const sync2 = await ch.calibrate();
    const drift = sync2.offset - sync1.offset;
    const offset = (sync1.offset + sync2.offset) / 2;
    log(`clock re-calibration: offset ${sync2.offset.toFixed(3)} ms (drift ${drift.toFixed(3)} ms during the phase)`);
    const base = await ch.request({ type: "baselineCollect", emits, offset }, "baselineDone", 60_000);
    log(`baseline phase done: ${base.messages} emits measured, ${base.received}/${base.expected} deliveries`);

    await ch.request({ type: "close" }, "closed", 30_000).catch(() => {});

    // ---- report
    const r50 = app.latency.p50 / base.latency.p50;
    const r99 = app.latency.p99 / base.latency.p99;
    const at1000 = n >= 1000;
    const okR50 = r50 <= 1.5;
    const okR99 = r99 <= 2;
    const okP99 = app.latency.p99 <= 150;
    const okMem = rssPer <= 60 * 1024;
    const lost = app.expected - app.received + (base.expected - base.received);

    const lines: string[] = [];
    const out = (s = "") => lines.push(s);
    out();
    out("================================================================ bench:live results");
    out(`database           ${bench.dbLabel}`);
    out(`node               ${process.version}, ${os.cpus().length} CPUs`);
    out(`clients            ${n} connected (websocket only) in a separate child process`);
    out(`rate               ${rate}/s for ${seconds} s measured (+${warmupSeconds} s warm-up, excluded)`);
    out(`payload            ~${app.payloadBytes} bytes of JSON per post:created`);
    out(`baseline           RunningServer.io.to(room).emit() in the server process — same io, same sockets`);
    out(`                   (chosen as the fairer baseline: identical connections, engine options and process)`);
    out(`clock              baseline emit times mapped onto the client clock: offset ±${(sync1.rtt / 2).toFixed(3)} ms, drift ${drift.toFixed(3)} ms`);
    out(`deliveries         app ${app.received}/${app.expected}, baseline ${base.received}/${base.expected}${lost ? `  <<<< ${lost} LOST` : ""}`);
    if (app.postErrors) out(`POST errors        ${app.postErrors} (first: ${app.firstPostError})  <<<<`);
    out();
    const row = (label: string, s: Summary) =>
      `${label.padEnd(44)} p50 ${ms(s.p50).padStart(10)}  p95 ${ms(s.p95).padStart(10)}  p99 ${ms(s.p99).padStart(10)}  max ${ms(s.max).padStart(10)}`;
    out(row("app: POST sent → post:created (all clients)", app.latency));
    out(row("baseline: emit → post:created (all clients)", base.latency));
    out(row("app: POST → first client", app.firstReceipt));
    out(row("app: POST → last client (fan-out done)", app.fanoutComplete));
    out(row("baseline: emit → first client", base.firstReceipt));
    out(row("baseline: emit → last client (fan-out done)", base.fanoutComplete));
    out(row("app: HTTP POST round trip (201 received)", app.postRtt));
    out(row("client: POST send lag behind schedule", app.sendLag));
    out(row("client: fetch() call → request at server", arrived.dispatchDelay));
    out(row("app: request at server → post:created", arrived.latency));
    out(row("app: request at server → first client", arrived.firstReceipt));
    out(row("server: synchronous io.to(room).emit() call", summarize(emitCalls)));
    out();
    const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
    out(`load during app phase       server event loop ${pct(appElu)} busy, ${(appServerCpuMs / app.messages).toFixed(1)} ms server CPU per reply; client process loop ${pct(app.clientElu)} busy, ${(app.clientCpuMs / app.messages).toFixed(1)} ms CPU per reply`);
    out(`load during baseline phase  server event loop ${pct(baseElu)} busy, ${(baseServerCpuMs / base.messages).toFixed(1)} ms server CPU per emit;  client process loop ${pct(base.clientElu)} busy, ${(base.clientCpuMs / base.messages).toFixed(1)} ms CPU per emit`);
    out(`machine load average        ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")} (1/5/15 min) on ${os.cpus().length} CPUs — other processes skew every figure above`);
    out();
    out(`ratio app/baseline p50   ${ratio(r50).padStart(8)}   target ≤ 1.5   ${verdictPlain(okR50)}`);
    out(`ratio app/baseline p99   ${ratio(r99).padStart(8)}   target ≤ 2     ${verdictPlain(okR99)}`);
    out(
      `app p99                  ${ms(app.latency.p99).padStart(8)}   target ≤ 150 ms at 1,000 clients   ${verdictPlain(okP99)}` +
        (at1000 ? "" : `   (run had ${n} clients, not 1,000)`),
    );
    out(`server memory / client   ${kb(rssPer).padStart(8)} RSS   target ≤ 60 KB   ${verdictPlain(okMem)}`);
    out(`                         ${kb(heapPer).padStart(8)} V8 heapUsed, ${kb(extPer)} external+arrayBuffers`);
    out(`                         (server process only: RSS ${mb(memBefore.rss)} → ${mb(memAfter.rss)}, heapUsed ${mb(memBefore.heapUsed)} → ${mb(memAfter.heapUsed)},`);
    out(`                          after forced GC, before/after connecting + joining; includes ws/engine.io/socket.io`);
    out(`                          objects, the retained handshake request, room sets, the join queries' garbage`);
    out(`                          and any allocator/heap growth they caused; clients are in another process)`);
    out(`client memory / client   ${kb(conn.rssDelta / n).padStart(8)} RSS, ${kb(conn.heapDelta / n)} heapUsed (child process, for information)`);
    out();
    out("Markdown summary:");
    out();
    out(
      `Live replies, ${n} WebSocket clients in one thread room, ${rate} replies/s for ${seconds} s, ` +
        `${bench.dbLabel.startsWith("PGlite") ? "PGlite (in memory)" : "PostgreSQL"}, Node ${process.version}, ${os.cpus().length} cores.`,
    );
    out();
    out(
      markdownTable(
        ["Measure", "App (HTTP POST → `post:created`)", "Baseline (bare `io.to(room).emit`)", "Ratio", "Target", "Result"],
        [
          ["p50", ms(app.latency.p50), ms(base.latency.p50), ratio(r50), "ratio ≤ 1.5", verdict(okR50)],
          ["p95", ms(app.latency.p95), ms(base.latency.p95), ratio(app.latency.p95 / base.latency.p95), "—", "—"],
          ["p99", ms(app.latency.p99), ms(base.latency.p99), ratio(r99), "ratio ≤ 2", verdict(okR99)],
          ["p99 absolute", ms(app.latency.p99), "", "", "≤ 150 ms at 1,000 clients", at1000 ? verdict(okP99) : `${verdict(okP99)} (${n} clients)`],
          ["Server memory per client (RSS)", kb(rssPer), "", "", "≤ 60 KB", verdict(okMem)],
          ["Server memory per client (V8 heap)", kb(heapPer), "", "", "—", "—"],
          ["Deliveries", `${app.received}/${app.expected}`, `${base.received}/${base.expected}`, "", "all", verdict(lost === 0)],
        ],
      ),
    );
    out();
    console.log(lines.join("\n"));
  } catch (e) {
    console.error("bench:live failed:", e);
    exitCode = 1;
  } finally {
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
} else {
  main().catch((e: unknown) => {
    console.error("bench:live failed:", e);
    process.exit(1);
  });
}
