// Follows a commitment's public room (`commitment:<id>`): the latest `commitment:progress` and
// `commitment:followers` replace what the page holds at once; a progress entry the page has not
// rendered (and every reconnect, since events sent while offline are lost) asks the page to
// reload its data, so the history and the chart catch up with no gaps.
import { useEffect, useRef, useState } from "react";
import type { CommitmentStatus } from "~/domain/commitments/types";
import type { Ack, ServerToClient } from "./contract";
import { getSocket, joinRoom } from "./socket";

export interface CommitmentLiveState {
  progress: number;
  status: CommitmentStatus;
  followers: number;
}

export function useCommitmentLive(
  commitmentId: string,
  initial: CommitmentLiveState,
  opts: { knownEntryIds: string[]; onResync: () => void },
) {
  const [state, setState] = useState(initial);
  const [connected, setConnected] = useState(true);
  const [joined, setJoined] = useState(false);
  const known = useRef(new Set(opts.knownEntryIds));
  known.current = new Set(opts.knownEntryIds);
  const resync = useRef(opts.onResync);
  resync.current = opts.onResync;
  // New loader data (a revalidation) is the newest word.
  const key = `${initial.progress}:${initial.status}:${initial.followers}`;
  useEffect(() => setState(initial), [key]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const socket = getSocket();
    const room = `commitment:${commitmentId}`;
    let connectedOnce = false;
    const onConnect = () => {
      setConnected(true);
      joinRoom(socket, room, (ack: Ack) => {
        setJoined(Boolean(ack?.ok));
        if (ack?.ok && connectedOnce) resync.current();
        connectedOnce = true;
      });
    };
    const onDisconnect = () => {
      setConnected(false);
      setJoined(false);
    };
    const onProgress: ServerToClient["commitment:progress"] = (p) => {
      if (p.commitmentId !== commitmentId) return;
      setState((s) => ({ ...s, progress: p.progress, status: p.status }));
      if (p.entryId === null || !known.current.has(p.entryId)) resync.current();
    };
    const onFollowers: ServerToClient["commitment:followers"] = (p) => {
      if (p.commitmentId !== commitmentId) return;
      setState((s) => ({ ...s, followers: p.followers }));
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("commitment:progress", onProgress);
    socket.on("commitment:followers", onFollowers);
    if (socket.connected) onConnect();
    else socket.connect();
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("commitment:progress", onProgress);
      socket.off("commitment:followers", onFollowers);
      if (socket.connected) socket.emit("leave", room);
    };
  }, [commitmentId]);

  return { ...state, connected, joined };
}
