// Starts the real server (production build, real Socket.IO, real database) on port 0 and
// gives tests small helpers for the HTTP API and accounts.
import { eq } from "drizzle-orm";
import { io as ioClient, type Socket } from "socket.io-client";
import { users, type Role } from "../../db/schema";
import { startServer, type RunningServer } from "../../server/app";
import type { Config } from "../../app/.server/config";
import { dropDatabase, freshDatabaseUrl, isolatedConfig } from "./db";

export interface TestServer extends RunningServer {
  api: (path: string, init?: ApiInit) => Promise<{ status: number; body: any; headers: Headers }>;
  user: (role?: Role, name?: string) => Promise<TestUser>;
  socket: (token?: string, extra?: { origin?: string }) => Promise<Socket>;
  stop: () => Promise<void>;
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
  role: Role;
}

export interface ApiInit {
  method?: string;
  body?: unknown;
  raw?: string;
  token?: string;
  headers?: Record<string, string>;
}

let counter = 0;

export async function startTestServer(config: Partial<Config> = {}): Promise<TestServer> {
  const databaseUrl = await freshDatabaseUrl();
  const server = await startServer({
    mode: "production",
    log: () => {},
    config: isolatedConfig(databaseUrl, config),
  });

  const api: TestServer["api"] = async (path, init = {}) => {
    const headers: Record<string, string> = { "Content-Type": "application/json", ...init.headers };
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: init.method ?? (init.body !== undefined || init.raw !== undefined ? "POST" : "GET"),
      headers,
      body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers };
  };

  const user: TestServer["user"] = async (role = "citizen", name) => {
    const username = name ?? `u${process.pid}_${++counter}_${Math.floor(Math.random() * 1e6)}`;
    const r = await api("/auth/register", { body: { username, password: "password-123", displayName: `用户${counter}` } });
    if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.body)}`);
    const id = r.body.user.id as string;
    if (role !== "citizen") await server.app.db.update(users).set({ role }).where(eq(users.id, Number(id)));
    return { id, username, token: r.body.token as string, role };
  };

  const sockets: Socket[] = [];
  const socket: TestServer["socket"] = (token, extra = {}) =>
    new Promise((resolve, reject) => {
      const s = ioClient(server.url, {
        path: "/socket.io",
        transports: ["websocket"],
        auth: token ? { token } : {},
        extraHeaders: extra.origin ? { Origin: extra.origin } : undefined,
        reconnection: false,
        forceNew: true,
      });
      sockets.push(s);
      s.once("connect", () => resolve(s));
      s.once("connect_error", (e) => reject(e));
    });

  const stop = async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
    await dropDatabase(databaseUrl);
  };

  return { ...server, api, user, socket, stop };
}

/** Resolves with the first event of that name (or rejects after `ms`). */
export function nextEvent<T = any>(s: Socket, event: string, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    s.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

export function emitAck<T = any>(s: Socket, event: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve) => s.emit(event, ...args, (ack: T) => resolve(ack)));
}
