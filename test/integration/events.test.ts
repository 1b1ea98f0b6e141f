// Meetups and observing the two sessions end to end through the HTTP API on a real database:
// roles, seats and the waitlist under concurrent registrations and cancellations (the row lock,
// the counters, the CHECK and the partial unique index), deadlines, check-in, the reproducible
// draw, reminders, iCalendar, minutes, and `event:registrations` on the socket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { eventRegistrations, events, users as usersTable } from "../../db/schema";
import { hashToken, newToken } from "../../app/.server/auth/tokens";
import { runDraw } from "../../app/domain/events/draw";
import { parseIcs, unescapeText } from "../../app/domain/events/ical";
import { runEventReminders } from "../../app/.server/events/reminders";
import { emitAck, nextEvent, startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let admin: TestUser;
let official: TestUser;
let official2: TestUser;
let moderator: TestUser;
let citizen: TestUser;
let crowd: TestUser[] = [];

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

const meetup = (over: Record<string, unknown> = {}) => ({
  kind: "meetup",
  title: "网友见面会：公交线路优化",
  description: "议程：\n1. 新线路通报\n2. 自由提问",
  startsAt: at(72),
  endsAt: at(74),
  registrationClosesAt: at(48),
  place: "市民服务中心三楼，新华大道; 第一会议室",
  capacity: 10,
  terms: "携带身份证",
  ...over,
});

async function newEvent(over: Record<string, unknown> = {}, by: TestUser = official) {
  const r = await s.api("/events", { token: by.token, body: meetup(over) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.event as { id: string; [k: string]: any };
}

const registerAs = (u: TestUser, id: string) => s.api(`/events/${id}/registrations`, { token: u.token, method: "POST" });
const cancelAs = (u: TestUser, id: string) => s.api(`/events/${id}/registrations/me`, { token: u.token, method: "DELETE" });

async function row(id: string) {
  const [e] = await s.app.db.select().from(events).where(eq(events.id, Number(id)));
  return e;
}

async function regs(id: string) {
  return s.app.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, Number(id))).orderBy(eventRegistrations.id);
}

/** The counters on the event row equal what the registration rows say. */
async function expectCountersMatchRows(id: string) {
  const e = await row(id);
  const rs = await regs(id);
  const admitted = rs.filter((r) => r.status === "registered" || r.status === "selected").length;
  const waiting = rs.filter((r) => r.status === "waitlisted" || r.status === "applied" || r.status === "not_selected").length;
  expect({ registered: e.registered, waitlisted: e.waitlisted }).toEqual({ registered: admitted, waitlisted: waiting });
  expect(e.registered).toBeLessThanOrEqual(e.capacity);
  return e;
}

async function closeRegistration(id: string) {
  await s.app.db.update(events).set({ registrationClosesAt: new Date(Date.now() - 60_000) }).where(eq(events.id, Number(id)));
}

async function startEvent(id: string) {
  await s.app.db
    .update(events)
    .set({ registrationClosesAt: new Date(Date.now() - 2 * HOUR), startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR) })
    .where(eq(events.id, Number(id)));
}

async function notificationsOf(u: TestUser, kind: string, url?: string): Promise<any[]> {
  const r = await s.api("/notifications?limit=100", { token: u.token });
  return r.body.items.filter((n: any) => n.kind === kind && (!url || n.url === url));
}

/**
 * Many citizens at once: rows and sessions written directly (no password hashing), so a crowd
 * of 45 costs milliseconds; each gets a working bearer token.
 */
async function users(n: number): Promise<TestUser[]> {
  const tag = `${process.pid}_${Date.now().toString(36)}`;
  const rows = await s.app.db
    .insert(usersTable)
    .values(Array.from({ length: n }, (_, i) => ({ username: `crowd_${tag}_${i}`.slice(0, 32), displayName: `网友${i + 1}`, passwordHash: "-" })))
    .returning({ id: usersTable.id, username: usersTable.username });
  return Promise.all(
    rows.map(async (r) => {
      const token = newToken();
      await s.app.lucia.createSession(r.id, {}, { sessionId: hashToken(token) });
      return { id: String(r.id), username: r.username, token, role: "citizen" as const };
    }),
  );
}

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  [admin, official, official2, moderator, citizen] = await Promise.all([s.user("admin"), s.user("official"), s.user("official"), s.user("moderator"), s.user()]);
  crowd = await users(45);
}, 120_000);
afterAll(() => s?.stop());

describe("creating and editing events", () => {
  it("officials, moderators and admins create events; citizens get 403, strangers 401", async () => {
    const e = await newEvent();
    expect(e).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      kind: "meetup",
      title: "网友见面会：公交线路优化",
      capacity: 10,
      registered: 0,
      waitlisted: 0,
      phase: "open",
      place: "市民服务中心三楼，新华大道; 第一会议室",
      canManage: true,
      organizer: { id: official.id },
    });
    expect(e.descriptionHtml).toContain("<li>新线路通报</li>");
    expect(new Date(e.registrationClosesAt).getTime()).toBeLessThan(new Date(e.startsAt).getTime());
    expect((await s.api("/events", { token: moderator.token, body: meetup() })).status).toBe(201);
    expect((await s.api("/events", { token: admin.token, body: meetup({ kind: "observe_sessions" }) })).status).toBe(201);
    const denied = await s.api("/events", { token: citizen.token, body: meetup() });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("events_forbidden");
    expect((await s.api("/events", { body: meetup() })).status).toBe(401);
  });

  it("refuses bad input with field errors", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ onlineUrl: "javascript:alert(1)" }, "onlineUrl"],
      [{ capacity: 0 }, "capacity"],
      [{ capacity: "many" }, "capacity"],
      [{ registrationClosesAt: at(80) }, "registrationClosesAt"],
      [{ endsAt: at(70) }, "endsAt"],
      [{ startsAt: at(-5), endsAt: at(-4), registrationClosesAt: at(-6) }, "startsAt"],
      [{ place: "", onlineUrl: "" }, "place"],
      [{ title: "" }, "title"],
      [{ kind: "party" }, "kind"],
    ];
    for (const [over, field] of cases) {
      const r = await s.api("/events", { token: official.token, body: meetup(over) });
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.body.error.fields[field], JSON.stringify(r.body)).toEqual(expect.any(String));
    }
  });

  it("organisers edit before the start; others may not; fewer seats than taken is 409", async () => {
    const e = await newEvent({ capacity: 2 });
    const [a, b, c] = crowd.slice(40, 43);
    for (const u of [a, b, c]) expect((await registerAs(u, e.id)).status).toBe(201);
    expect((await s.api(`/events/${e.id}`, { method: "PATCH", token: official2.token, body: { title: "改" } })).status).toBe(403);
    expect((await s.api(`/events/${e.id}`, { method: "PATCH", token: citizen.token, body: { title: "改" } })).status).toBe(403);
    const low = await s.api(`/events/${e.id}`, { method: "PATCH", token: official.token, body: { capacity: 1 } });
    expect(low.status).toBe(409);
    expect(low.body.error.code).toBe("capacity_below_registered");
    // One more seat: the first on the waitlist moves up at once, and hears about it.
    const socket = await s.socket();
    expect(await emitAck(socket, "join", `event:${e.id}`)).toEqual({ ok: true });
    const live = nextEvent(socket, "event:registrations");
    const up = await s.api(`/events/${e.id}`, { method: "PATCH", token: moderator.token, body: { capacity: 3, title: "网友见面会（扩容）" } });
    expect(up.status).toBe(200);
    expect(up.body.event).toMatchObject({ capacity: 3, registered: 3, waitlisted: 0, title: "网友见面会（扩容）" });
    expect(await live).toMatchObject({ eventId: e.id, registered: 3, capacity: 3, waitlisted: 0 });
    expect(await notificationsOf(c, "event_promoted", `/events/${e.id}`)).toHaveLength(1);
    await expectCountersMatchRows(e.id);
    // Once it has started: 409.
    await startEvent(e.id);
    expect((await s.api(`/events/${e.id}`, { method: "PATCH", token: official.token, body: { title: "晚了" } })).status).toBe(409);
  });
});

describe("registration", () => {
  it("40 people racing for 10 seats: exactly 10 registered, 30 waitlisted, first come first served", async () => {
    const e = await newEvent({ capacity: 10 });
    const racers = crowd.slice(0, 40);
    const results = await Promise.all(racers.map((u) => registerAs(u, e.id)));
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    const statuses = results.map((r) => r.body.registration.status);
    expect(statuses.filter((x) => x === "registered")).toHaveLength(10);
    expect(statuses.filter((x) => x === "waitlisted")).toHaveLength(30);
    const ev = await expectCountersMatchRows(e.id);
    expect(ev).toMatchObject({ registered: 10, waitlisted: 30 });
    // Seats went to the ten who got the lock first: the ten lowest registration ids.
    const rows = await regs(e.id);
    expect(rows.slice(0, 10).every((r) => r.status === "registered")).toBe(true);
    expect(rows.slice(10).every((r) => r.status === "waitlisted")).toBe(true);
    // Codes: short, unambiguous, unique within the event; waitlist places 1…30.
    const codes = results.map((r) => r.body.registration.checkInCode);
    expect(codes.every((c: string) => /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(40);
    const positions = results.filter((r) => r.body.registration.status === "waitlisted").map((r) => r.body.registration.waitlistPosition);
    expect(positions.every((p: number) => p >= 1 && p <= 30)).toBe(true);
    // The event's page data shows the seats and the viewer's own registration.
    const view = await s.api(`/events/${e.id}`, { token: racers[0].token });
    expect(view.body.event).toMatchObject({ registered: 10, waitlisted: 30, capacity: 10 });
    expect(view.body.registration).toMatchObject({ eventId: e.id, status: expect.stringMatching(/registered|waitlisted/) });
    expect((await s.api(`/events/${e.id}`)).body.registration).toBeNull();
  });

  it("registering twice is 409, also when the same person races with themself", async () => {
    const e = await newEvent();
    expect((await registerAs(citizen, e.id)).status).toBe(201);
    const again = await registerAs(citizen, e.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("already_registered");
    const u = crowd[44];
    const burst = await Promise.all(Array.from({ length: 6 }, () => registerAs(u, e.id)));
    expect(burst.filter((r) => r.status === 201)).toHaveLength(1);
    expect(burst.filter((r) => r.status === 409)).toHaveLength(5);
    await expectCountersMatchRows(e.id);
    // After cancelling, one may register again (the unique index ignores cancelled rows).
    expect((await cancelAs(citizen, e.id)).status).toBe(200);
    expect((await registerAs(citizen, e.id)).status).toBe(201);
    expect((await registerAs(citizen, "999999")).status).toBe(404);
    expect((await s.api(`/events/${e.id}/registrations`, { method: "POST" })).status).toBe(401);
  });

  it("after the deadline: 409 registration_closed", async () => {
    const e = await newEvent();
    await closeRegistration(e.id);
    const r = await registerAs(citizen, e.id);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("registration_closed");
    expect((await s.api(`/events/${e.id}`)).body.event.phase).toBe("closed");
  });

  it("5 registered cancel at once with 10 waiting: exactly 5 distinct people move up, in order", async () => {
    const e = await newEvent({ capacity: 5 });
    const people = crowd.slice(0, 15);
    for (const u of people) expect((await registerAs(u, e.id)).status).toBe(201);
    const before = await regs(e.id);
    const waiting = before.filter((r) => r.status === "waitlisted").map((r) => r.id);
    expect(waiting).toHaveLength(10);
    const sockets = await s.socket();
    await emitAck(sockets, "join", `event:${e.id}`);
    const seen: any[] = [];
    sockets.on("event:registrations", (p) => seen.push(p));

    const results = await Promise.all(people.slice(0, 5).map((u) => cancelAs(u, e.id)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const promoted = results.map((r) => r.body.promoted);
    expect(new Set(promoted).size).toBe(5);
    expect([...promoted].map(Number).sort((a, b) => a - b)).toEqual(waiting.slice(0, 5));
    const after = await regs(e.id);
    expect(after.filter((r) => r.status === "registered").map((r) => r.id)).toEqual(waiting.slice(0, 5));
    expect(after.filter((r) => r.status === "waitlisted").map((r) => r.id)).toEqual(waiting.slice(5));
    expect(await expectCountersMatchRows(e.id)).toMatchObject({ registered: 5, waitlisted: 5 });
    // Each promoted person got exactly one notification.
    for (const r of after.filter((x) => waiting.slice(0, 5).includes(x.id))) {
      const u = people.find((p) => Number(p.id) === r.userId)!;
      expect(await notificationsOf(u, "event_promoted", `/events/${e.id}`)).toHaveLength(1);
    }
    // Every change was announced; the newest version carries the final counts.
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.length).toBeGreaterThanOrEqual(5);
    const newest = seen.reduce((a, b) => (b.version > a.version ? b : a));
    expect(newest).toMatchObject({ registered: 5, waitlisted: 5, capacity: 5 });
    // Someone on the waitlist leaving promotes nobody.
    const waiter = people.find((p) => Number(p.id) === after.find((x) => x.status === "waitlisted")!.userId)!;
    const leave = await cancelAs(waiter, e.id);
    expect(leave.body).toMatchObject({ promoted: null, registration: { status: "cancelled", checkInCode: null } });
    expect(await expectCountersMatchRows(e.id)).toMatchObject({ registered: 5, waitlisted: 4 });
    // Not registered: 404; after the start: 409.
    expect((await cancelAs(waiter, e.id)).status).toBe(404);
    await startEvent(e.id);
    const late = await cancelAs(people[6], e.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("event_started");
  });

  it("the database refuses more registered than seats, whatever the code does", async () => {
    const e = await newEvent({ capacity: 1 });
    await expect(s.app.db.update(events).set({ registered: 2 }).where(eq(events.id, Number(e.id)))).rejects.toThrow();
    await registerAs(citizen, e.id);
    const [r] = await s.app.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, Number(e.id)));
    await expect(
      s.app.db.insert(eventRegistrations).values({ eventId: Number(e.id), userId: r.userId, status: "waitlisted", checkInCode: "ZZZZZZ" }),
    ).rejects.toThrow();
  });
});

describe("real time", () => {
  it("an anonymous socket in event:<id> hears every change of the seats", async () => {
    const e = await newEvent({ capacity: 1 });
    const socket = await s.socket();
    expect(await emitAck(socket, "join", `event:${e.id}`)).toEqual({ ok: true });
    let live = nextEvent(socket, "event:registrations");
    await registerAs(crowd[10], e.id);
    expect(await live).toMatchObject({ eventId: e.id, registered: 1, capacity: 1, waitlisted: 0, version: expect.any(Number) });
    live = nextEvent(socket, "event:registrations");
    await registerAs(crowd[11], e.id);
    const second = await live;
    expect(second).toMatchObject({ registered: 1, waitlisted: 1 });
    live = nextEvent(socket, "event:registrations");
    await cancelAs(crowd[10], e.id);
    const third = await live;
    expect(third).toMatchObject({ registered: 1, waitlisted: 0 });
    expect(third.version).toBeGreaterThan(second.version);
    expect(await emitAck(socket, "join", "event:99999999")).toMatchObject({ ok: false });
  });
});

describe("check-in", () => {
  it("organisers check people in by code once; twice says so; waitlisted and unknown codes refused", async () => {
    const e = await newEvent({ capacity: 1 });
    const seat = (await registerAs(crowd[20], e.id)).body.registration;
    const wait = (await registerAs(crowd[21], e.id)).body.registration;
    expect(wait.status).toBe("waitlisted");
    const code = seat.checkInCode as string;
    const typed = `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`;
    expect((await s.api(`/events/${e.id}/checkins`, { token: citizen.token, body: { code } })).status).toBe(403);
    expect((await s.api(`/events/${e.id}/checkins`, { token: official2.token, body: { code } })).status).toBe(403);
    const ok = await s.api(`/events/${e.id}/checkins`, { token: official.token, body: { code: typed } });
    expect(ok.status).toBe(200);
    expect(ok.body.registrant).toMatchObject({ id: seat.id, status: "registered", checkedInAt: expect.any(String), user: { id: crowd[20].id } });
    const twice = await s.api(`/events/${e.id}/checkins`, { token: moderator.token, body: { code } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("already_checked_in");
    const waiting = await s.api(`/events/${e.id}/checkins`, { token: official.token, body: { code: wait.checkInCode } });
    expect(waiting.status).toBe(409);
    expect(waiting.body.error.code).toBe("not_admitted");
    const unknown = await s.api(`/events/${e.id}/checkins`, { token: official.token, body: { code: code === "AAAAAA" ? "BBBBBB" : "AAAAAA" } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("check_in_unknown");
    expect((await s.api(`/events/${e.id}/checkins`, { token: official.token, body: { code: "O0I1L" } })).status).toBe(400);
    // The registrant sees it; the list shows it with counts.
    expect((await s.api(`/events/${e.id}/registrations/me`, { token: crowd[20].token })).body.registration.checkedInAt).toEqual(expect.any(String));
    const list = await s.api(`/events/${e.id}/registrations`, { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.counts).toEqual({ admitted: 1, checkedIn: 1, waiting: 1, cancelled: 0 });
    expect(list.body.items.map((i: any) => i.status)).toEqual(["registered", "waitlisted"]);
    expect(JSON.stringify(list.body)).not.toContain(code);
    expect((await s.api(`/events/${e.id}/registrations`, { token: citizen.token })).status).toBe(403);
  });
});

describe("observe the two sessions: the published draw", () => {
  it("applications, a reproducible draw run once, notifications, the reserve list", async () => {
    const e = await newEvent({ kind: "observe_sessions", capacity: 5, title: "旁听市人大会议" }, admin);
    const applicants = crowd.slice(20, 32);
    const applied = await Promise.all(applicants.map((u) => registerAs(u, e.id)));
    expect(applied.every((r) => r.status === 201 && r.body.registration.status === "applied")).toBe(true);
    expect(await expectCountersMatchRows(e.id)).toMatchObject({ registered: 0, waitlisted: 12 });

    const seed = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const early = await s.api(`/events/${e.id}/draw`, { token: admin.token, body: { seed } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("applications_open");
    await closeRegistration(e.id);
    expect((await s.api(`/events/${e.id}/draw`, { token: citizen.token, body: { seed } })).status).toBe(403);
    expect((await s.api(`/events/${e.id}/draw`, { token: admin.token, body: { seed: "not-hex" } })).status).toBe(400);
    expect((await s.api(`/events/${e.id}/draw`)).body.draw).toBeNull();

    // Two organisers press the button at once: one draw.
    const [d1, d2] = await Promise.all([
      s.api(`/events/${e.id}/draw`, { token: admin.token, body: { seed } }),
      s.api(`/events/${e.id}/draw`, { token: moderator.token, body: { seed: "00".repeat(16) } }),
    ]);
    const statuses = [d1.status, d2.status].sort();
    expect(statuses).toEqual([201, 409]);
    const draw = (d1.status === 201 ? d1 : d2).body.draw;
    const loser = d1.status === 201 ? d2 : d1;
    expect(loser.body.error.code).toBe("already_drawn");

    // The result is the pure function's on the published seed and applicant list.
    const ids = (await regs(e.id)).map((r) => String(r.id));
    const expected = runDraw(draw.seed, ids, 5);
    expect(draw).toMatchObject({ algorithm: "sha256-fisher-yates-v1", capacity: 5, selected: expected.selected, notSelected: expected.notSelected });
    expect(draw.applicants.map((a: any) => a.registrationId)).toEqual(ids);
    expect(draw.selected).toHaveLength(5);
    const rows = await regs(e.id);
    for (const r of rows) expect(r.status).toBe(expected.selected.includes(String(r.id)) ? "selected" : "not_selected");
    expect(await expectCountersMatchRows(e.id)).toMatchObject({ registered: 5, waitlisted: 7 });
    // Anyone can read it again, and it is the same.
    const pub = await s.api(`/events/${e.id}/draw`);
    expect(pub.body.draw).toMatchObject({ seed: draw.seed, selected: draw.selected, notSelected: draw.notSelected });
    expect((await s.api(`/events/${e.id}`)).body.event.draw).toMatchObject({ seed: draw.seed, algorithm: "sha256-fisher-yates-v1" });
    // Again: 409.
    expect((await s.api(`/events/${e.id}/draw`, { token: admin.token, body: {} })).status).toBe(409);

    // Everyone heard the result.
    const userOf = (regId: string) => applicants.find((u) => Number(u.id) === rows.find((r) => String(r.id) === regId)!.userId)!;
    expect(await notificationsOf(userOf(draw.selected[0]), "event_selected", `/events/${e.id}`)).toHaveLength(1);
    expect(await notificationsOf(userOf(draw.notSelected[0]), "event_not_selected", `/events/${e.id}`)).toHaveLength(1);

    // A selected person withdraws: the first of the reserve list (draw order) moves up.
    const quitter = userOf(draw.selected[2]);
    const quit = await cancelAs(quitter, e.id);
    expect(quit.status).toBe(200);
    expect(quit.body.promoted).toBe(draw.notSelected[0]);
    expect(await notificationsOf(userOf(draw.notSelected[0]), "event_selected", `/events/${e.id}`)).toHaveLength(1);
    expect(await expectCountersMatchRows(e.id)).toMatchObject({ registered: 5, waitlisted: 6 });
    // The published draw is unchanged; the applicants' statuses show what happened since.
    const later = (await s.api(`/events/${e.id}/draw`)).body.draw;
    expect(later.selected).toEqual(draw.selected);
    expect(later.applicants.find((a: any) => a.registrationId === draw.selected[2]).status).toBe("cancelled");
    expect(later.applicants.find((a: any) => a.registrationId === draw.notSelected[0]).status).toBe("selected");
    // After the draw the seats stay as drawn.
    expect((await s.api(`/events/${e.id}`, { method: "PATCH", token: admin.token, body: { capacity: 9 } })).status).toBe(409);
    // A meetup has no draw.
    const m = await newEvent();
    await closeRegistration(m.id);
    expect((await s.api(`/events/${m.id}/draw`, { token: official.token, body: {} })).body.error.code).toBe("not_a_draw");
  });

  it("fewer applicants than seats: everyone is selected; a generated seed is published", async () => {
    const e = await newEvent({ kind: "observe_sessions", capacity: 5 }, admin);
    for (const u of crowd.slice(0, 3)) await registerAs(u, e.id);
    await closeRegistration(e.id);
    const r = await s.api(`/events/${e.id}/draw`, { token: admin.token, method: "POST" });
    expect(r.status).toBe(201);
    expect(r.body.draw.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(r.body.draw.selected).toHaveLength(3);
    expect(r.body.draw.notSelected).toHaveLength(0);
  });
});

describe("reminders", () => {
  it("about 24 h before the start, seat holders are notified once, even with concurrent rounds", async () => {
    const soon = await newEvent({ startsAt: at(20), endsAt: at(22), registrationClosesAt: at(10), capacity: 1 });
    const later = await newEvent({ startsAt: at(60), endsAt: at(62), registrationClosesAt: at(50) });
    const [a, b] = [crowd[30], crowd[31]];
    await registerAs(a, soon.id);
    await registerAs(b, soon.id); // waitlisted: no reminder
    await registerAs(a, later.id);
    const socket = await s.socket(a.token);
    const live = nextEvent(socket, "notification");
    const rounds = await Promise.all([runEventReminders(s.app), runEventReminders(s.app), runEventReminders(s.app)]);
    expect(rounds.reduce((n, r) => n + r.sent, 0)).toBeGreaterThanOrEqual(1);
    expect((await live).notification).toMatchObject({ kind: "event_reminder", url: `/events/${soon.id}` });
    expect(await notificationsOf(a, "event_reminder", `/events/${soon.id}`)).toHaveLength(1);
    expect(await notificationsOf(b, "event_reminder", `/events/${soon.id}`)).toHaveLength(0);
    expect(await notificationsOf(a, "event_reminder", `/events/${later.id}`)).toHaveLength(0);
    expect((await runEventReminders(s.app)).sent).toBe(0);
    expect((await row(soon.id)).remindedAt).not.toBeNull();
    const n = (await notificationsOf(a, "event_reminder", `/events/${soon.id}`))[0];
    expect(n.data.title).toBe(soon.title);
    expect(n.data.startsAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });
});

describe("iCalendar", () => {
  it("serves a valid .ics from the API and the page address", async () => {
    const e = await newEvent({ title: "见面会, 第二期; 交通\\出行", place: "会议室，三楼" });
    for (const path of [`/api/v1/events/${e.id}.ics`, `/events/${e.id}.ics`]) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/calendar");
      const text = await res.text();
      expect(text.endsWith("\r\n")).toBe(true);
      expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
      for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      const props = parseIcs(text);
      const get = (n: string) => props.find((p) => p.name === n)?.value;
      expect(get("UID")).toBe(`event-${e.id}@127.0.0.1`);
      expect(get("DTSTART")).toBe(new Date(e.startsAt).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, ""));
      expect(get("DTEND")).toMatch(/^\d{8}T\d{6}Z$/);
      expect(get("DTSTAMP")).toMatch(/^\d{8}T\d{6}Z$/);
      expect(unescapeText(get("SUMMARY")!)).toBe("见面会, 第二期; 交通\\出行");
      expect(unescapeText(get("LOCATION")!)).toBe("会议室，三楼");
      expect(get("URL")).toBe(`${s.url}/events/${e.id}`);
      expect(unescapeText(get("DESCRIPTION")!)).toContain("新线路通报");
    }
    expect((await fetch(`${s.url}/api/v1/events/999999.ics`)).status).toBe(404);
  });
});

describe("minutes and links", () => {
  it("organisers publish minutes and the threads and petitions the event produced, once it has begun", async () => {
    const e = await newEvent();
    const body = { minutes: "## 纪要\n\n- 8 路加密班次：交通局两周内答复", links: [] as { kind: string; id: string }[] };
    const early = await s.api(`/events/${e.id}/minutes`, { method: "PUT", token: official.token, body });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("event_not_started");
    await startEvent(e.id);
    const thread = (await s.api("/threads", { token: citizen.token, body: { section: "forum", title: "见面会后续：8 路公交", body: "跟进讨论" } })).body.thread;
    const mailboxes = (await s.api("/mailboxes")).body.items;
    const petition = (
      await s.api("/petitions", { token: citizen.token, body: { mailboxId: mailboxes[0].id, title: "候车亭建设", body: "见面会上提到的候车亭", category: "transport" } })
    ).body.petition;
    expect((await s.api(`/events/${e.id}/minutes`, { method: "PUT", token: citizen.token, body })).status).toBe(403);
    const bad = await s.api(`/events/${e.id}/minutes`, { method: "PUT", token: official.token, body: { ...body, links: [{ kind: "thread", id: "99999999" }] } });
    expect(bad.status).toBe(400);
    const ok = await s.api(`/events/${e.id}/minutes`, {
      method: "PUT",
      token: moderator.token,
      body: { ...body, links: [{ kind: "thread", id: thread.id }, { kind: "petition", id: petition.trackingNo }] },
    });
    expect(ok.status).toBe(200);
    const got = (await s.api(`/events/${e.id}`)).body.event;
    expect(got.minutesHtml).toContain("<h2>纪要</h2>");
    expect(got.links).toEqual([
      { kind: "thread", id: thread.id, title: "见面会后续：8 路公交", trackingNo: null, url: `/t/${thread.id}` },
      { kind: "petition", id: petition.id, title: null, trackingNo: petition.trackingNo, url: `/petitions/${petition.id}` },
    ]);
  });
});

describe("the list", () => {
  it("upcoming first (soonest first), then past (latest first), through the keyset cursor", async () => {
    const r1 = await s.api("/events?limit=100");
    const all: any[] = r1.body.items;
    expect(all.length).toBeGreaterThan(5);
    const firstPast = all.findIndex((e) => e.phase === "ended");
    const upcoming = firstPast < 0 ? all : all.slice(0, firstPast);
    const past = firstPast < 0 ? [] : all.slice(firstPast);
    expect(past.every((e) => e.phase === "ended")).toBe(true);
    const starts = (l: any[]) => l.map((e) => new Date(e.startsAt).getTime());
    expect(starts(upcoming)).toEqual([...starts(upcoming)].sort((a, b) => a - b));
    expect(starts(past)).toEqual([...starts(past)].sort((a, b) => b - a));
    // Page by page, the same order, nothing twice, nothing missing.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/events?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const r = await s.api(q);
      expect(r.status).toBe(200);
      paged.push(...r.body.items.map((e: any) => e.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.map((e) => e.id));
    expect((await s.api("/events?cursor=garbage")).status).toBe(400);
    const only = (await s.api("/events?kind=observe_sessions&limit=100")).body.items;
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((e: any) => e.kind === "observe_sessions")).toBe(true);
    expect((await s.api("/events/abc")).status).toBe(404);
  });
});
