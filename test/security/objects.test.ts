// Object-level access: another signed-in user cannot read Alice's non-public case (API, page,
// Open311), her notifications, her meetup registration and check-in code, her pending live
// question, her session, or administrators' integrity data; and walking sequential ids tells a
// stranger nothing — an id that exists answers exactly like one that does not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { mailboxes } from "../../db/schema";
import { startTestServer, type TestServer, type TestUser } from "../support/server";
import { cookieOf } from "./support";

let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let official: TestUser;
let admin: TestUser;
let moderator: TestUser;
let bobCookie: string;
const SECRET = "王家私密信件 7Q3X";
const PHONE = "13800138000";
const QUESTION = "尚未审核的提问 ZK41";
const f: Record<string, string> = {};
const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const rows = (r: any) => (r.rows ?? r) as any[];

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  [alice, bob, official, admin, moderator] = await Promise.all([s.user(), s.user(), s.user("official"), s.user("admin"), s.user("moderator")]);
  bobCookie = await cookieOf(s, bob);
  const [mb] = await s.app.db.select({ id: mailboxes.id }).from(mailboxes).limit(1);
  f.mailbox = String(mb.id);
  await s.api(`/admin/users/${official.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId: f.mailbox, position: "leader" }] } });
  const p = await s.api("/petitions", {
    token: alice.token,
    body: { mailboxId: f.mailbox, title: SECRET, body: `${SECRET} 正文`, category: "transport", public: false, contactName: "王某", contactPhone: PHONE },
  });
  expect(p.status).toBe(201);
  f.petition = p.body.petition.id;
  f.trackingNo = p.body.petition.trackingNo;
  // Accepting it sends Alice a notification.
  expect((await s.api(`/petitions/${f.petition}/actions`, { token: official.token, body: { action: "accept" } })).status).toBe(200);
  const ev = await s.api("/events", {
    token: official.token,
    body: { kind: "meetup", title: "见面会", startsAt: at(72 * 60), endsAt: at(74 * 60), registrationClosesAt: at(48 * 60), place: "市民中心", capacity: 10 },
  });
  f.event = ev.body.event.id;
  const reg = await s.api(`/events/${f.event}/registrations`, { token: alice.token, method: "POST" });
  expect(reg.status).toBe(201);
  f.code = reg.body.registration.checkInCode;
  expect(f.code).toBeTruthy();
  const live = await s.api("/live", { token: official.token, body: { title: "在线交流", mailboxId: f.mailbox, startsAt: at(-1), endsAt: at(60), moderated: true } });
  f.live = live.body.session.id;
  const q = await s.api(`/live/${f.live}/questions`, { token: alice.token, body: { body: QUESTION } });
  expect(q.body.question.status).toBe("pending");
  f.question = q.body.question.id;
  const award = await s.api("/awards", {
    token: admin.token,
    body: { title: "评选", year: 2030, nominationOpensAt: at(-60), votingOpensAt: at(60), votingClosesAt: at(120), votesPerVoter: 3, resultsVisibility: "live" },
  });
  f.award = award.body.award.id;
});
afterAll(() => s?.stop());

const page = (path: string, cookie = bobCookie) => fetch(`${s.url}${path}`, { redirect: "manual", headers: { Cookie: cookie } });
const leaks = (x: unknown) => [SECRET, PHONE, QUESTION, f.code].filter((v) => JSON.stringify(x).includes(v));

describe("object-level access", () => {
  it("keeps Alice's non-public case from Bob: API, page, Open311 and the notification all say nothing", async () => {
    const r = await s.api(`/petitions/${f.petition}`, { token: bob.token });
    expect(r.status).toBe(404);
    expect(leaks(r.body)).toEqual([]);
    expect((await s.api(`/petitions/${f.petition}`, { token: alice.token })).body.petition.title).toBe(SECRET); // she can
    const html = await page(`/petitions/${f.petition}`);
    expect(html.status).toBe(404);
    expect(leaks(await html.text())).toEqual([]);
    expect(leaks((await s.api("/petitions/public")).body)).toEqual([]);
    expect(leaks((await s.api("/petitions/mine", { token: bob.token })).body)).toEqual([]);
    const o1 = await fetch(`${s.url}/open311/v2/requests/${f.trackingNo}.json`);
    expect(o1.status).toBe(404);
    expect(leaks(await o1.text())).toEqual([]);
    const o2 = await fetch(`${s.url}/open311/v2/requests.json?service_request_id=${f.trackingNo}`);
    expect(await o2.json()).toEqual([]);
    // Tracking it needs the query code: a wrong one is a 404 like an unknown number.
    expect((await s.api(`/petitions/track?trackingNo=${f.trackingNo}&queryCode=AAAAAAAA`)).status).toBe(404);
    // Not his to reissue, co-sign or act on either.
    expect((await s.api(`/petitions/${f.petition}/query-code`, { token: bob.token, method: "POST" })).status).toBe(404);
    expect((await s.api(`/petitions/${f.petition}/actions`, { token: bob.token, body: { action: "accept" } })).status).toBe(404);
  });

  it("keeps Alice's notifications hers: not listed, not markable, not followable by Bob", async () => {
    const mine = await s.api("/notifications", { token: alice.token });
    expect(mine.body.unread).toBeGreaterThan(0);
    const nid = mine.body.items[0].id;
    const his = await s.api("/notifications", { token: bob.token });
    expect(his.body.items.map((n: any) => n.id)).not.toContain(nid);
    expect(leaks(his.body)).toEqual([]);
    await s.api("/notifications/read", { token: bob.token, body: { ids: [nid] } });
    const follow = await page(`/notifications/${nid}`);
    expect(follow.status).toBe(302);
    expect((await s.api("/notifications", { token: alice.token })).body.unread).toBe(mine.body.unread);
  });

  it("keeps Alice's registration and check-in code from Bob and from the organisers' public view", async () => {
    for (const token of [bob.token, undefined, moderator.token]) {
      const e = await s.api(`/events/${f.event}`, { token });
      expect(e.status).toBe(200);
      expect(e.body.registration ?? null).toBeNull();
      expect(leaks(e.body)).toEqual([]);
    }
    const his = await s.api(`/events/${f.event}/registrations/me`, { token: bob.token });
    expect(his.status).toBe(404); // he has none; hers is not shown
    expect(leaks(his.body)).toEqual([]);
    // Bob cancelling "his" registration does not touch hers.
    expect((await s.api(`/events/${f.event}/registrations/me`, { token: bob.token, method: "DELETE" })).status).toBeGreaterThanOrEqual(400);
    expect((await s.api(`/events/${f.event}/registrations/me`, { token: alice.token })).body.registration.status).toBe("registered");
    expect(leaks(await (await page(`/events/${f.event}`)).text())).toEqual([]);
    // Nor can he check her in with the code he does not have, or at all.
    expect((await s.api(`/events/${f.event}/checkins`, { token: bob.token, body: { code: f.code } })).status).toBe(403);
  });

  it("keeps Alice's pending question from everyone but her and the staff", async () => {
    for (const token of [bob.token, undefined]) {
      expect(leaks((await s.api(`/live/${f.live}`, { token })).body)).toEqual([]);
      expect(leaks((await s.api(`/live/${f.live}/questions`, { token })).body)).toEqual([]);
    }
    expect(leaks(await (await page(`/live/${f.live}`)).text())).toEqual([]);
    expect((await s.api(`/live/questions/${f.question}/votes`, { token: bob.token, method: "POST", raw: "" })).status).toBe(404);
    expect((await s.api(`/live/questions/${f.question}/petition`, { token: bob.token, body: {} })).status).toBe(404);
    // Her own view and the host's have it.
    expect(JSON.stringify((await s.api(`/live/${f.live}/questions`, { token: alice.token })).body)).toContain(QUESTION);
    expect(JSON.stringify((await s.api(`/live/${f.live}/questions`, { token: official.token })).body)).toContain(QUESTION);
  });

  it("never hands out a session token or its hash after sign-in, and keeps integrity data to administrators", async () => {
    const me = await s.api("/me", { token: bob.token });
    const text = JSON.stringify(me.body);
    const [sess] = rows(await s.app.db.execute(sql`select id from sessions where user_id = ${Number(alice.id)} limit 1`));
    expect(text).not.toContain(bob.token);
    expect(text).not.toContain(sess.id);
    expect(text).not.toMatch(/token|password|hash/i);
    for (const u of [bob, moderator, official]) expect((await s.api(`/awards/${f.award}/integrity`, { token: u.token })).status).toBe(403);
    const integrityPage = await page(`/awards/${f.award}/integrity`);
    expect([302, 403, 404]).toContain(integrityPage.status);
  });

  it("tells an id-walker nothing: existing and missing ids answer alike", async () => {
    const [{ max }] = rows(await s.app.db.execute(sql`select max(id)::int as max from petitions`));
    const answers = new Map<number, string>();
    for (let id = 1; id <= Number(max) + 3; id++) {
      const r = await s.api(`/petitions/${id}`, { token: bob.token });
      answers.set(id, `${r.status} ${JSON.stringify(r.body)}`);
      const o = await fetch(`${s.url}/open311/v2/requests/${id}.json`);
      expect(o.status).toBe(404);
      await o.arrayBuffer();
    }
    expect(new Set(answers.values()).size).toBe(1);
    expect([...answers.values()][0]).toMatch(/^404 /);
    // Pending questions: the same for the pending one and one that never was.
    const pending = await s.api(`/live/questions/${f.question}/votes`, { token: bob.token, method: "POST", raw: "" });
    const missing = await s.api(`/live/questions/999999/votes`, { token: bob.token, method: "POST", raw: "" });
    expect([pending.status, pending.body]).toEqual([missing.status, missing.body]);
    const pPage = await page(`/petitions/${f.petition}`);
    const mPage = await page(`/petitions/999999`);
    expect(pPage.status).toBe(mPage.status);
  });
});
