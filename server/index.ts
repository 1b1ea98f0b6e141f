// `npm start` / `npm run dev`: start the site and stop cleanly on SIGINT/SIGTERM: answer /readyz
// with 503 while still serving for SHUTDOWN_DELAY_MS, stop taking connections, let in-flight
// requests finish (up to 5 s), close sockets so clients reconnect to another node and catch
// up, then close Redis and the database.
import { log } from "../app/.server/log";
import { startServer } from "./app";

const server = await startServer();
const { config } = server.app;
log.info(
  { url: `http://localhost:${server.port}`, port: server.port, database: server.database.kind, redis: Boolean(config.redisUrl) },
  `公仆信箱 ready on http://localhost:${server.port}`,
);

let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal: sig }, "shutting down");
    const started = Date.now();
    try {
      await server.close();
      log.info({ ms: Date.now() - started }, "stopped");
      process.exit(0);
    } catch (e) {
      log.error({ err: { message: (e as Error).message } }, "shutdown failed");
      process.exit(1);
    }
  });
}
