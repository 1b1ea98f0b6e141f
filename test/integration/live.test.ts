// Officials online (公仆在线) end to end through the HTTP API and Socket.IO on a real database:
// scheduling and its roles, the derived state at its boundaries, who may answer and moderate,
// one vote per account under concurrency, pending questions kept from everyone but the staff
// (HTTP and socket), a question becoming a petition once, and the transcript published once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { liveSessions, mailboxes, petitions, threads } from "../../db/schema";
import { runLiveTranscripts } from "../../app/.server/live/jobs";
import { seedDemo } from "../../db/seed/demo";
import { seedLive } from "../../db/seed/live";
import { toLocalInput } from "../../app/domain/live/schemas";
import { emitAck, startTestServer, type TestServer, type TestUser } from "../support/server";
import type { Socket } from "socket.io-client";

let s: TestServer;
let host: TestUser; // official, member of the city transport bureau's mailbox
let otherOfficial: TestUser; // official of the education bureau
let admin: TestUser;
let moderator: TestUser;
let asker: TestUser;
let voter: TestUser;
let stranger: TestUser;
const mb: Record<string, string> = {};
const realNow = () => new Date();
const MIN = 60_000;

async function count(table: string, where = "true"): Promise<number> {
  const r: any = await s.app.db.execute(sql.raw(`select count(*)::int as n from ${table} where ${where}`));
  return Number((r.rows ?? r)[0].n);
}

async function member(u: TestUser, slug: string, position: "handler" | "leader" = "handler") {
  const r = await s.api(`/admin/users/${u.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId: mb[slug], position }] } });
  expect(r.status).toBe(200);
}

/** A session of `host` that is live now (unless times are given), moderated by default. */
async function session(over: Record<string, unknown> = {}, by: TestUser = host) {
  const now = Date.now();
  const r = await s.api("/live", {
    token: by.token,
    body: {
      title: "市区停车难问题在线交流",
      description: "欢迎提问",
      mailboxId: mb["city-transport"],
      startsAt: new Date(now - MIN).toISOString(),
      endsAt: new Date(now + 60 * MIN).toISOString(),
      ...over,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.session as { id: string; [k: string]: any };
}

async function ask(sessionId: string, u: TestUser = asker, body = "老城区能不能建立体停车场？") {
  const r = await s.api(`/live/${sessionId}/questions`, { token: u.token, body: { body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.question as { id: string; status: string; [k: string]: any };
}

const approve = (qid: string, by: TestUser = host) => s.api(`/live/questions/${qid}`, { method: "PATCH", token: by.token, body: { status: "approved" } });
const vote = (qid: string, u: TestUser) => s.api(`/live/questions/${qid}/votes`, { method: "POST", token: u.token, raw: "" });

/** Collects the events of a socket by name. */
function recorder(sock: Socket, events: string[]) {
  const got: { event: string; payload: any }[] = [];
  for (const e of events) sock.on(e, (payload: any) => got.push({ event: e, payload }));
  return got;
}
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  for (const m of await s.app.db.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes)) if (m.slug) mb[m.slug] = String(m.id);
  admin = await s.user("admin");
  [host, otherOfficial, moderator, asker, voter, stranger] = await Promise.all([
    s.user("official"),
    s.user("official"),
    s.user("moderator"),
    s.user(),
    s.user(),
    s.user(),
  ]);
  await member(host, "city-transport");
  await member(otherOfficial, "city-education", "leader");
});
afterEach(() => {
  if (s) s.app.now = realNow;
});
afterAll(() => s?.stop());

describe("scheduling", () => {
  it("officials schedule in their own mailboxes, administrators for any official; others may not", async () => {
    const mine = await session();
    expect(mine).toMatchObject({
      host: { id: host.id },
      mailboxId: mb["city-transport"],
      moderated: true,
      state: "live",
      endedAt: null,
      highlightedQuestionId: null,
      transcriptThreadId: null,
    });
    const base = { title: "t", mailboxId: mb["city-transport"], startsAt: new Date(Date.now() + MIN).toISOString(), endsAt: new Date(Date.now() + 2 * MIN).toISOString() };
    expect((await s.api("/live", { token: asker.token, body: base })).status).toBe(403);
    expect((await s.api("/live", { body: base })).status).toBe(401);
    // Not one of the official's mailboxes.
    const foreign = await s.api("/live", { token: host.token, body: { ...base, mailboxId: mb["city-education"] } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields.mailboxId).toEqual(expect.any(String));
    // Only administrators choose another host.
    expect((await s.api("/live", { token: host.token, body: { ...base, hostId: otherOfficial.id } })).body.error.code).toBe("forbidden_host");
    const forOther = await s.api("/live", { token: admin.token, body: { ...base, hostId: otherOfficial.id, mailboxId: mb["city-mayor"], moderated: false } });
    expect(forOther.status).toBe(201);
    expect(forOther.body.session).toMatchObject({ host: { id: otherOfficial.id }, mailboxId: mb["city-mayor"], moderated: false, state: "scheduled" });
    // A citizen cannot host.
    const bad = await s.api("/live", { token: admin.token, body: { ...base, hostId: asker.id } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.hostId).toEqual(expect.any(String));
  });

  it("refuses bad times with field errors", async () => {
    const at = (m: number) => new Date(Date.now() + m * MIN).toISOString();
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: at(10), endsAt: at(5) }, "endsAt"],
      [{ startsAt: at(10), endsAt: at(10 + 13 * 60) }, "endsAt"],
      [{ startsAt: at(-30), endsAt: at(-10) }, "endsAt"],
      [{ startsAt: "tomorrow", endsAt: at(10) }, "startsAt"],
      [{ title: "", startsAt: at(1), endsAt: at(2) }, "title"],
    ];
    for (const [over, field] of cases) {
      const r = await s.api("/live", { token: host.token, body: { title: "t", mailboxId: mb["city-transport"], ...over } });
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.body.error.fields[field], JSON.stringify(r.body)).toEqual(expect.any(String));
    }
    // A datetime-local value from the form is Shanghai time.
    const local = await s.api("/live", { token: host.token, body: { title: "t", mailboxId: mb["city-transport"], startsAt: "2099-01-01T09:00", endsAt: "2099-01-01T10:30" } });
    expect(local.status).toBe(201);
    expect(local.body.session.startsAt).toBe("2099-01-01T01:00:00.000Z");
  });

  it("derives the state from the times at the boundaries (injected clock)", async () => {
    const sess = await session({ startsAt: new Date(Date.now() + 10 * MIN).toISOString(), endsAt: new Date(Date.now() + 20 * MIN).toISOString() });
    const start = Date.parse(sess.startsAt);
    const end = Date.parse(sess.endsAt);
    const stateAt = async (t: number) => {
      s.app.now = () => new Date(t);
      return (await s.api(`/live/${sess.id}`)).body.session.state;
    };
    expect(await stateAt(start - 1)).toBe("scheduled");
    expect(await stateAt(start)).toBe("live");
    expect(await stateAt(end - 1)).toBe("live");
    expect(await stateAt(end)).toBe("ended");
  });

  it("lists upcoming and live sessions first (soonest first), then past ones (newest first), by keyset", async () => {
    const t0 = Date.now();
    const ids: number[] = [];
    const rows: [number, number][] = [
      [-300, -240], // past, older
      [-100, -50], // past, newer
      [500, 560], // upcoming, later
      [200, 260], // upcoming, sooner
      [-5, 5], // live
    ];
    for (const [a, b] of rows) {
      const [r] = await s.app.db
        .insert(liveSessions)
        .values({
          title: `列表 ${a}`,
          hostId: Number(host.id),
          mailboxId: Number(mb["city-transport"]),
          startsAt: new Date(t0 + a * 24 * 60 * MIN),
          endsAt: new Date(t0 + b * 24 * 60 * MIN),
          createdBy: Number(host.id),
        })
        .returning({ id: liveSessions.id });
      ids.push(r.id);
    }
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const r = await s.api(`/live?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.items);
      cursor = r.body.nextCursor;
    } while (cursor);
    const mine = seen.filter((x) => ids.includes(Number(x.id)));
    expect(mine.map((x) => x.title)).toEqual(["列表 -5", "列表 200", "列表 500", "列表 -100", "列表 -300"]);
    expect(new Set(seen.map((x) => x.id)).size).toBe(seen.length);
    // Every open session comes before every ended one.
    const firstEnded = seen.findIndex((x) => x.state === "ended");
    expect(seen.slice(firstEnded).every((x) => x.state === "ended")).toBe(true);
    expect((await s.api("/live?cursor=garbage")).status).toBe(400);
  });
});

describe("the edit page", () => {
  it("lets the host change a scheduled session through its page (no JavaScript needed), and no one else", async () => {
    const local = (h: number) => toLocalInput(new Date(Date.now() + h * 3_600_000));
    const sess = await session({ startsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(), endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString() });
    const page = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${s.url}${path}`, { redirect: "manual", ...init, headers: { Cookie: `session=${token}`, Origin: s.url, ...(init.headers as Record<string, string>) } });
    const post = (token: string, fields: Record<string, string>) =>
      page(`/live/${sess.id}/edit`, token, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
    const form = await page(`/live/${sess.id}/edit`, host.token);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(sess.title);
    const fields = { title: "改期：市区停车难问题在线交流", description: "时间调整到晚上", mailboxId: mb["city-transport"]!, startsAt: local(4), endsAt: local(5), moderated: "on" };
    // Bad times: the form again with the field's message, nothing changed.
    const bad = await post(host.token, { ...fields, endsAt: local(3) });
    expect(bad.status).toBe(400);
    expect((await s.api(`/live/${sess.id}`)).body.session.title).toBe(sess.title);
    expect((await post(otherOfficial.token, fields)).status).toBe(403);
    expect((await page(`/live/${sess.id}/edit`, otherOfficial.token)).status).toBe(403);
    const saved = await post(host.token, fields);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/live/${sess.id}`);
    const after = (await s.api(`/live/${sess.id}`)).body.session;
    expect(after.title).toBe(fields.title);
    expect(toLocalInput(after.startsAt)).toBe(fields.startsAt);
    // Once it has started the page says so instead of offering the form.
    const started = await session();
    const late = await page(`/live/${started.id}/edit`, host.token);
    expect(late.status).toBe(200);
    expect(await late.text()).not.toContain('name="startsAt"');
  });
});

describe("roles", () => {
  it("only the host or an administrator answers (403 for another official); citizens cannot moderate; nobody asks after the end", async () => {
    const sess = await session();
    const q = await ask(sess.id);
    expect(q.status).toBe("pending");
    // The asker sees their pending question but may not approve it; another citizen cannot see it.
    expect((await approve(q.id, asker)).status).toBe(403);
    expect((await approve(q.id, stranger)).status).toBe(404);
    expect((await approve(q.id, moderator)).status).toBe(200);
    // Approved: citizens may see it now, and still may not moderate it.
    const hide = await s.api(`/live/questions/${q.id}`, { method: "PATCH", token: voter.token, body: { status: "hidden" } });
    expect(hide.status).toBe(403);

    const answerAs = (u: TestUser) => s.api(`/live/questions/${q.id}/answer`, { token: u.token, body: { body: "已列入明年计划。" } });
    expect((await answerAs(otherOfficial)).status).toBe(403);
    expect((await answerAs(moderator)).status).toBe(403);
    expect((await answerAs(asker)).status).toBe(403);
    const answered = await answerAs(host);
    expect(answered.status).toBe(200);
    expect(answered.body.answer).toMatchObject({ id: q.id, questionId: q.id, body: "已列入明年计划。", author: { id: host.id } });
    expect((await answerAs(admin)).status).toBe(200); // an administrator may answer too (replaces it)

    // Only the host or an admin edits, highlights or ends the session.
    expect((await s.api(`/live/${sess.id}`, { method: "PATCH", token: otherOfficial.token, body: { end: true } })).status).toBe(403);
    expect((await s.api(`/live/${sess.id}`, { method: "PATCH", token: moderator.token, body: { highlightedQuestionId: q.id } })).status).toBe(403);
    const hl = await s.api(`/live/${sess.id}`, { method: "PATCH", token: host.token, body: { highlightedQuestionId: q.id } });
    expect(hl.body.session.highlightedQuestionId).toBe(q.id);
    // A live session's schedule is no longer edited.
    expect((await s.api(`/live/${sess.id}`, { method: "PATCH", token: host.token, body: { title: "新标题" } })).body.error.code).toBe("session_started");

    const end = await s.api(`/live/${sess.id}`, { method: "PATCH", token: host.token, body: { end: true } });
    expect(end.status).toBe(200);
    expect(end.body.session).toMatchObject({ state: "ended", highlightedQuestionId: null });
    expect(end.body.session.endedAt).toEqual(expect.any(String));

    const late = await s.api(`/live/${sess.id}/questions`, { token: asker.token, body: { body: "还能问吗？" } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("session_ended");
    expect((await vote(q.id, voter)).body.error.code).toBe("session_ended");
    expect((await s.api(`/live/${sess.id}`, { method: "PATCH", token: host.token, body: { end: true } })).body.error.code).toBe("session_ended");
  });

  it("asking before the start is allowed; answering waits for the start; after endsAt asking is 409", async () => {
    const sess = await session({ startsAt: new Date(Date.now() + 30 * MIN).toISOString(), endsAt: new Date(Date.now() + 90 * MIN).toISOString(), moderated: false });
    const q = await ask(sess.id);
    expect(q.status).toBe("approved");
    const early = await s.api(`/live/questions/${q.id}/answer`, { token: host.token, body: { body: "稍后回答" } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("session_not_live");
    s.app.now = () => new Date(Date.parse(sess.endsAt));
    const r = await s.api(`/live/${sess.id}/questions`, { token: voter.token, body: { body: "结束了吗？" } });
    expect(r.status).toBe(409);
  });
});

describe("votes", () => {
  it("one vote per account: 50 different users at once, then 10 concurrent votes by one user; the count equals the rows", async () => {
    const sess = await session({ moderated: false });
    const q = await ask(sess.id);
    const watcher = await s.socket();
    expect(await emitAck(watcher, "join", `live:${sess.id}`)).toEqual({ ok: true });
    const counts = recorder(watcher, ["live:votes"]);
    const voters: TestUser[] = [];
    for (let i = 0; i < 5; i++) voters.push(...(await Promise.all(Array.from({ length: 10 }, () => s.user()))));
    const results = await Promise.all(voters.map((u) => vote(q.id, u)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(results.every((r) => r.body.question.voted === true)).toBe(true);

    const same = await Promise.all(Array.from({ length: 10 }, () => vote(q.id, voter)));
    const statuses = same.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    expect(same.filter((r) => r.status === 409).every((r) => r.body.error.code === "already_voted")).toBe(true);

    const rows = await count("live_votes", `question_id = ${q.id}`);
    expect(rows).toBe(51);
    expect(await count("live_questions", `id = ${q.id} and votes = 51`)).toBe(1);
    // The room heard the counts in batches (fewer events than votes), ending at the true count.
    await settle(300);
    const seen = counts.flatMap((e) => e.payload.votes.filter((v: any) => v.id === q.id).map((v: any) => v.votes));
    expect(Math.max(...seen)).toBe(51);
    expect(counts.length).toBeLessThan(51);
    const view = await s.api(`/live/${sess.id}`, { token: voter.token });
    expect(view.body.questions.find((x: any) => x.id === q.id)).toMatchObject({ votes: 51, voted: true });
    // One's own question, and a question waiting for approval, take no votes.
    expect((await vote(q.id, asker)).body.error.code).toBe("own_question");
    const modSess = await session();
    const pending = await ask(modSess.id);
    expect((await vote(pending.id, voter)).status).toBe(404);
    expect((await vote(pending.id, moderator)).body.error.code).toBe("question_not_approved");
    expect(await count("live_votes", `question_id = ${pending.id}`)).toBe(0);
  });
});

describe("pending questions", () => {
  it("are seen only by the staff and the asker, over HTTP and on the socket", async () => {
    const sess = await session();
    const anon = await s.socket();
    const citizenSock = await s.socket(voter.token);
    const hostSock = await s.socket(host.token);
    const modSock = await s.socket(moderator.token);
    const askerSock = await s.socket(asker.token);
    for (const sock of [anon, citizenSock, hostSock, modSock, askerSock]) {
      expect(await emitAck(sock, "join", `live:${sess.id}`)).toEqual({ ok: true });
    }
    const events = ["live:question", "live:answer", "live:state"];
    const [gotAnon, gotCitizen, gotHost, gotMod, gotAsker] = [anon, citizenSock, hostSock, modSock, askerSock].map((x) => recorder(x, events));

    const body = `医院周边违停严重，能否增加临时停车位？${Math.random()}`;
    const q = await ask(sess.id, asker, body);
    await settle();
    expect(gotAnon).toEqual([]);
    expect(gotCitizen).toEqual([]);
    for (const got of [gotHost, gotMod, gotAsker]) {
      expect(got.map((e) => e.event)).toEqual(["live:question"]);
      expect(got[0].payload.question).toMatchObject({ id: q.id, status: "pending", body });
    }
    // HTTP: the same split.
    const visibleTo = async (u?: TestUser) => ((await s.api(`/live/${sess.id}`, { token: u?.token })).body.questions as any[]).map((x) => x.id);
    expect(await visibleTo()).not.toContain(q.id);
    expect(await visibleTo(voter)).not.toContain(q.id);
    expect(await visibleTo(asker)).toContain(q.id);
    expect(await visibleTo(host)).toContain(q.id);
    expect(await visibleTo(moderator)).toContain(q.id);
    expect((await s.api(`/live/${sess.id}/questions`)).body.items.map((x: any) => x.id)).not.toContain(q.id);

    // Approved: everyone in the room receives it.
    expect((await approve(q.id)).status).toBe(200);
    await settle();
    expect(gotAnon.map((e) => [e.event, e.payload.question.status, e.payload.question.body])).toEqual([["live:question", "approved", body]]);
    expect(await visibleTo()).toContain(q.id);

    // A vote reaches the room as a count in a batch (live:votes).
    const votesAnon = recorder(anon, ["live:votes"]);
    await vote(q.id, voter);
    await settle(200);
    expect(votesAnon.map((e) => e.payload)).toEqual([{ sessionId: sess.id, votes: [{ id: q.id, votes: 1 }] }]);

    // Hidden: the room learns the id and status only; the text goes to the staff and the asker.
    gotAnon.length = 0;
    gotHost.length = 0;
    await s.api(`/live/questions/${q.id}`, { method: "PATCH", token: moderator.token, body: { status: "hidden" } });
    await settle();
    expect(gotAnon.map((e) => e.payload.question)).toEqual([{ id: q.id, sessionId: sess.id, status: "hidden", votes: 1 }]);
    expect(JSON.stringify(gotAnon)).not.toContain(body);
    expect(gotHost.some((e) => e.payload.question.body === body && e.payload.question.status === "hidden")).toBe(true);
    expect(await visibleTo(voter)).not.toContain(q.id);
  });

  it("an answer and the highlight reach everyone live; the state too", async () => {
    const sess = await session({ moderated: false });
    const anon = await s.socket();
    expect(await emitAck(anon, "join", `live:${sess.id}`)).toEqual({ ok: true });
    const got = recorder(anon, ["live:question", "live:answer", "live:state"]);
    const q = await ask(sess.id);
    await s.api(`/live/${sess.id}`, { method: "PATCH", token: host.token, body: { highlightedQuestionId: q.id } });
    await s.api(`/live/questions/${q.id}/answer`, { token: host.token, body: { body: "**明年**建成。" } });
    await s.api(`/live/${sess.id}`, { method: "PATCH", token: host.token, body: { end: true } });
    await settle();
    expect(got.map((e) => e.event)).toEqual(["live:question", "live:state", "live:question", "live:answer", "live:state"]);
    expect(got[1].payload.state).toMatchObject({ state: "live", highlightedQuestionId: q.id });
    expect(got[3].payload.answer).toMatchObject({ questionId: q.id, bodyHtml: expect.stringContaining("<strong>明年</strong>") });
    expect(got[4].payload.state).toMatchObject({ state: "ended", highlightedQuestionId: null, transcriptThreadId: expect.any(String) });
    // The asker was told, once, in the notifications.
    const notes = await s.api("/notifications", { token: asker.token });
    const mine = notes.body.items.filter((n: any) => n.kind === "live_answered" && n.url === `/live/${sess.id}#q-${q.id}`);
    expect(mine).toHaveLength(1);
    expect(mine[0].data).toMatchObject({ title: sess.title });
  });
});

describe("a question becomes a petition", () => {
  it("once, by the asker or the host, to the session's mailbox (channel live); concurrent attempts: one 201, the rest 409", async () => {
    const sess = await session({ moderated: false });
    const long = `公交站台遮雨棚什么时候能建好？${"这个问题拖了很久。".repeat(20)}`;
    const q = await ask(sess.id, asker, long);
    const attempts = await Promise.all(Array.from({ length: 6 }, () => s.api(`/live/questions/${q.id}/petition`, { token: asker.token, body: {} })));
    const created = attempts.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 409).every((r) => r.body.error.code === "already_converted")).toBe(true);
    expect(attempts.filter((r) => r.status === 409)).toHaveLength(5);
    const { petition, queryCode } = created[0].body;
    expect(petition).toEqual({ id: expect.any(String), trackingNo: expect.stringMatching(/^HY\d{14}$/) });
    expect(queryCode).toMatch(/^[A-Z2-9]{8}$/);
    const [row] = await s.app.db.select().from(petitions).where(eq(petitions.id, Number(petition.id)));
    expect(row).toMatchObject({
      channel: "live",
      liveQuestionId: Number(q.id),
      petitionerId: Number(asker.id),
      mailboxId: Number(mb["city-transport"]),
      category: "other",
      status: "submitted",
    });
    expect([...row.title].length).toBeLessThanOrEqual(60);
    expect(row.title.endsWith("…")).toBe(true);
    expect(row.body).toContain(long);
    expect(row.body).toContain(`/live/${sess.id}`);
    // The asker can follow it like any letter.
    expect((await s.api(`/petitions/${petition.id}`, { token: asker.token })).status).toBe(200);
    // The question now carries its petition.
    const view = await s.api(`/live/${sess.id}`);
    expect(view.body.questions.find((x: any) => x.id === q.id).petition).toEqual(petition);

    // The host converts someone else's question: no query code for the host; the asker is the petitioner.
    const q2 = await ask(sess.id, voter, "小区门口的路灯坏了三个月");
    const byHost = await s.api(`/live/questions/${q2.id}/petition`, { token: host.token, body: { category: "utilities" } });
    expect(byHost.status, JSON.stringify(byHost.body)).toBe(201);
    expect(byHost.body.queryCode).toBeNull();
    const [row2] = await s.app.db.select().from(petitions).where(eq(petitions.id, Number(byHost.body.petition.id)));
    expect(row2).toMatchObject({ petitionerId: Number(voter.id), category: "utilities" });

    // Others may not; an answered question has nothing to file.
    const q3 = await ask(sess.id, voter, "第三个问题");
    expect((await s.api(`/live/questions/${q3.id}/petition`, { token: stranger.token, body: {} })).status).toBe(403);
    expect((await s.api(`/live/questions/${q3.id}/petition`, { token: otherOfficial.token, body: {} })).status).toBe(403);
    await s.api(`/live/questions/${q3.id}/answer`, { token: host.token, body: { body: "已修好" } });
    const answered = await s.api(`/live/questions/${q3.id}/petition`, { token: voter.token, body: {} });
    expect(answered.status).toBe(409);
    expect(answered.body.error.code).toBe("question_answered");
  });
});

describe("the transcript", () => {
  it("is published once to Public Information when the host ends the session", async () => {
    const sess = await session({ moderated: false, title: "道路施工在线答疑" });
    const q1 = await ask(sess.id, asker, "文明路什么时候恢复通行？");
    const q2 = await ask(sess.id, voter, "施工期间公交怎么绕行？");
    await ask(sess.id, stranger, "这个问题没人回答");
    await s.api(`/live/questions/${q2.id}/answer`, { token: host.token, body: { body: "经永和路绕行。" } });
    await s.api(`/live/questions/${q1.id}/answer`, { token: host.token, body: { body: "12月10日恢复。" } });
    const transcripts = () => count("threads", "section = 'info' and title like '%道路施工在线答疑%'");
    const [a, b] = await Promise.all([
      s.api(`/live/${sess.id}`, { method: "PATCH", token: host.token, body: { end: true } }),
      s.api(`/live/${sess.id}`, { method: "PATCH", token: host.token, body: { end: true } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    await runLiveTranscripts(s.app);
    expect(await transcripts()).toBe(1);
    const tid = (await s.api(`/live/${sess.id}`)).body.session.transcriptThreadId;
    const thread = (await s.api(`/threads/${tid}`)).body.thread;
    expect(thread).toMatchObject({ section: "info", author: { id: host.id }, official: true });
    expect(thread.title).toContain("道路施工在线答疑");
    // Answered questions in the order they were answered, with their answers; not the unanswered one.
    const i2 = thread.body.indexOf("施工期间公交怎么绕行");
    const i1 = thread.body.indexOf("文明路什么时候恢复通行");
    expect(i2).toBeGreaterThan(-1);
    expect(i1).toBeGreaterThan(i2);
    expect(thread.body).toContain("经永和路绕行。");
    expect(thread.body).not.toContain("这个问题没人回答");
  });

  it("is published once by the scheduler for a session that ended by time, even with two nodes at once", async () => {
    const sess = await session({ moderated: false, title: "按时结束的访谈" });
    const q = await ask(sess.id);
    await s.api(`/live/questions/${q.id}/answer`, { token: host.token, body: { body: "答复内容" } });
    const anon = await s.socket();
    await emitAck(anon, "join", `live:${sess.id}`);
    const got = recorder(anon, ["live:state"]);
    const transcripts = () => count("threads", "section = 'info' and title like '%按时结束的访谈%'");
    // Not yet over: nothing to do.
    await runLiveTranscripts(s.app);
    expect((await s.api(`/live/${sess.id}`)).body.session.transcriptThreadId).toBeNull();
    s.app.now = () => new Date(Date.parse(sess.endsAt) + 1000);
    const runs = await Promise.all([runLiveTranscripts(s.app), runLiveTranscripts(s.app), runLiveTranscripts(s.app)]);
    await runLiveTranscripts(s.app);
    expect(runs.flatMap((r) => r.published).filter((id) => id === Number(sess.id))).toHaveLength(1);
    expect(await transcripts()).toBe(1);
    const after = (await s.api(`/live/${sess.id}`)).body.session;
    expect(after).toMatchObject({ state: "ended", transcriptThreadId: expect.any(String) });
    const [row] = await s.app.db.select().from(threads).where(eq(threads.id, Number(after.transcriptThreadId)));
    expect(row.title).toContain("按时结束的访谈");
    await settle();
    expect(got.map((e) => e.payload.state.transcriptThreadId)).toEqual([after.transcriptThreadId]);
  });
});

describe("demo data", () => {
  it("seedLive (through seedDemo) adds one upcoming session and one past session with answered questions and its transcript, once", async () => {
    // seedDemo runs seedLive (db/seed/demo.ts); a second run does nothing.
    await seedDemo(s.app);
    expect(await seedLive(s.app)).toBeNull();
    const seeded = (await s.api("/live?limit=100")).body.items.filter((x: any) => ["official_chen", "official_huang"].includes(x.host.username));
    const upcoming = seeded.filter((x: any) => x.state === "scheduled");
    const past = seeded.filter((x: any) => x.state === "ended");
    expect(upcoming).toHaveLength(1);
    expect(past).toHaveLength(1);
    expect(past[0]).toMatchObject({ answeredCount: 3, questionCount: 4, transcriptThreadId: expect.any(String) });
    const view = (await s.api(`/live/${past[0].id}`)).body;
    expect(view.questions.filter((q: any) => q.answer)).toHaveLength(3);
    // Counts equal the vote rows in the seeded data too.
    expect(await count("live_questions q", "q.votes <> (select count(*) from live_votes v where v.question_id = q.id)")).toBe(0);
    // No question was asked in the future, or before its session was announced.
    expect(await count("live_questions q join live_sessions ls on ls.id = q.session_id", "q.created_at > now() or q.created_at < ls.created_at")).toBe(0);
    const thread = (await s.api(`/threads/${past[0].transcriptThreadId}`)).body.thread;
    expect(thread).toMatchObject({ section: "info", author: { username: "official_huang" } });
  });
});
