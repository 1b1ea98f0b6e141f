// The typed Socket.IO contract shared by server and browser (api.md "Real time").
import type { PostDto, ThreadDto } from "~/domain/forum/types";
import type { NotificationDto } from "~/domain/notifications/types";
import type { Light, PetitionStatus } from "~/domain/petitions/workflow";
import type { LiveAnswerDto, LiveQuestionEvent, LiveStateDto } from "~/domain/live/types";
import type { CommitmentFollowersEvent, CommitmentProgressEvent } from "~/domain/commitments/types";

export type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };

export interface ServerToClient extends EngagementEvents, CommitmentEvents {
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

// Officials online, meetups and awards (api.md). Payload shapes are owned by their areas:
// app/domain/live/types.ts, app/domain/events/types.ts, app/domain/awards/types.ts.
export interface EngagementEvents {
  // A whole question (created, approved, answered, converted), or only {id, sessionId, status,
  // votes} after a vote or to readers who may no longer see it; pending ones never reach live:<id>.
  "live:question": (p: { sessionId: string; question: LiveQuestionEvent }) => void;
  // Vote counts, merged and swept through the room (server/realtime/sweep.ts): absolute counts.
  "live:votes": (p: { sessionId: string; votes: { id: string; votes: number }[] }) => void;
  "live:answer": (p: { sessionId: string; answer: LiveAnswerDto }) => void;
  "live:state": (p: { sessionId: string; state: LiveStateDto }) => void;
  // version: microseconds when the change held the event's lock; drop an update older than one seen.
  "event:registrations": (p: { eventId: string; registered: number; capacity: number; waitlisted: number; version?: number }) => void;
  "award:tally": (p: { awardId: string; tallies: { candidateId: string; votes: number }[] }) => void;
}

// The ten practical things (app/domain/commitments/types.ts), on the public room commitment:<id>.
// entryId: the progress entry just recorded, or null when only the status changed.
export interface CommitmentEvents {
  "commitment:progress": (p: CommitmentProgressEvent) => void;
  "commitment:followers": (p: CommitmentFollowersEvent) => void;
}

export interface ClientToServer {
  join: (room: string, ack?: (a: Ack) => void) => void;
  leave: (room: string, ack?: (a: Ack) => void) => void;
  typing: (room: string) => void;
}

export type RoomKind = "thread" | "petition" | "mailbox" | "live" | "event" | "award" | "commitment" | "user";
export const roomPattern = /^(thread|petition|mailbox|live|event|award|commitment|user):([1-9][0-9]{0,17})$/;

/** The administrators' supervision board: every case's updates. */
export const SUPERVISION_ROOM = "supervision";

export function parseRoom(room: unknown): { kind: RoomKind; id: number } | null {
  if (typeof room !== "string") return null;
  const m = roomPattern.exec(room);
  return m ? { kind: m[1] as RoomKind, id: Number(m[2]) } : null;
}
