// One http.Server for Remix and Socket.IO. startServer() is used by `npm start`, `npm run dev`,
// the integration tests and the benchmarks alike.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../db/client";
import { authenticate, ensureAdmin } from "../app/.server/auth/service";
import { createSessionCache } from "../app/.server/auth/session-cache";
import { loadConfig, type Config } from "../app/.server/config";
import { createServices, type AppServices, type RequestContext } from "../app/.server/context";
import { getT } from "../app/i18n";
import { MAX_BODY_BYTES, idParam } from "../app/.server/http";
import { createPostOnce } from "../app/.server/forum/service";
import { voteQuestion } from "../app/.server/live/service";
import { hotWrite } from "./hot-writes";
import { seedDemo } from "../db/seed/demo";
import { ensureMailboxTree } from "../app/.server/petitions/mailboxes";
import { startScheduler } from "./scheduler";
import { createMetrics, routeLabel } from "./metrics";
import { log, requestStore } from "../app/.server/log";
import { attachRealtime, createIo, socketPublisher, type AppIo } from "./realtime";
import { bearerToken, expectedOrigin, parseCookies, pickLang } from "./http-util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface RunningServer {
  url: string;
  port: number;
  app: AppServices;
  io: AppIo;
  httpServer: HttpServer;
  database: Database;
  close(): Promise<void>;
}

export interface StartOptions {
  config?: Partial<Config>;
  mode?: "production" | "development";
  /** Print the demo accounts when demo content is created. */
  log?: (msg: string) => void;
}

function jsonError(res: Response, status: number, code: string, lang: "zh-CN" | "en") {
  res.status(status).json({ error: { code, message: getT(lang)(`errors.${code}`) } });
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config: Config = { ...loadConfig(), ...opts.config };
  // Human-facing lines (the demo accounts at first start) go to stdout as they are.
  const say = opts.log ?? ((m: string) => console.log(m));
  log.level = config.logLevel;
  const mode = opts.mode ?? (config.production ? "production" : "development");

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const httpServer = createServer();
  // Behind a proxy that keeps upstream connections open (nginx's keepalive, 60 s idle), the node
  // must not be the one to close an idle connection first: a request sent on it as it closes
  // would fail (a 502 at the proxy).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const secure = Boolean(config.publicUrl?.startsWith("https://"));
  const cookieName = secure ? "__Host-session" : "session";
  const io = createIo(httpServer, { publicUrl: config.publicUrl, cookieName });

  let redisClients: { quit(): Promise<unknown>; status: string }[] = [];
  if (config.redisUrl) {
    const { Redis } = await import("ioredis");
    const { createAdapter } = await import("@socket.io/redis-adapter");
    const pub = new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
    const sub = pub.duplicate();
    // One Redis may serve several deployments (or test clusters): each keeps to its own channels.
    io.adapter(createAdapter(pub, sub, { key: config.redisPrefix }));
    redisClients = [pub, sub];
  }

  // Session evictions (logout, disabled account, new role) reach every node's cache.
  const sessions = createSessionCache({ relay: config.redisUrl ? (e) => io.serverSideEmit("auth:evict", e) : undefined });
  io.on("auth:evict", (e) => sessions.applyRemote(e));
  const app = createServices(database.db, config, socketPublisher(io), { sessions });
  attachRealtime(io, app, { cookieName, clustered: Boolean(config.redisUrl) });
  await ensureAdmin(app);
  await ensureMailboxTree(app); // the mailbox tree is reference data, in every mode
  if (config.seedDemo) {
    const created = await seedDemo(app);
    if (created) say(created);
  }

  const web = express();
  web.disable("x-powered-by");
  web.set("trust proxy", "loopback");

  const metrics = createMetrics({ database, sockets: () => io.engine.clientsCount });
  let closingStarted = false;

  // Every request gets an id (a well-formed one from the proxy is kept, so nginx's and ours
  // match), carried by every log line written while serving it; one access line and the
  // request metrics when it finishes.
  web.use((req, res, next) => {
    const incoming = req.headers["x-request-id"];
    const reqId = typeof incoming === "string" && /^[\w.:-]{8,80}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", reqId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(req.method, routeLabel(req.path), res.statusCode, seconds);
      const line = { reqId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10, ip: req.ip };
      if (res.statusCode >= 500) log.error(line, "request");
      else log.info(line, "request");
    });
    requestStore.run({ reqId }, next);
  });

  web.use((req, res, next) => {
    // Scripts run only from our origin or with this response's nonce, so injected markup cannot
    // run script even if something slipped past rendering. Styles may be inline (charts set
    // style attributes). Vite's dev server injects scripts of its own: development has none.
    if (mode === "production") {
      const nonce = randomBytes(16).toString("base64");
      res.locals.cspNonce = nonce;
      res.setHeader(
        "Content-Security-Policy",
        [
          "default-src 'self'",
          `script-src 'self' 'nonce-${nonce}'`,
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data: blob:",
          "font-src 'self' data:",
          "connect-src 'self'",
          "object-src 'none'",
          "base-uri 'self'",
          "form-action 'self'",
          "frame-ancestors 'none'",
          ...(secure ? ["upgrade-insecure-requests"] : []),
        ].join("; "),
      );
    }
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    if (secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });

  // Healthy = the database answers (it was opened and migrated before we listen).
  web.get("/healthz", async (_req, res) => {
    try {
      await Promise.race([
        database.db.execute(sql`select 1`),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000)),
      ]);
      res.status(200).json({ ok: true });
    } catch {
      res.status(503).json({ ok: false });
    }
  });

  // Ready = this node should get traffic: the database answers, Redis (when used) is connected,
  // and it is not shutting down (a load balancer stops sending before the sockets drain).
  web.get("/readyz", async (_req, res) => {
    const checks: Record<string, boolean> = { database: false, shuttingDown: closingStarted };
    try {
      await Promise.race([
        database.db.execute(sql`select 1`),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000)),
      ]);
      checks.database = true;
    } catch {
      /* reported below */
    }
    if (redisClients.length) checks.redis = redisClients.every((c) => c.status === "ready");
    const ok = checks.database && !closingStarted && checks.redis !== false;
    res.status(ok ? 200 : 503).json({ ok, checks });
  });

  // Prometheus scrapes from the machine itself (or nginx's network) or with METRICS_TOKEN.
  web.get("/metrics", async (req, res) => {
    const token = config.metricsToken;
    const local = !req.headers["x-forwarded-for"] && ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(req.socket.remoteAddress ?? "");
    if (!(token ? bearerToken(req) === token : local)) {
      res.status(403).type("text/plain").send("forbidden");
      return;
    }
    res.setHeader("Cache-Control", "no-store");
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const langOf = (req: Request) => pickLang(parseCookies(req.headers.cookie).lang, req.headers["accept-language"]);

  // Request size: 413 before anything is read. Bodies must declare their length (browsers and
  // HTTP clients do), so a chunked upload cannot stream past the limit.
  web.use((req, res, next) => {
    const api = req.path.startsWith("/api/");
    const refuse = (status: number, code: string) => {
      res.setHeader("Connection", "close");
      if (api) return jsonError(res, status, code, langOf(req));
      if (req.path.startsWith("/open311/")) return void res.status(status).json([{ code: status, description: getT(langOf(req))(`errors.${code}`) }]);
      res.status(status).type("text/plain; charset=utf-8").send(getT(langOf(req))(`errors.${code}`));
    };
    if (req.headers["transfer-encoding"] && !["GET", "HEAD", "OPTIONS"].includes(req.method)) {
      return refuse(411, "length_required");
    }
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return refuse(413, "payload_too_large");
    next();
  });

  // CSRF: unsafe requests that ride on the session cookie must come from our own origin.
  web.use((req: Request, res: Response, next: NextFunction) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method) || bearerToken(req)) return next();
    // Open311 never reads the session cookie: its writes are authorised by an API key alone, so
    // a cross-origin request there carries no ambient authority (decision 010).
    if (req.path.startsWith("/open311/")) return next();
    const origin = req.headers.origin;
    const site = req.headers["sec-fetch-site"];
    const hasSession = Boolean(parseCookies(req.headers.cookie)[cookieName]);
    const expected = expectedOrigin(req, config.publicUrl);
    const foreign = origin ? origin !== expected : site === "cross-site" || site === "same-site";
    // With a session cookie the request must prove where it came from.
    const unproven = hasSession && !origin && site !== "same-origin";
    if (foreign || unproven) return jsonError(res, 403, "cross_origin", langOf(req));
    next();
  });

  let build: () => Promise<ServerBuild>;
  if (mode === "development") {
    const vite = await import("vite");
    const viteServer = await vite.createServer({
      root,
      server: { middlewareMode: true, hmr: { server: httpServer } },
    });
    web.use(viteServer.middlewares);
    build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    httpServer.on("close", () => void viteServer.close());
  } else {
    const buildPath = path.join(root, "build/server/index.js");
    const mod = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
    build = async () => mod;
    web.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
    web.use(express.static(path.join(root, "build/client"), { maxAge: "1h" }));
  }

  const contextOf = async (req: Request, res: Response): Promise<RequestContext> => {
    const cookies = parseCookies(req.headers.cookie);
    const bearer = bearerToken(req);
    const token = bearer ?? cookies[cookieName] ?? null;
    const found = token ? await authenticate(app, token) : null;
    // lucia slid the session's expiry forward: move the cookie's with it.
    if (found?.session.fresh && !bearer) res.append("Set-Cookie", app.lucia.createSessionCookie(token!).serialize());
    return {
      app,
      viewer: found?.viewer ?? null,
      sessionId: found?.session.id ?? null,
      // Pages speak Chinese unless the visitor chose English; API clients get Accept-Language.
      lang: req.path.startsWith("/api/") || req.path.startsWith("/open311/") ? pickLang(cookies.lang, req.headers["accept-language"]) : pickLang(cookies.lang, undefined),
      ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
      cspNonce: res.locals.cspNonce as string | undefined,
    };
  };

  // The hottest write (a reply in a live debate) skips Remix's router and request translation
  // and calls the same service the resource route calls (decision 009); every check above
  // (size, CSRF) has already run.
  web.post("/api/v1/threads/:id/posts", hotWrite(contextOf, async (ctx, req, body) => {
    const r = await createPostOnce(ctx.app, ctx.viewer, idParam(req.params.id), body, req.get("Idempotency-Key") ?? null);
    return { status: r.replayed ? 200 : 201, body: { post: r.post } };
  }));
  // The hottest write of officials online: an upvote in a busy session (bench:live-session).
  web.post("/api/v1/live/questions/:id/votes", hotWrite(contextOf, async (ctx, req) => ({
    status: 200,
    body: { question: await voteQuestion(ctx.app, ctx.viewer, idParam(req.params.id)) },
  })));

  web.all(
    "*",
    createRequestHandler({
      build,
      getLoadContext: (req, res) => contextOf(req, res),
    }) as unknown as express.RequestHandler,
  );

  httpServer.on("request", web);
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const addr = httpServer.address();
  const port = typeof addr === "object" && addr ? addr.port : config.port;
  const url = `http://127.0.0.1:${port}`;

  const scheduler = startScheduler(app, config.schedulerIntervalMs);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      closingStarted = true;
      // Not ready from now on, but still serving: a load balancer that polls /readyz takes the
      // node out of rotation before it stops taking connections.
      if (config.shutdownDelayMs > 0) await new Promise((r) => setTimeout(r, config.shutdownDelayMs));
      await scheduler.stop();
      // Closing the engine (not disconnectSockets) lets clients see a transport close and
      // reconnect to the next process, then catch up by id.
      // io.close() also stops the http server accepting; in-flight requests get 5 s to finish.
      const drained = new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeIdleConnections();
      const timer = setTimeout(() => httpServer.closeAllConnections(), 5000);
      await drained;
      clearTimeout(timer);
      await Promise.all(redisClients.map((c) => c.quit().catch(() => {})));
      await database.close();
    })());

  return { url, port, app, io, httpServer, database, close };
}
