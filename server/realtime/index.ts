// Socket.IO: handshake auth (cookie or token), origin check, room join policy, presence,
// typing, and the Publisher the services use after they commit.
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server, type Socket } from "socket.io";
import type { AppServices } from "../../app/.server/context";
import type { Publisher } from "../../app/.server/publisher";
import type { Eviction } from "../../app/.server/auth/session-cache";
import { authenticate } from "../../app/.server/auth/service";
import { canSeeThread } from "../../app/.server/forum/service";
import { canSeePetition, loadActor } from "../../app/.server/petitions/service";
import { publicRoomExists } from "./public-rooms";
import { isModerator, type Viewer } from "../../app/domain/auth/types";
import { parseRoom, SUPERVISION_ROOM, type Ack, type ClientToServer, type ServerToClient } from "../../app/realtime/contract";
import { getT, type Lang } from "../../app/i18n";
import { bearerToken, expectedOrigin, parseCookies, pickLang } from "../http-util";
import { installSlicedBroadcast } from "./fanout";
import type { CounterEvent } from "./sweep";
import { log } from "../../app/.server/log";

/** Messages between app nodes (through the Redis adapter). */
export interface InterServer {
  "auth:evict": (e: Eviction) => void;
}
export type AppIo = Server<ClientToServer, ServerToClient, InterServer, SocketData>;
interface SocketData {
  viewer: Viewer | null;
  sessionId: string | null;
  lang: Lang;
  lastTyping: number;
}

/** Client messages are tiny (join, leave, typing); anything bigger drops the socket. */
export const MAX_SOCKET_MESSAGE = 16 * 1024;
const MAX_ROOMS_PER_SOCKET = 50;
/**
 * Flood limit per socket, a token bucket: up to SOCKET_EVENT_BURST client events at once, refilled
 * at SOCKET_EVENT_RATE a second. A page sends a few joins at load and a typing note every two
 * seconds at most; a socket that empties the bucket is a script, and is disconnected.
 */
export const SOCKET_EVENT_BURST = 60;
export const SOCKET_EVENT_RATE = 20;

/** A session's vote counts: merged by question, swept through the room (sweep.ts). */
const liveVotes: CounterEvent<Parameters<ServerToClient["live:votes"]>[0]> = {
  counts: (p) => p.votes.map((v) => [v.id, v.votes] as const),
  payload: (template, counts) => ({ sessionId: template.sessionId, votes: counts.map(([id, votes]) => ({ id, votes })) }),
};

export function createIo(httpServer: HttpServer, opts: { publicUrl?: string; cookieName: string }): AppIo {
  installSlicedBroadcast({ "live:votes": liveVotes });
  return new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    perMessageDeflate: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    // The cors option does not stop cross-origin WebSockets: check Origin ourselves.
    allowRequest: (req, cb) => {
      const origin = req.headers.origin;
      cb(null, !origin || origin === expectedOrigin(req, opts.publicUrl));
    },
  });
}

export function socketPublisher(io: AppIo): Publisher {
  return {
    publish(room, event, payload) {
      (io.to(room) as unknown as { emit: (e: string, p: unknown) => void }).emit(event, payload);
    },
    endSession(sessionId) {
      io.in(`session:${sessionId}`).disconnectSockets(true);
    },
    endUser(userId) {
      io.in(`user:${userId}`).disconnectSockets(true);
    },
    async restrictToModerators(room) {
      const sockets = await io.in(room).fetchSockets();
      for (const s of sockets) if (!isModerator((s.data as SocketData).viewer)) s.leave(room);
    },
  };
}

function tokenFrom(req: IncomingMessage, auth: Record<string, unknown>, cookieName: string): string | null {
  if (typeof auth.token === "string") return auth.token;
  return bearerToken(req) ?? parseCookies(req.headers.cookie)[cookieName] ?? null;
}

export function attachRealtime(io: AppIo, app: AppServices, opts: { cookieName: string; clustered: boolean }) {
  io.use(async (socket, next) => {
    try {
      const req = socket.request;
      const token = tokenFrom(req, socket.handshake.auth ?? {}, opts.cookieName);
      const found = token ? await authenticate(app, token) : null;
      socket.data.viewer = found?.viewer ?? null;
      socket.data.sessionId = found?.session.id ?? null;
      socket.data.lang = pickLang(parseCookies(req.headers.cookie).lang, req.headers["accept-language"]);
      socket.data.lastTyping = 0;
      next();
    } catch (e) {
      next(e as Error);
    }
  });

  // Presence counts are coalesced per room: a burst of joins sends one update.
  const pending = new Map<string, NodeJS.Timeout>();
  // People, not connections: one signed-in user with three tabs counts once; each anonymous
  // connection counts as one reader.
  const countRoom = async (room: string) => {
    const viewers: (Viewer | null)[] = [];
    if (opts.clustered) {
      for (const s of await io.in(room).fetchSockets()) viewers.push((s.data as SocketData).viewer);
    } else {
      for (const id of io.of("/").adapter.rooms.get(room) ?? []) {
        viewers.push((io.of("/").sockets.get(id)?.data as SocketData | undefined)?.viewer ?? null);
      }
    }
    const users = new Set<number>();
    let anonymous = 0;
    for (const v of viewers) {
      if (v) users.add(v.id);
      else anonymous += 1;
    }
    return users.size + anonymous;
  };
  const schedulePresence = (room: string) => {
    if (pending.has(room)) return;
    pending.set(
      room,
      setTimeout(async () => {
        pending.delete(room);
        try {
          io.to(room).emit("presence", { room, count: await countRoom(room) });
        } catch {
          /* a node did not answer in time: the next change sends a fresh count */
        }
      }, 250),
    );
  };

  const fail = (socket: Socket, code: string): Ack => ({
    ok: false,
    error: { code, message: getT((socket.data as SocketData).lang)(`errors.${code}`) },
  });

  async function mayJoin(viewer: Viewer | null, room: string): Promise<string | null> {
    if (room === SUPERVISION_ROOM) return viewer?.role === "admin" ? null : "room_not_found";
    const r = parseRoom(room);
    if (!r) return "room_not_found";
    switch (r.kind) {
      case "thread":
        return (await canSeeThread(app, viewer, r.id)) ? null : "room_not_found";
      case "user":
        return viewer && viewer.id === r.id ? null : "room_forbidden";
      case "petition":
        // Only those who may read the case; everyone else cannot tell it exists.
        return (await canSeePetition(app, viewer, r.id)) ? null : "room_not_found";
      case "mailbox": {
        if (!viewer || (viewer.role !== "official" && viewer.role !== "admin")) return "room_not_found";
        if (viewer.role === "admin") return null;
        const actor = await loadActor(app, viewer);
        return actor?.mailboxes.some((m) => m.mailboxId === r.id) ? null : "room_not_found";
      }
      case "live":
      case "event":
      case "award":
      case "commitment":
        // Public rooms: anyone may follow a session, an event's seats, a public tally or a commitment's progress.
        return (await publicRoomExists(app, r.kind, r.id)) ? null : "room_not_found";
      default:
        return "room_not_found";
    }
  }

  io.on("connection", (socket) => {
    const data = socket.data as SocketData;
    if (data.viewer) socket.join(`user:${data.viewer.id}`);
    if (data.sessionId) socket.join(`session:${data.sessionId}`);

    let tokens = SOCKET_EVENT_BURST;
    let refilled = Date.now();
    socket.use((_packet, next) => {
      const now = Date.now();
      tokens = Math.min(SOCKET_EVENT_BURST, tokens + ((now - refilled) / 1000) * SOCKET_EVENT_RATE);
      refilled = now;
      if (tokens < 1) {
        if (socket.connected) log.warn({ socket: socket.id, user: data.viewer?.id ?? null }, "socket flood: disconnected");
        socket.disconnect(true);
        return;
      }
      tokens -= 1;
      next();
    });

    socket.on("join", async (room, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      try {
        if (socket.rooms.size > MAX_ROOMS_PER_SOCKET) return reply(fail(socket, "too_many_rooms"));
        const denied = await mayJoin(data.viewer, room);
        if (denied) return reply(fail(socket, denied));
        await socket.join(room);
        schedulePresence(room);
        reply({ ok: true });
      } catch {
        reply(fail(socket, "internal"));
      }
    });

    socket.on("leave", async (room, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      if (typeof room !== "string" || !socket.rooms.has(room) || room.startsWith("user:") || room.startsWith("session:")) {
        return reply(fail(socket, "room_not_found"));
      }
      await socket.leave(room);
      schedulePresence(room);
      reply({ ok: true });
    });

    socket.on("typing", (room) => {
      if (!data.viewer || typeof room !== "string" || !socket.rooms.has(room) || !room.startsWith("thread:")) return;
      const now = Date.now();
      if (now - data.lastTyping < 2000) return;
      data.lastTyping = now;
      socket.to(room).emit("typing", { room, user: { id: String(data.viewer.id), displayName: data.viewer.displayName } });
    });

    socket.on("disconnecting", () => {
      for (const room of socket.rooms) if (room.includes(":") && !room.startsWith("session:") && !room.startsWith("user:")) schedulePresence(room);
    });
  });
}
