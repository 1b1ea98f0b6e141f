// Structured JSON logs (pino) with the request id of the request being served. The server and
// the Remix bundle each load this module, so the request store lives on globalThis: a line
// logged deep inside a service carries the same `reqId` as the server's access line.
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";

export interface RequestStore {
  reqId: string;
}

const key = Symbol.for("gongpu.requestStore");
const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestStore> | undefined>;
export const requestStore: AsyncLocalStorage<RequestStore> = (g[key] ??= new AsyncLocalStorage<RequestStore>());

/** LOG_LEVEL, else `warn` under Vitest (tests start many servers), else `info`. */
export function defaultLogLevel(env: NodeJS.ProcessEnv = process.env): string {
  return env.LOG_LEVEL || (env.VITEST ? "warn" : "info");
}

export function createLogger(level = defaultLogLevel()): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const s = requestStore.getStore();
      return s ? { reqId: s.reqId } : {};
    },
    // Never write secrets: tokens, cookies and passwords are replaced wherever they appear.
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.token", "*.apiKey", "*.queryCode"],
      censor: "[redacted]",
    },
  });
}

const loggerKey = Symbol.for("gongpu.logger");
const gl = globalThis as unknown as Record<symbol, Logger | undefined>;
/** The process's logger (one per process; servers started in tests share it). */
export const log: Logger = (gl[loggerKey] ??= createLogger());
