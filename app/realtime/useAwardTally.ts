// Follows an award round's public room (`award:<id>`): the latest `award:tally` replaces the
// counts the page holds. The room is joined on every (re)connect; after a reconnect the page
// reloads its data, since tallies sent while offline are lost. Only rounds whose results are
// public send tallies, so the hook is enabled only for them.
import { useEffect, useRef, useState } from "react";
import type { Ack, ServerToClient } from "./contract";
import { getSocket, joinRoom } from "./socket";

export type Tally = { candidateId: string; votes: number }[];

export function useAwardTally(awardId: string, initial: Tally, opts: { enabled: boolean; onResync?: () => void }) {
  const [tally, setTally] = useState<{ items: Tally; at: number | null }>({ items: initial, at: null });
  const [connected, setConnected] = useState(true);
  const [joined, setJoined] = useState(false);
  const resync = useRef(opts.onResync);
  resync.current = opts.onResync;
  // New loader data (a revalidation) is the newest word.
  const key = JSON.stringify(initial);
  useEffect(() => setTally((t) => ({ items: initial, at: t.at })), [key]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!opts.enabled) return;
    const socket = getSocket();
    const room = `award:${awardId}`;
    let connectedOnce = false;
    const onConnect = () => {
      setConnected(true);
      joinRoom(socket, room, (ack: Ack) => {
        setJoined(Boolean(ack?.ok));
        if (ack?.ok && connectedOnce) resync.current?.();
        connectedOnce = true;
      });
    };
    const onDisconnect = () => {
      setConnected(false);
      setJoined(false);
    };
    const onTally: ServerToClient["award:tally"] = (p) => {
      if (p.awardId !== awardId) return;
      setTally({ items: p.tallies, at: Date.now() });
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("award:tally", onTally);
    if (socket.connected) onConnect();
    else socket.connect();
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("award:tally", onTally);
      if (socket.connected) socket.emit("leave", room);
    };
  }, [awardId, opts.enabled]);

  /** joined: the room is joined, so every later tally reaches this page. */
  return { tally: tally.items, updatedAt: tally.at, connected, joined };
}
