// The browser's one Socket.IO connection (same origin, WebSocket first). Rooms are re-joined
// by their hooks on every (re)connect, followed by a catch-up fetch by id.
import { io, type Socket } from "socket.io-client";
import type { ClientToServer, ServerToClient } from "./contract";

export type ClientSocket = Socket<ServerToClient, ClientToServer>;

let socket: ClientSocket | null = null;

export function getSocket(): ClientSocket {
  if (!socket) {
    socket = io({ path: "/socket.io", transports: ["websocket", "polling"], withCredentials: true });
  }
  return socket;
}
