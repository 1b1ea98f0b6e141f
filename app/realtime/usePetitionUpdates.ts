// Follows case rooms (`petition:<id>`, `mailbox:<id>`, `supervision`) for the case page and the
// workbench: joins them on every (re)connect, hands each `petition:updated` to the page once
// (a socket in two of the rooms may hear one change twice), and after a reconnect asks the page
// to catch up, since events sent while offline are lost.
import { useEffect, useRef } from "react";
import type { Ack, ServerToClient } from "./contract";
import { getSocket, joinRoom } from "./socket";

export type PetitionUpdate = Parameters<ServerToClient["petition:updated"]>[0];

export interface PetitionUpdateHandlers {
  onUpdate(update: PetitionUpdate): void;
  /** After a reconnect (not the first connect): whatever happened meanwhile was missed. */
  onResync?(): void;
  onConnection?(connected: boolean): void;
}

export function usePetitionUpdates(rooms: string[], handlers: PetitionUpdateHandlers, enabled = true) {
  const h = useRef(handlers);
  h.current = handlers;
  const key = rooms.join(",");
  useEffect(() => {
    if (!enabled || !key) return;
    const list = key.split(",");
    const socket = getSocket();
    const seen = new Set<string>();
    let connectedOnce = false;
    const onConnect = () => {
      h.current.onConnection?.(true);
      let pending = list.length;
      let ok = false;
      for (const room of list) {
        joinRoom(socket, room, (ack: Ack) => {
          ok ||= Boolean(ack?.ok);
          if (--pending === 0 && ok && connectedOnce) h.current.onResync?.();
          if (pending === 0) connectedOnce = true;
        });
      }
    };
    const onDisconnect = () => h.current.onConnection?.(false);
    const onUpdate: ServerToClient["petition:updated"] = (p) => {
      const id = `${p.petitionId}:${p.event.seq}`;
      if (seen.has(id)) return;
      seen.add(id);
      if (seen.size > 500) seen.delete(seen.values().next().value as string);
      h.current.onUpdate(p);
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("petition:updated", onUpdate);
    if (socket.connected) onConnect();
    else socket.connect();
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("petition:updated", onUpdate);
      if (socket.connected) for (const room of list) socket.emit("leave", room);
    };
  }, [key, enabled]);
}
