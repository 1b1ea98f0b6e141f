// Wire shapes of meetups (网友见面会) and observe-the-sessions events (旁听两会), api.md
// "GET /events …". Ids are strings, times ISO 8601 UTC.
import type { AuthorDto } from "../forum/types";

export const eventKinds = ["meetup", "observe_sessions"] as const;
export type EventKind = (typeof eventKinds)[number];

export const registrationStatuses = ["registered", "waitlisted", "cancelled", "applied", "selected", "not_selected"] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/**
 * Derived from the clock, never stored: `open` (registration or applications open), `closed`
 * (deadline passed, not started), `ongoing`, `ended`.
 */
export type EventPhase = "open" | "closed" | "ongoing" | "ended";

/** A list item (api.md's fields plus a few for the cards). */
export interface EventSummary {
  id: string;
  kind: EventKind;
  title: string;
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  onlineUrl: string | null;
  capacity: number;
  /** Seats taken (meetups), or people selected by the draw (observe the sessions). */
  registered: number;
  /** Waiting for a seat (meetups); applicants before the draw, the reserve list after it. */
  waitlisted: number;
  registrationClosesAt: string;
  phase: EventPhase;
  drawn: boolean;
}

export interface EventLinkDto {
  kind: "thread" | "petition";
  id: string;
  /** The thread's title, or a published petition's; null when the petition is not public. */
  title: string | null;
  /** A petition's tracking number. */
  trackingNo: string | null;
  url: string;
}

export interface EventDto extends EventSummary {
  description: string;
  descriptionHtml: string;
  terms: string;
  organizer: AuthorDto;
  minutes: string | null;
  minutesHtml: string | null;
  links: EventLinkDto[];
  draw: { seed: string; drawnAt: string; algorithm: string } | null;
  createdAt: string;
  /** Whether the viewer may edit, check people in, draw and write the minutes. */
  canManage: boolean;
}

/** The viewer's own registration (or application). */
export interface RegistrationDto {
  id: string;
  eventId: string;
  status: RegistrationStatus;
  /** Shown at the door; null once cancelled. */
  checkInCode: string | null;
  checkedInAt: string | null;
  createdAt: string;
  cancelledAt: string | null;
  /** 1-based place on the waitlist (meetups) while waiting. */
  waitlistPosition: number | null;
}

/** A registrant as organisers see them on the check-in page. */
export interface RegistrantDto {
  id: string;
  user: { id: string; username: string; displayName: string };
  status: RegistrationStatus;
  checkedInAt: string | null;
  createdAt: string;
}

export interface DrawDto {
  eventId: string;
  algorithm: string;
  seed: string;
  drawnAt: string;
  capacity: number;
  /** Everyone who had applied when the draw ran, by registration id (ascending), with their status now. */
  applicants: { registrationId: string; displayName: string; status: RegistrationStatus }[];
  /** Registration ids, in draw order. */
  selected: string[];
  notSelected: string[];
}

/** The `event:registrations` payload (api.md), plus `version` to drop out-of-order updates. */
export interface SeatsDto {
  eventId: string;
  registered: number;
  capacity: number;
  waitlisted: number;
  /** Microseconds since 1970 when the change took the event's lock; increases with each change. */
  version?: number;
}

/** Holds a seat: may check in. */
export const isAdmitted = (s: RegistrationStatus) => s === "registered" || s === "selected";

export function phaseAt(e: { startsAt: string | Date; endsAt: string | Date | null; registrationClosesAt: string | Date }, now: Date): EventPhase {
  const t = now.getTime();
  const ms = (d: string | Date) => new Date(d).getTime();
  if (t < ms(e.registrationClosesAt)) return "open";
  if (t < ms(e.startsAt)) return "closed";
  if (t < ms(e.endsAt ?? new Date(ms(e.startsAt) + 3 * 3_600_000))) return "ongoing";
  return "ended";
}
