// A fresh database per test file: a new PostgreSQL database when DATABASE_URL is set (CI),
// otherwise an in-memory PGlite. Same migrations either way.
import { randomBytes } from "node:crypto";
import postgres from "postgres";

import type { Config } from "../../app/.server/config";

/** A server config that touches nothing shared: port 0, its own database, no Redis, no demo. */
export function isolatedConfig(databaseUrl: string | undefined, overrides: Partial<Config> = {}): Partial<Config> {
  return {
    port: 0,
    host: "127.0.0.1",
    databaseUrl,
    dataDir: "memory://",
    redisUrl: undefined,
    seedDemo: false,
    adminUsername: undefined,
    adminPassword: undefined,
    publicUrl: undefined,
    rateLimits: true,
    schedulerIntervalMs: 0,
    shutdownDelayMs: 0,
    logLevel: process.env.LOG_LEVEL || "warn",
    ...overrides,
  };
}

/** Creates an empty database on the server in DATABASE_URL and returns its URL. */
export async function freshDatabaseUrl(): Promise<string | undefined> {
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(url: string | undefined) {
  const base = process.env.DATABASE_URL;
  if (!base || !url) return;
  const name = new URL(url).pathname.slice(1);
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}
