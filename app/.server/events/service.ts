// Meetups (网友见面会) and observe-the-sessions events (旁听两会). Each write: parse → load →
// policy → transaction (under the event's row lock when seats change) → publish after commit.
//
// Seats: every change of registrations takes `select … for update` on the event row first, so
// registrations, cancellations, promotions and the draw of one event run one at a time; the
// row's `registered`/`waitlisted` counters change in the same transaction, the CHECK
// `registered between 0 and capacity` backs the arithmetic, and the partial unique index
// `event_registrations_one_idx` refuses a second live registration of the same person.
import { randomBytes, randomInt } from "node:crypto";
import { and, asc, desc, eq, inArray, ne, or, sql } from "drizzle-orm";
import { eventLinks, eventRegistrations, events, petitions, threads, users } from "../../../db/schema";
import type { Tx } from "../../../db/client";
import { isModerator, type Viewer } from "~/domain/auth/types";
import { DRAW_ALGORITHM, runDraw } from "~/domain/events/draw";
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  checkInSchema,
  crossCheck,
  drawSchema,
  eventCreateSchema,
  eventUpdateSchema,
  minutesSchema,
} from "~/domain/events/schemas";
import {
  isAdmitted,
  phaseAt,
  type DrawDto,
  type EventDto,
  type EventKind,
  type EventLinkDto,
  type EventSummary,
  type RegistrantDto,
  type RegistrationDto,
  type RegistrationStatus,
  type SeatsDto,
} from "~/domain/events/types";
import { safeParse, type FieldIssues } from "~/domain/validation";
import type { AppServices } from "../context";
import { badRequest, conflict, forbidden, notFound, unauthorized } from "../errors";
import { clampLimit, decodeCursor, encodeCursor } from "../forum/cursor";
import { renderMarkdown } from "../markdown";
import { notify, publishNotifications } from "../notifications/service";

type EventRow = typeof events.$inferSelect;
type RegistrationRow = typeof eventRegistrations.$inferSelect;
type NotificationRows = Awaited<ReturnType<typeof notify>>;

function parse<T>(r: { ok: true; data: T } | { ok: false; fields: FieldIssues }): T {
  if (!r.ok) throw badRequest("invalid_input", r.fields);
  return r.data;
}

const isUniqueViolation = (e: unknown, constraint: string): boolean => {
  const err = e as { code?: string; constraint_name?: string; constraint?: string; message?: string; cause?: unknown };
  if (err?.code === "23505") return (err.constraint_name ?? err.constraint ?? err.message ?? "").includes(constraint);
  return err?.cause ? isUniqueViolation(err.cause, constraint) : false;
};

export const canCreateEvents = (v: Viewer | null) => v?.role === "official" || v?.role === "moderator" || v?.role === "admin";
/** Organisers: the creator, moderators and administrators. */
export const canManageEvent = (v: Viewer | null, e: Pick<EventRow, "organizerId">) => Boolean(v && (v.id === e.organizerId || isModerator(v)));

export function newCheckInCode(): string {
  let s = "";
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

export const newSeed = () => randomBytes(32).toString("hex");

/** Shanghai wall time "2026-12-05 14:30", for notification texts (language-neutral). */
export const shanghaiText = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");

const validId = (id: number) => Number.isSafeInteger(id) && id > 0;

// Microseconds since 1970 read while the event's row lock is held: later changes read later.
const versionSql = sql<string>`(extract(epoch from clock_timestamp()) * 1000000)::bigint`;
const seatColumns = { id: events.id, registered: events.registered, waitlisted: events.waitlisted, capacity: events.capacity, version: versionSql };
type SeatRow = { id: number; registered: number; waitlisted: number; capacity: number; version: string | number };
const seatsDto = (r: SeatRow): SeatsDto => ({ eventId: String(r.id), registered: r.registered, capacity: r.capacity, waitlisted: r.waitlisted, version: Number(r.version) });

function publishSeats(app: AppServices, seats: SeatsDto) {
  app.publisher.publish(`event:${seats.eventId}`, "event:registrations", seats);
}

async function lockEvent(tx: Tx, id: number): Promise<EventRow> {
  if (!validId(id)) throw notFound();
  const [row] = await tx.select().from(events).where(eq(events.id, id)).for("update");
  if (!row) throw notFound();
  return row;
}

async function loadEvent(app: AppServices, id: number): Promise<EventRow> {
  if (!validId(id)) throw notFound();
  const [row] = await app.db.select().from(events).where(eq(events.id, id));
  if (!row) throw notFound();
  return row;
}

// ---------------------------------------------------------------- shapes

function summary(e: EventRow, now: Date): EventSummary {
  return {
    id: String(e.id),
    kind: e.kind,
    title: e.title,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt?.toISOString() ?? null,
    place: e.place,
    onlineUrl: e.onlineUrl,
    capacity: e.capacity,
    registered: e.registered,
    waitlisted: e.waitlisted,
    registrationClosesAt: e.registrationClosesAt.toISOString(),
    phase: phaseAt(e, now),
    drawn: e.drawnAt !== null,
  };
}

async function linksOf(app: AppServices, eventId: number, viewer: Viewer | null): Promise<EventLinkDto[]> {
  const rows = await app.db.select().from(eventLinks).where(eq(eventLinks.eventId, eventId));
  const threadIds = rows.filter((r) => r.kind === "thread").map((r) => r.targetId);
  const petitionIds = rows.filter((r) => r.kind === "petition").map((r) => r.targetId);
  const [ts, ps] = await Promise.all([
    threadIds.length ? app.db.select({ id: threads.id, title: threads.title, hidden: threads.hidden }).from(threads).where(inArray(threads.id, threadIds)) : [],
    petitionIds.length ? app.db.select({ id: petitions.id, trackingNo: petitions.trackingNo }).from(petitions).where(inArray(petitions.id, petitionIds)) : [],
  ]);
  const out: EventLinkDto[] = [];
  for (const t of ts) {
    if (t.hidden && !isModerator(viewer)) continue;
    out.push({ kind: "thread", id: String(t.id), title: t.title, trackingNo: null, url: `/t/${t.id}` });
  }
  // A petition's title may carry personal data: the tracking number and the case page (which
  // shows the masked public view, or nothing) are enough.
  for (const p of ps) out.push({ kind: "petition", id: String(p.id), title: null, trackingNo: p.trackingNo, url: `/petitions/${p.id}` });
  return out;
}

async function eventDto(app: AppServices, e: EventRow, viewer: Viewer | null): Promise<EventDto> {
  const [[organizer], links] = await Promise.all([
    app.db.select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role }).from(users).where(eq(users.id, e.organizerId)),
    linksOf(app, e.id, viewer),
  ]);
  return {
    ...summary(e, app.now()),
    description: e.description,
    descriptionHtml: e.descriptionHtml,
    terms: e.terms,
    organizer: { id: String(organizer.id), username: organizer.username, displayName: organizer.displayName, role: organizer.role },
    minutes: e.minutes,
    minutesHtml: e.minutesHtml,
    links,
    draw: e.drawSeed && e.drawnAt ? { seed: e.drawSeed, drawnAt: e.drawnAt.toISOString(), algorithm: DRAW_ALGORITHM } : null,
    createdAt: e.createdAt.toISOString(),
    canManage: canManageEvent(viewer, e),
  };
}

async function registrationDto(db: AppServices["db"] | Tx, r: RegistrationRow): Promise<RegistrationDto> {
  let waitlistPosition: number | null = null;
  if (r.status === "waitlisted") {
    const [c] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, r.eventId), eq(eventRegistrations.status, "waitlisted"), sql`${eventRegistrations.id} <= ${r.id}`));
    waitlistPosition = Number(c?.n ?? 1);
  }
  return {
    id: String(r.id),
    eventId: String(r.eventId),
    status: r.status,
    checkInCode: r.status === "cancelled" ? null : r.checkInCode,
    checkedInAt: r.checkedInAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    cancelledAt: r.cancelledAt?.toISOString() ?? null,
    waitlistPosition,
  };
}

// ---------------------------------------------------------------- reading

type ListCursor = { s: "u" | "p"; t: number; i: number; n: number };
const isListCursor = (v: unknown): v is ListCursor => {
  const c = v as ListCursor;
  return (
    typeof c === "object" && c !== null && (c.s === "u" || c.s === "p") && Number.isSafeInteger(c.t) && Number.isSafeInteger(c.i) && c.i > 0 && Number.isSafeInteger(c.n)
  );
};

/**
 * Upcoming and ongoing events first (soonest first), then past ones (latest first). The cursor
 * keeps the moment the first page was read, so an event that ends meanwhile is neither shown
 * twice nor skipped.
 */
export async function listEvents(
  app: AppServices,
  opts: { limit?: string | number | null; cursor?: string | null; kind?: string | null } = {},
): Promise<{ items: EventSummary[]; nextCursor: string | null }> {
  const limit = clampLimit(opts.limit);
  const c = decodeCursor(opts.cursor, isListCursor);
  if (opts.cursor && !c) throw badRequest("invalid_cursor");
  if (opts.kind && opts.kind !== "meetup" && opts.kind !== "observe_sessions") throw badRequest("invalid_input", { kind: { key: "validation.invalid_choice" } });
  const kind = (opts.kind || null) as EventKind | null;
  const nowMs = c?.n ?? app.now().getTime();
  const now = sql`${new Date(nowMs).toISOString()}::timestamptz`;
  const end = sql`coalesce(${events.endsAt}, ${events.startsAt})`;
  const ofKind = kind ? eq(events.kind, kind) : undefined;
  const after = (cc: ListCursor, dir: ">" | "<") =>
    sql`(${events.startsAt}, ${events.id}) ${sql.raw(dir)} (${new Date(cc.t).toISOString()}::timestamptz, ${cc.i})`;

  let rows: { row: EventRow; s: "u" | "p" }[] = [];
  if (!c || c.s === "u") {
    const upcoming = await app.db
      .select()
      .from(events)
      .where(and(sql`${end} >= ${now}`, ofKind, c ? after(c, ">") : undefined))
      .orderBy(asc(events.startsAt), asc(events.id))
      .limit(limit + 1);
    rows = upcoming.map((row) => ({ row, s: "u" as const }));
  }
  if (rows.length <= limit) {
    const past = await app.db
      .select()
      .from(events)
      .where(and(sql`${end} < ${now}`, ofKind, c?.s === "p" ? after(c, "<") : undefined))
      .orderBy(desc(events.startsAt), desc(events.id))
      .limit(limit + 1 - rows.length);
    rows = rows.concat(past.map((row) => ({ row, s: "p" as const })));
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const now0 = app.now();
  return {
    items: page.map((r) => summary(r.row, now0)),
    nextCursor: rows.length > limit && last ? encodeCursor({ s: last.s, t: last.row.startsAt.getTime(), i: last.row.id, n: nowMs } satisfies ListCursor) : null,
  };
}

export async function getEvent(app: AppServices, viewer: Viewer | null, id: number): Promise<{ event: EventDto; registration: RegistrationDto | null }> {
  const row = await loadEvent(app, id);
  const [event, registration] = await Promise.all([eventDto(app, row, viewer), myRegistration(app, viewer, id)]);
  return { event, registration };
}

/** The viewer's live registration (not cancelled), or null. */
export async function myRegistration(app: AppServices, viewer: Viewer | null, eventId: number): Promise<RegistrationDto | null> {
  if (!viewer) return null;
  const [r] = await app.db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.userId, viewer.id), ne(eventRegistrations.status, "cancelled")));
  return r ? registrationDto(app.db, r) : null;
}

export async function getSeats(app: AppServices, id: number): Promise<SeatsDto> {
  const e = await loadEvent(app, id);
  return { eventId: String(e.id), registered: e.registered, capacity: e.capacity, waitlisted: e.waitlisted };
}

// ---------------------------------------------------------------- organising

function checkTimes(merged: Parameters<typeof crossCheck>[0], now: Date, changed: { startsAt: boolean; registrationClosesAt: boolean }) {
  const issues = crossCheck(merged);
  if (changed.startsAt && merged.startsAt.getTime() <= now.getTime()) issues.startsAt ??= { key: "validation.event_in_future" };
  if (changed.registrationClosesAt && merged.registrationClosesAt.getTime() <= now.getTime()) {
    issues.registrationClosesAt ??= { key: "validation.event_in_future" };
  }
  if (Object.keys(issues).length) throw badRequest("invalid_input", issues);
}

export async function createEvent(app: AppServices, viewer: Viewer | null, input: unknown): Promise<EventDto> {
  if (!viewer) throw unauthorized();
  if (!canCreateEvents(viewer)) throw forbidden("events_forbidden");
  const data = parse(safeParse(eventCreateSchema, input));
  const now = app.now();
  checkTimes(data, now, { startsAt: true, registrationClosesAt: true });
  const [row] = await app.db
    .insert(events)
    .values({
      kind: data.kind,
      title: data.title,
      description: data.description,
      descriptionHtml: renderMarkdown(data.description),
      startsAt: data.startsAt,
      endsAt: data.endsAt,
      place: data.place,
      onlineUrl: data.onlineUrl,
      capacity: data.capacity,
      registrationClosesAt: data.registrationClosesAt,
      terms: data.terms,
      organizerId: viewer.id,
      createdAt: now,
    })
    .returning();
  return eventDto(app, row, viewer);
}

/**
 * Edits an event before it starts. More seats move waitlisted people up at once (in order);
 * fewer than are taken: 409. After a draw the seats and the deadline stay as they were drawn.
 */
export async function updateEvent(app: AppServices, viewer: Viewer | null, id: number, input: unknown): Promise<EventDto> {
  if (!viewer) throw unauthorized();
  const data = parse(safeParse(eventUpdateSchema, input));
  const { row, seats, notes } = await app.db.transaction(async (tx) => {
    const ev = await lockEvent(tx, id);
    if (!canManageEvent(viewer, ev)) throw forbidden();
    const now = app.now();
    if (now.getTime() >= ev.startsAt.getTime()) throw conflict("event_started");
    const merged = {
      startsAt: data.startsAt ?? ev.startsAt,
      endsAt: data.endsAt ?? ev.endsAt,
      registrationClosesAt: data.registrationClosesAt ?? ev.registrationClosesAt,
      place: data.place !== undefined ? data.place : ev.place,
      onlineUrl: data.onlineUrl !== undefined ? data.onlineUrl : ev.onlineUrl,
    };
    const changedStart = data.startsAt !== undefined && data.startsAt.getTime() !== ev.startsAt.getTime();
    const changedDeadline = data.registrationClosesAt !== undefined && data.registrationClosesAt.getTime() !== ev.registrationClosesAt.getTime();
    checkTimes(merged, now, { startsAt: changedStart, registrationClosesAt: changedDeadline });
    const capacity = data.capacity ?? ev.capacity;
    if (ev.drawnAt && (capacity !== ev.capacity || changedDeadline)) throw conflict("already_drawn");
    if (capacity < ev.registered) throw conflict("capacity_below_registered");

    // More seats: the waitlist moves up, first come first served.
    let promoted: RegistrationRow[] = [];
    if (ev.kind === "meetup" && capacity > ev.registered && ev.waitlisted > 0) {
      const ids = await tx
        .select({ id: eventRegistrations.id })
        .from(eventRegistrations)
        .where(and(eq(eventRegistrations.eventId, id), eq(eventRegistrations.status, "waitlisted")))
        .orderBy(asc(eventRegistrations.id))
        .limit(capacity - ev.registered);
      if (ids.length) {
        promoted = await tx
          .update(eventRegistrations)
          .set({ status: "registered" })
          .where(inArray(eventRegistrations.id, ids.map((r) => r.id)))
          .returning();
      }
    }
    const description = data.description ?? ev.description;
    const [row] = await tx
      .update(events)
      .set({
        title: data.title ?? ev.title,
        description,
        descriptionHtml: data.description !== undefined ? renderMarkdown(description) : ev.descriptionHtml,
        startsAt: merged.startsAt,
        endsAt: merged.endsAt,
        place: merged.place,
        onlineUrl: merged.onlineUrl,
        capacity,
        registrationClosesAt: merged.registrationClosesAt,
        terms: data.terms ?? ev.terms,
        registered: sql`${events.registered} + ${promoted.length}`,
        waitlisted: sql`${events.waitlisted} - ${promoted.length}`,
        // A new start time deserves a new reminder.
        ...(changedStart ? { remindedAt: null } : {}),
      })
      .where(eq(events.id, id))
      .returning();
    const notes = promoted.length
      ? await notify(tx, { userIds: promoted.map((p) => p.userId) }, "event_promoted", { title: row.title, startsAt: shanghaiText(row.startsAt) }, `/events/${id}`)
      : [];
    const [v] = await tx.select(seatColumns).from(events).where(eq(events.id, id));
    return { row, seats: capacity !== ev.capacity || promoted.length ? seatsDto(v) : null, notes };
  });
  if (seats) publishSeats(app, seats);
  publishNotifications(app, notes);
  return eventDto(app, row, viewer);
}

// ---------------------------------------------------------------- registration

/**
 * Registers the viewer (meetups: a seat while there is one, else the waitlist) or records an
 * application (observe the sessions). Twice: 409 already_registered; after the deadline: 409.
 */
export async function register(app: AppServices, viewer: Viewer | null, eventId: number): Promise<{ registration: RegistrationDto; seats: SeatsDto }> {
  if (!viewer) throw unauthorized();
  for (let attempt = 0; ; attempt++) {
    try {
      const { reg, seats } = await app.db.transaction(async (tx) => {
        const ev = await lockEvent(tx, eventId);
        const now = app.now();
        if (now.getTime() >= ev.registrationClosesAt.getTime()) throw conflict("registration_closed");
        const status: RegistrationStatus = ev.kind === "observe_sessions" ? "applied" : ev.registered < ev.capacity ? "registered" : "waitlisted";
        const [reg] = await tx
          .insert(eventRegistrations)
          .values({ eventId, userId: viewer.id, status, checkInCode: newCheckInCode(), createdAt: now })
          .returning();
        const [v] = await tx
          .update(events)
          .set(status === "registered" ? { registered: sql`${events.registered} + 1` } : { waitlisted: sql`${events.waitlisted} + 1` })
          .where(eq(events.id, eventId))
          .returning(seatColumns);
        return { reg, seats: seatsDto(v) };
      });
      publishSeats(app, seats);
      return { registration: await registrationDto(app.db, reg), seats };
    } catch (e) {
      if (isUniqueViolation(e, "event_registrations_one_idx")) throw conflict("already_registered");
      if (attempt < 4 && isUniqueViolation(e, "event_registrations_code_idx")) continue;
      throw e;
    }
  }
}

/**
 * Withdraws the viewer's registration or application until the event starts. A freed seat goes
 * to exactly one person in the same transaction: the first on a meetup's waitlist (lowest id),
 * or the first of an observe-the-sessions draw's reserve list (draw order). They are notified.
 */
export async function cancelRegistration(
  app: AppServices,
  viewer: Viewer | null,
  eventId: number,
): Promise<{ registration: RegistrationDto; promoted: string | null; seats: SeatsDto }> {
  if (!viewer) throw unauthorized();
  const { reg, promoted, seats, notes } = await app.db.transaction(async (tx) => {
    const ev = await lockEvent(tx, eventId);
    const now = app.now();
    if (now.getTime() >= ev.startsAt.getTime()) throw conflict("event_started");
    const [mine] = await tx
      .select()
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.userId, viewer.id), ne(eventRegistrations.status, "cancelled")));
    if (!mine) throw notFound("not_registered");
    const [reg] = await tx
      .update(eventRegistrations)
      .set({ status: "cancelled", cancelledAt: now })
      .where(eq(eventRegistrations.id, mine.id))
      .returning();
    const heldSeat = isAdmitted(mine.status);
    let dr = heldSeat ? -1 : 0;
    let dw = heldSeat ? 0 : -1;

    let next: { id: number; userId: number } | null = null;
    if (heldSeat && ev.kind === "meetup") {
      const [first] = await tx
        .select()
        .from(eventRegistrations)
        .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, "waitlisted")))
        .orderBy(asc(eventRegistrations.id))
        .limit(1);
      next = first ?? null;
    } else if (heldSeat && ev.drawSeed && ev.drawnAt) {
      const applicants = await drawApplicants(tx, ev);
      const result = runDraw(ev.drawSeed, applicants.map((a) => a.id), ev.capacity);
      const waiting = new Map(applicants.filter((a) => a.status === "not_selected").map((a) => [String(a.id), a]));
      const firstId = result.order.find((rid) => waiting.has(rid));
      next = firstId ? waiting.get(firstId)! : null;
    }
    let notes: NotificationRows = [];
    if (next) {
      await tx
        .update(eventRegistrations)
        .set({ status: ev.kind === "meetup" ? "registered" : "selected" })
        .where(eq(eventRegistrations.id, next.id));
      dr += 1;
      dw -= 1;
      notes = await notify(tx, { userIds: [next.userId] }, ev.kind === "meetup" ? "event_promoted" : "event_selected", { title: ev.title, startsAt: shanghaiText(ev.startsAt) }, `/events/${eventId}`);
    }
    const [v] = await tx
      .update(events)
      .set({ registered: sql`${events.registered} + ${dr}`, waitlisted: sql`${events.waitlisted} + ${dw}` })
      .where(eq(events.id, eventId))
      .returning(seatColumns);
    return { reg, promoted: next ? String(next.id) : null, seats: seatsDto(v), notes };
  });
  publishSeats(app, seats);
  publishNotifications(app, notes);
  return { registration: await registrationDto(app.db, reg), promoted, seats };
}

// ---------------------------------------------------------------- check-in

async function loadManaged(app: AppServices, viewer: Viewer | null, eventId: number) {
  if (!viewer) throw unauthorized();
  const ev = await loadEvent(app, eventId);
  if (!canManageEvent(viewer, ev)) throw forbidden();
  return ev;
}

function registrantDto(r: RegistrationRow, u: { id: number; username: string; displayName: string }): RegistrantDto {
  return {
    id: String(r.id),
    user: { id: String(u.id), username: u.username, displayName: u.displayName },
    status: r.status,
    checkedInAt: r.checkedInAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export interface RegistrantList {
  items: RegistrantDto[];
  counts: { admitted: number; checkedIn: number; waiting: number; cancelled: number };
}

/** Everyone who registered or applied, in arrival order, for the organisers' check-in page. */
export async function listRegistrants(app: AppServices, viewer: Viewer | null, eventId: number): Promise<RegistrantList> {
  await loadManaged(app, viewer, eventId);
  const rows = await app.db
    .select({ r: eventRegistrations, u: { id: users.id, username: users.username, displayName: users.displayName } })
    .from(eventRegistrations)
    .innerJoin(users, eq(users.id, eventRegistrations.userId))
    .where(eq(eventRegistrations.eventId, eventId))
    .orderBy(asc(eventRegistrations.id));
  const items = rows.map(({ r, u }) => registrantDto(r, u));
  return {
    items,
    counts: {
      admitted: items.filter((i) => isAdmitted(i.status)).length,
      checkedIn: items.filter((i) => i.checkedInAt && isAdmitted(i.status)).length,
      waiting: items.filter((i) => i.status === "waitlisted" || i.status === "applied" || i.status === "not_selected").length,
      cancelled: items.filter((i) => i.status === "cancelled").length,
    },
  };
}

/**
 * Marks someone as arrived, by the code they show or by their registration. Returns
 * `alreadyAt` (and changes nothing) when they had been checked in before.
 */
export async function checkIn(
  app: AppServices,
  viewer: Viewer | null,
  eventId: number,
  input: unknown,
): Promise<{ registrant: RegistrantDto; alreadyAt: string | null }> {
  const data = parse(safeParse(checkInSchema, input));
  await loadManaged(app, viewer, eventId);
  const [found] = await app.db
    .select({ r: eventRegistrations, u: { id: users.id, username: users.username, displayName: users.displayName } })
    .from(eventRegistrations)
    .innerJoin(users, eq(users.id, eventRegistrations.userId))
    .where(
      and(
        eq(eventRegistrations.eventId, eventId),
        "code" in data ? eq(eventRegistrations.checkInCode, data.code) : eq(eventRegistrations.id, data.registrationId),
      ),
    );
  if (!found || found.r.status === "cancelled") throw notFound("check_in_unknown");
  if (!isAdmitted(found.r.status)) throw conflict("not_admitted");
  const [updated] = await app.db
    .update(eventRegistrations)
    .set({ checkedInAt: app.now() })
    .where(and(eq(eventRegistrations.id, found.r.id), sql`${eventRegistrations.checkedInAt} is null`, inArray(eventRegistrations.status, ["registered", "selected"])))
    .returning();
  if (!updated) {
    const [again] = await app.db.select().from(eventRegistrations).where(eq(eventRegistrations.id, found.r.id));
    if (!again.checkedInAt) throw conflict("not_admitted");
    return { registrant: registrantDto(again, found.u), alreadyAt: again.checkedInAt.toISOString() };
  }
  return { registrant: registrantDto(updated, found.u), alreadyAt: null };
}

// ---------------------------------------------------------------- the draw

/** Who took part in the event's draw: applicants then, whatever they did since. */
async function drawApplicants(db: AppServices["db"] | Tx, ev: EventRow) {
  return db
    .select({ id: eventRegistrations.id, userId: eventRegistrations.userId, status: eventRegistrations.status })
    .from(eventRegistrations)
    .where(
      and(
        eq(eventRegistrations.eventId, ev.id),
        or(
          inArray(eventRegistrations.status, ["selected", "not_selected"]),
          and(eq(eventRegistrations.status, "cancelled"), sql`${eventRegistrations.cancelledAt} >= ${ev.drawnAt!.toISOString()}::timestamptz`),
        ),
      ),
    )
    .orderBy(asc(eventRegistrations.id));
}

/**
 * Runs the published draw once the applications have closed: the seed (given, or a fresh one),
 * the applicants by registration id, draw.ts's algorithm. Selected people get a seat and a
 * notification; so do those not selected. A second draw: 409 already_drawn.
 */
export async function drawEvent(app: AppServices, viewer: Viewer | null, eventId: number, input: unknown): Promise<DrawDto> {
  // Organisers only, before the seed is even read: a refusal never depends on the body.
  await loadManaged(app, viewer, eventId);
  const { seed: given } = parse(safeParse(drawSchema, input ?? {}));
  const seed = given ?? newSeed();
  const { seats, notes } = await app.db.transaction(async (tx) => {
    const ev = await lockEvent(tx, eventId);
    if (!canManageEvent(viewer, ev)) throw forbidden();
    if (ev.kind !== "observe_sessions") throw conflict("not_a_draw");
    if (ev.drawnAt) throw conflict("already_drawn");
    const now = app.now();
    if (now.getTime() < ev.registrationClosesAt.getTime()) throw conflict("applications_open");
    const applicants = await tx
      .select({ id: eventRegistrations.id, userId: eventRegistrations.userId })
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, "applied")))
      .orderBy(asc(eventRegistrations.id));
    const result = runDraw(seed, applicants.map((a) => a.id), ev.capacity);
    const selected = new Set(result.selected);
    const chosen = applicants.filter((a) => selected.has(String(a.id)));
    const others = applicants.filter((a) => !selected.has(String(a.id)));
    if (chosen.length) await tx.update(eventRegistrations).set({ status: "selected" }).where(inArray(eventRegistrations.id, chosen.map((a) => a.id)));
    if (others.length) await tx.update(eventRegistrations).set({ status: "not_selected" }).where(inArray(eventRegistrations.id, others.map((a) => a.id)));
    const [v] = await tx
      .update(events)
      .set({ drawSeed: result.seed, drawnAt: now, registered: chosen.length, waitlisted: others.length })
      .where(eq(events.id, eventId))
      .returning(seatColumns);
    const data = { title: ev.title, startsAt: shanghaiText(ev.startsAt) };
    const notes = [
      ...(await notify(tx, { userIds: chosen.map((a) => a.userId) }, "event_selected", data, `/events/${eventId}`)),
      ...(await notify(tx, { userIds: others.map((a) => a.userId) }, "event_not_selected", data, `/events/${eventId}`)),
    ];
    return { seats: seatsDto(v), notes };
  });
  publishSeats(app, seats);
  publishNotifications(app, notes);
  return (await getDraw(app, eventId))!;
}

/** The published draw (anyone may read and re-run it), or null before it ran. */
export async function getDraw(app: AppServices, eventId: number): Promise<DrawDto | null> {
  const ev = await loadEvent(app, eventId);
  if (!ev.drawSeed || !ev.drawnAt) return null;
  const applicants = await drawApplicants(app.db, ev);
  const names = new Map<number, string>();
  const ids = [...new Set(applicants.map((a) => a.userId))];
  if (ids.length) for (const u of await app.db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids))) names.set(u.id, u.displayName);
  const result = runDraw(ev.drawSeed, applicants.map((a) => a.id), ev.capacity);
  return {
    eventId: String(ev.id),
    algorithm: result.algorithm,
    seed: result.seed,
    drawnAt: ev.drawnAt.toISOString(),
    capacity: ev.capacity,
    applicants: applicants.map((a) => ({ registrationId: String(a.id), displayName: names.get(a.userId) ?? "", status: a.status })),
    selected: result.selected,
    notSelected: result.notSelected,
  };
}

// ---------------------------------------------------------------- minutes

/** Minutes (Markdown) and the threads and petitions the event produced; organisers, once it has begun. */
export async function saveMinutes(app: AppServices, viewer: Viewer | null, eventId: number, input: unknown): Promise<EventDto> {
  const data = parse(safeParse(minutesSchema, input));
  const ev = await loadManaged(app, viewer, eventId);
  if (app.now().getTime() < ev.startsAt.getTime()) throw conflict("event_not_started");

  const threadRefs = data.links.filter((l) => l.kind === "thread").map((l) => l.id);
  const petitionRefs = data.links.filter((l) => l.kind === "petition").map((l) => l.id);
  const bad = (field: string) => badRequest("invalid_input", { [field]: { key: "validation.event_link_unknown" } });
  const numeric = (s: string) => /^[1-9][0-9]{0,15}$/.test(s);
  if (threadRefs.some((r) => !numeric(r))) throw bad("threads");
  const threadIds = threadRefs.map(Number);
  if (threadIds.length) {
    const found = await app.db.select({ id: threads.id }).from(threads).where(and(inArray(threads.id, threadIds), eq(threads.hidden, false)));
    if (found.length !== new Set(threadIds).size) throw bad("threads");
  }
  const petitionIds: number[] = [];
  for (const ref of petitionRefs) {
    const [p] = numeric(ref)
      ? await app.db.select({ id: petitions.id }).from(petitions).where(eq(petitions.id, Number(ref)))
      : /^HY\d{14}$/.test(ref)
        ? await app.db.select({ id: petitions.id }).from(petitions).where(eq(petitions.trackingNo, ref))
        : [];
    if (!p) throw bad("petitions");
    if (!petitionIds.includes(p.id)) petitionIds.push(p.id);
  }
  const minutes = data.minutes.trim() ? data.minutes : null;
  const row = await app.db.transaction(async (tx) => {
    await tx.delete(eventLinks).where(eq(eventLinks.eventId, eventId));
    const links = [
      ...[...new Set(threadIds)].map((targetId) => ({ eventId, kind: "thread" as const, targetId })),
      ...petitionIds.map((targetId) => ({ eventId, kind: "petition" as const, targetId })),
    ];
    if (links.length) await tx.insert(eventLinks).values(links);
    const [row] = await tx
      .update(events)
      .set({ minutes, minutesHtml: minutes ? renderMarkdown(minutes) : null })
      .where(eq(events.id, eventId))
      .returning();
    return row;
  });
  return eventDto(app, row, viewer!);
}

/** For pages: whether the viewer organises this event (without throwing). */
export async function isOrganiser(app: AppServices, viewer: Viewer | null, eventId: number) {
  if (!viewer) return false;
  const ev = await loadEvent(app, eventId).catch(() => null);
  return Boolean(ev && canManageEvent(viewer, ev));
}
