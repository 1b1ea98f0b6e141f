// The browser's one Socket.IO connection (same origin, WebSocket first). Rooms are re-joined
// by their hooks on every (re)connect, followed by a catch-up fetch by id.
import { io, type Socket } from "socket.io-client";
import type { Ack, ClientToServer, ServerToClient } from "./contract";

export type ClientSocket = Socket<ServerToClient, ClientToServer>;

let socket: ClientSocket | null = null;

export function getSocket(): ClientSocket {
  if (!socket) {
    const s: ClientSocket = io({ path: "/socket.io", transports: ["websocket", "polling"], withCredentials: true });
    // The server ends sockets whose identity changed (logout, new role, disabled account).
    // Reconnect once with whatever the cookie says now; a signed-out reader continues anonymously.
    s.on("disconnect", (reason) => {
      if (reason === "io server disconnect") setTimeout(() => s.connect(), 1000);
    });
    socket = s;
  }
  return socket;
}

/** After logging in or out without a page load, the socket must handshake again. */
export function renewSocketIdentity() {
  if (!socket) return;
  socket.disconnect();
  socket.connect();
}

/**
 * Joins a room and calls `done` with the final answer. While the server cannot answer (its
 * database briefly away: `internal`), it tries again with a growing pause for as long as this
 * connection lasts, so a page that reconnected during an outage does not stay silently out of
 * its room. A refusal (not allowed, no such room) is final.
 */
export function joinRoom(s: ClientSocket, room: string, done: (ack: Ack) => void) {
  const connection = s.id;
  let attempt = 0;
  const tryJoin = () => {
    if (!s.connected || s.id !== connection) return;
    s.emit("join", room, (ack: Ack) => {
      if (!ack?.ok && ack?.error?.code === "internal" && s.connected && s.id === connection) {
        attempt += 1;
        setTimeout(tryJoin, Math.min(250 * 2 ** attempt, 5000));
        return;
      }
      done(ack);
    });
  };
  tryJoin();
}
