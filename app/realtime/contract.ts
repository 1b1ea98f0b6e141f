// The typed Socket.IO contract shared by server and browser (api.md "Real time").
import type { PostDto, ThreadDto } from "~/domain/forum/types";
import type { NotificationDto } from "~/domain/notifications/types";
import type { Light, PetitionStatus } from "~/domain/petitions/workflow";

export type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };

export interface ServerToClient {
  // postCount: the thread's visible reply count after the change (added to api.md's payload).
  "post:created": (p: { threadId: string; post: PostDto; postCount?: number }) => void;
  "post:updated": (p: { threadId: string; post: PostDto; postCount?: number }) => void;
  "thread:updated": (p: { thread: ThreadDto }) => void;
  presence: (p: { room: string; count: number }) => void;
  typing: (p: { room: string; user: { id: string; displayName: string } }) => void;
  notification: (p: { notification: NotificationDto }) => void;
  // Sent to petition:<id>, mailbox:<id> of every involved mailbox, and "supervision" (admins).
  "petition:updated": (p: {
    petitionId: string;
    status: PetitionStatus;
    light: Light;
    event: { seq: number; action: string; at: string };
  }) => void;
}

export interface ClientToServer {
  join: (room: string, ack?: (a: Ack) => void) => void;
  leave: (room: string, ack?: (a: Ack) => void) => void;
  typing: (room: string) => void;
}

export type RoomKind = "thread" | "petition" | "mailbox" | "live" | "event" | "award" | "user";
export const roomPattern = /^(thread|petition|mailbox|live|event|award|user):([1-9][0-9]{0,17})$/;

/** The administrators' supervision board: every case's updates. */
export const SUPERVISION_ROOM = "supervision";

export function parseRoom(room: unknown): { kind: RoomKind; id: number } | null {
  if (typeof room !== "string") return null;
  const m = roomPattern.exec(room);
  return m ? { kind: m[1] as RoomKind, id: Number(m[2]) } : null;
}
