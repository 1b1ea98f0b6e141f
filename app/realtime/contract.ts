// The typed Socket.IO contract shared by server and browser (api.md "Real time").
import type { PostDto, ThreadDto } from "~/domain/forum/types";

export type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };

export interface ServerToClient {
  // postCount: the thread's visible reply count after the change (added to api.md's payload).
  "post:created": (p: { threadId: string; post: PostDto; postCount?: number }) => void;
  "post:updated": (p: { threadId: string; post: PostDto; postCount?: number }) => void;
  "thread:updated": (p: { thread: ThreadDto }) => void;
  presence: (p: { room: string; count: number }) => void;
  typing: (p: { room: string; user: { id: string; displayName: string } }) => void;
  notification: (p: { notification: unknown }) => void;
}

export interface ClientToServer {
  join: (room: string, ack?: (a: Ack) => void) => void;
  leave: (room: string, ack?: (a: Ack) => void) => void;
  typing: (room: string) => void;
}

export type RoomKind = "thread" | "petition" | "mailbox" | "live" | "event" | "award" | "user";
export const roomPattern = /^(thread|petition|mailbox|live|event|award|user):([1-9][0-9]{0,17})$/;

export function parseRoom(room: unknown): { kind: RoomKind; id: number } | null {
  if (typeof room !== "string") return null;
  const m = roomPattern.exec(room);
  return m ? { kind: m[1] as RoomKind, id: Number(m[2]) } : null;
}
