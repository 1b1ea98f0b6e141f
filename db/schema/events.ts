// Netizen meetups (网友见面会) and observing the two sessions (旁听两会): registration with a
// waitlist, or applications and a reproducible draw; check-in codes; minutes afterwards.
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { mailboxes } from "./mailboxes";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

export const eventKinds = ["meetup", "observe_sessions"] as const;
export type EventKind = (typeof eventKinds)[number];
/**
 * registered / waitlisted / cancelled for meetups (first come, first served);
 * applied → selected / not_selected (or cancelled) for observe-the-sessions draws.
 */
export const registrationStatuses = ["registered", "waitlisted", "cancelled", "applied", "selected", "not_selected"] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

export const events = pgTable(
  "events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind").$type<EventKind>().notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    descriptionHtml: text("description_html").notNull().default(""),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at"),
    place: text("place"),
    onlineUrl: text("online_url"),
    capacity: integer("capacity").notNull(),
    registrationClosesAt: ts("registration_closes_at").notNull(),
    terms: text("terms").notNull().default(""),
    organizerId: bigint("organizer_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    mailboxId: bigint("mailbox_id", { mode: "number" }).references(() => mailboxes.id),
    // Seats taken and people waiting (or applicants, before a draw): kept by the same
    // transactions that change registrations, under the event's row lock.
    registered: integer("registered").notNull().default(0),
    waitlisted: integer("waitlisted").notNull().default(0),
    // The published draw: its seed and when it ran (observe-the-sessions only).
    drawSeed: text("draw_seed"),
    drawnAt: ts("drawn_at"),
    minutes: text("minutes"),
    minutesHtml: text("minutes_html"),
    remindedAt: ts("reminded_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("events_starts_idx").on(t.startsAt.desc(), t.id.desc()),
    check("events_capacity_positive", sql`${t.capacity} > 0`),
    check("events_seats_within_capacity", sql`${t.registered} between 0 and ${t.capacity}`),
  ],
);

export const eventRegistrations = pgTable(
  "event_registrations",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: bigint("event_id", { mode: "number" })
      .notNull()
      .references(() => events.id),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status").$type<RegistrationStatus>().notNull(),
    // Shown to the registrant; typed or scanned at the door.
    checkInCode: text("check_in_code").notNull(),
    checkedInAt: ts("checked_in_at"),
    note: text("note"),
    createdAt: ts("created_at").notNull().defaultNow(),
    cancelledAt: ts("cancelled_at"),
  },
  (t) => [
    // One live registration per person and event (a cancelled one may be followed by a new one).
    uniqueIndex("event_registrations_one_idx").on(t.eventId, t.userId).where(sql`${t.status} <> 'cancelled'`),
    uniqueIndex("event_registrations_code_idx").on(t.eventId, t.checkInCode),
    // The waitlist in arrival order.
    index("event_registrations_queue_idx").on(t.eventId, t.status, t.id),
    index("event_registrations_user_idx").on(t.userId, t.id.desc()),
  ],
);

/** Threads and petitions an event produced, shown with its minutes. */
export const eventLinks = pgTable(
  "event_links",
  {
    eventId: bigint("event_id", { mode: "number" })
      .notNull()
      .references(() => events.id),
    kind: text("kind").$type<"thread" | "petition">().notNull(),
    targetId: bigint("target_id", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.kind, t.targetId] })],
);
