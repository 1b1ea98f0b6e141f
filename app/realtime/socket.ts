// The browser's one Socket.IO connection (same origin, WebSocket first). Rooms are re-joined
// by their hooks on every (re)connect, followed by a catch-up fetch by id.
import { io, type Socket } from "socket.io-client";
import type { ClientToServer, ServerToClient } from "./contract";

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
