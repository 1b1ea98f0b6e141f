// Every setting comes from the environment (see README "Configuration").
import { defaultLogLevel } from "./log";
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  /** Channel prefix of this deployment's live events in Redis (REDIS_PREFIX, default "socket.io"). */
  redisPrefix: string;
  publicUrl?: string;
  adminUsername?: string;
  adminPassword?: string;
  rateLimits: boolean;
  seedDemo: boolean;
  production: boolean;
  /** How often scheduled work (deadline notices) runs on this node; 0 turns it off. */
  schedulerIntervalMs: number;
  /** pino level: fatal, error, warn, info (default), debug, trace or silent. */
  logLevel: string;
  /** Bearer token for /metrics from elsewhere than this machine; unset: loopback only. */
  metricsToken?: string;
  /**
   * On SIGTERM, how long /readyz answers 503 while the node still serves everything, before it
   * stops taking connections (SHUTDOWN_DELAY_MS, default 0): longer than the health-check
   * interval of a load balancer or orchestrator that polls /readyz.
   */
  shutdownDelayMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "0.0.0.0",
    dataDir: env.DATA_DIR ?? "./data",
    databaseUrl,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || "socket.io",
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, "") : undefined,
    adminUsername: env.ADMIN_USERNAME || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    rateLimits: (env.RATE_LIMITS ?? "on").toLowerCase() !== "off",
    // Demo content: always in the embedded mode, on PostgreSQL only when asked for.
    seedDemo: env.SEED_DEMO === "1" || (!databaseUrl && env.SEED_DEMO !== "0"),
    production: env.NODE_ENV !== "development",
    schedulerIntervalMs: Number(env.SCHEDULER_INTERVAL_MS ?? 60_000),
    logLevel: defaultLogLevel(env),
    metricsToken: env.METRICS_TOKEN || undefined,
    // At most ten minutes (setTimeout cannot wait beyond 2^31 − 1 ms).
    shutdownDelayMs: Math.min(600_000, Math.max(0, Number(env.SHUTDOWN_DELAY_MS ?? 0) || 0)),
  };
}

export const secureCookies = (config: Config) => Boolean(config.publicUrl?.startsWith("https://"));
