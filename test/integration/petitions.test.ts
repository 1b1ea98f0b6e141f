// The Public Servant Mailbox end to end through the HTTP API on a real database: intake,
// tracking, the workflow with its roles, concurrency, privacy, the append-only timeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { mailboxes, petitionAssignments, petitions } from "../../db/schema";
import { startTestServer, type TestServer, type TestUser } from "../support/server";
import { nextEvent, emitAck } from "../support/server";
import { atomProblems, childrenNamed, parseXml } from "../support/xml";

let s: TestServer;
let citizen: TestUser;
let stranger: TestUser;
let admin: TestUser;
let mayor: TestUser; // leader of the mayor's mailbox (addressed)
let transport: TestUser; // handler, city transport bureau (lead)
let housing: TestUser; // handler, city housing bureau (co-handler)
let education: TestUser; // handler of an uninvolved mailbox
const mb: Record<string, string> = {};

async function count(table: string, where = "true"): Promise<number> {
  const r: any = await s.app.db.execute(sql.raw(`select count(*)::int as n from ${table} where ${where}`));
  return Number((r.rows ?? r)[0].n);
}

async function member(u: TestUser, slug: string, position: "handler" | "leader") {
  const r = await s.api(`/admin/users/${u.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId: mb[slug], position }] } });
  expect(r.status).toBe(200);
}

const letter = (over: Record<string, unknown> = {}) => ({
  mailboxId: mb["city-mayor"],
  title: "市人民医院门口公交站没有候车亭",
  body: "下雨天老人等车很不方便，建议增设候车亭。我的电话 13812345678。",
  category: "transport",
  public: true,
  contactName: "张伟",
  contactPhone: "13812345678",
  ...over,
});

async function submit(u: TestUser = citizen, over: Record<string, unknown> = {}) {
  const r = await s.api("/petitions", { token: u.token, body: letter(over) });
  expect(r.status).toBe(201);
  return r.body as { petition: any; queryCode: string };
}

const act = (u: TestUser, id: string, body: Record<string, unknown>) => s.api(`/petitions/${id}/actions`, { token: u.token, body });

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  for (const m of await s.app.db.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes)) if (m.slug) mb[m.slug] = String(m.id);
  [citizen, stranger, admin, mayor, transport, housing, education] = await Promise.all([
    s.user(),
    s.user(),
    s.user("admin"),
    s.user("official"),
    s.user("official"),
    s.user("official"),
    s.user("official"),
  ]);
  await member(mayor, "city-mayor", "leader");
  await member(transport, "city-transport", "handler");
  await member(housing, "city-housing", "handler");
  await member(education, "city-education", "handler");
});
afterAll(() => s?.stop());

describe("intake", () => {
  it("accepts a letter with the api.md shape, a tracking number and a query code shown once", async () => {
    const { petition, queryCode } = await submit();
    expect(queryCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(petition).toMatchObject({
      trackingNo: expect.stringMatching(/^HY\d{14}$/),
      title: "市人民医院门口公交站没有候车亭",
      category: "transport",
      channel: "mailbox",
      status: "submitted",
      light: "green",
      mailbox: { id: mb["city-mayor"], tier: "city", kind: "leader" },
      assignments: [],
      public: true,
      threadId: null,
      contact: { name: "张伟", phone: "13812345678", address: null },
    });
    expect(petition.timeline).toHaveLength(1);
    expect(petition.timeline[0]).toMatchObject({ seq: 1, action: "submit", actorRole: "petitioner" });
    // Due within 15 days.
    expect(new Date(petition.dueAt).getTime() - new Date(petition.createdAt).getTime()).toBe(15 * 86_400_000);
    // The code is never stored or returned again.
    const again = await s.api(`/petitions/${petition.id}`, { token: citizen.token });
    expect(JSON.stringify(again.body)).not.toContain(queryCode);
  });

  it("refuses bad input with field errors and stores nothing", async () => {
    const before = await count("petitions");
    const cases: [Record<string, unknown>, string][] = [
      [{ mailboxId: "999999" }, "mailboxId"],
      [{ mailboxId: "abc" }, "mailboxId"],
      [{ title: "" }, "title"],
      [{ title: "x".repeat(201) }, "title"],
      [{ body: "   " }, "body"],
      [{ body: "x".repeat(20_001) }, "body"],
      [{ category: "gossip" }, "category"],
      [{ contactPhone: "call me maybe" }, "contactPhone"],
    ];
    for (const [over, field] of cases) {
      const r = await s.api("/petitions", { token: citizen.token, body: letter(over) });
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.body.error.fields[field]).toEqual(expect.any(String));
    }
    expect((await s.api("/petitions", { body: letter() })).status).toBe(401);
    expect(await count("petitions")).toBe(before);
  });
});

describe("the API channels (六连)", () => {
  it("records mobile and hotline cases; only officials file for hotline callers, with their contact", async () => {
    const mobile = await s.api("/petitions", { token: citizen.token, body: letter({ channel: "mobile" }) });
    expect(mobile.status).toBe(201);
    expect(mobile.body.petition.channel).toBe("mobile");
    expect((await s.api("/petitions", { token: citizen.token, body: letter({ channel: "hotline" }) })).status).toBe(403);
    const noContact = await s.api("/petitions", { token: transport.token, body: letter({ channel: "hotline", contactName: null, contactPhone: "" }) });
    expect(noContact.status).toBe(400);
    expect(Object.keys(noContact.body.error.fields).sort()).toEqual(["contactName", "contactPhone"]);
    const hotline = await s.api("/petitions", { token: transport.token, body: letter({ channel: "hotline", contactName: "来电市民李先生", contactPhone: "0762-3388123" }) });
    expect(hotline.status).toBe(201);
    expect(hotline.body.petition).toMatchObject({ channel: "hotline", petitioner: null, contact: { phone: "0762-3388123" } });
    expect(hotline.body.queryCode).toMatch(/^[A-Z2-9]{8}$/);
    // Afterwards the case belongs to its mailboxes: the operator's desk is not one of them.
    expect((await s.api(`/petitions/${hotline.body.petition.id}`, { token: transport.token })).status).toBe(404);
    expect((await s.api(`/petitions/${hotline.body.petition.id}`, { token: mayor.token })).status).toBe(200);
    expect((await s.api("/petitions", { token: citizen.token, body: letter({ channel: "pigeon" }) })).status).toBe(400);
  });
});

describe("idempotent intake", () => {
  it("a retried letter with the same Idempotency-Key files one case, also when the retries race", async () => {
    const key = `retry-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const before = await count("petitions");
    const first = await s.api("/petitions", { token: citizen.token, body: letter(), headers: { "Idempotency-Key": key } });
    expect(first.status).toBe(201);
    const again = await s.api("/petitions", { token: citizen.token, body: letter(), headers: { "Idempotency-Key": key } });
    expect(again.status).toBe(200);
    expect(again.body.petition.id).toBe(first.body.petition.id);
    expect(again.body.queryCode).toBeNull();
    // Another person's key space is their own.
    const other = await s.api("/petitions", { token: stranger.token, body: letter(), headers: { "Idempotency-Key": key } });
    expect(other.status).toBe(201);
    // Racing retries: one case.
    const raceKey = `${key}-race`;
    const race = await Promise.all(
      Array.from({ length: 6 }, () => s.api("/petitions", { token: citizen.token, body: letter(), headers: { "Idempotency-Key": raceKey } })),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(race.map((r) => r.body.petition.id)).size).toBe(1);
    expect(await count("petitions")).toBe(before + 3);
    expect((await s.api("/petitions", { token: citizen.token, body: letter(), headers: { "Idempotency-Key": "short" } })).status).toBe(400);
  });
});

describe("tracking without an account", () => {
  it("shows status, light and a redacted timeline for the right pair, and one 404 for anything else", async () => {
    const { petition, queryCode } = await submit();
    const ok = await s.api(`/petitions/track?trackingNo=${petition.trackingNo}&queryCode=${queryCode.toLowerCase()}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ trackingNo: petition.trackingNo, status: "submitted", light: "green" });
    expect(ok.body.timeline).toEqual([expect.objectContaining({ action: "submit", by: "petitioner" })]);
    // No personal data: the phone in the body is masked, no contact, no names.
    const text = JSON.stringify(ok.body);
    expect(text).not.toContain("13812345678");
    expect(text).not.toContain("张伟");
    expect(text).not.toContain(citizen.username);

    const wrongCode = await s.api(`/petitions/track?trackingNo=${petition.trackingNo}&queryCode=AAAAAAAA`);
    const unknownNo = await s.api(`/petitions/track?trackingNo=HY20990101000000&queryCode=${queryCode}`);
    const missing = await s.api(`/petitions/track?trackingNo=${petition.trackingNo}`);
    for (const r of [wrongCode, unknownNo, missing]) {
      expect(r.status).toBe(404);
      expect(r.body).toEqual(wrongCode.body);
    }
  });
});

describe("the workflow through the API", () => {
  it("accept → propose → instruct → assign to two → co-handler and lead reply → rate closes", async () => {
    const { petition } = await submit();
    const id = petition.id;
    // Not the addressed mailbox's member: 403; a stranger cannot even see it: 404.
    expect((await act(education, id, { action: "accept" })).status).toBe(404);
    expect((await act(stranger, id, { action: "accept" })).status).toBe(404);
    expect((await act(citizen, id, { action: "accept" })).status).toBe(403);
    // Assign before acceptance: the state is wrong (409).
    expect((await act(admin, id, { action: "assign", mailboxIds: [mb["city-transport"]] })).body.error.code).toBe("invalid_transition");

    let r = await act(mayor, id, { action: "accept" });
    expect(r.status).toBe(200);
    expect(r.body.petition.status).toBe("accepted");
    r = await act(admin, id, { action: "propose", opinion: "建议交市交通运输局主办，市住建局协办。" });
    expect(r.body.petition.proposedOpinion).toContain("交通运输局");
    expect((await act(transport, id, { action: "instruct", instruction: "x" })).status).toBe(404); // not involved yet
    r = await act(mayor, id, { action: "instruct", instruction: "请两部门一周内拿出方案。" });
    expect(r.status).toBe(200);
    expect((await act(admin, id, { action: "assign", mailboxIds: ["999999"] })).status).toBe(400);
    r = await act(admin, id, { action: "assign", mailboxIds: [mb["city-transport"], mb["city-housing"]], leadMailboxId: mb["city-transport"] });
    expect(r.status).toBe(200);
    expect(r.body.petition.status).toBe("assigned");
    expect(r.body.petition.assignments).toHaveLength(2);
    expect(r.body.petition.assignments.find((a: any) => a.lead).mailbox.id).toBe(mb["city-transport"]);

    // Now the departments can see it; the co-handler replies first: still assigned.
    r = await act(housing, id, { action: "reply", body: "住建局将配合设计候车亭。" });
    expect(r.status).toBe(200);
    expect(r.body.petition.status).toBe("assigned");
    expect((await act(housing, id, { action: "reply", body: "again" })).body.error.code).toBe("already_replied");
    r = await act(transport, id, { action: "reply", body: "已安排在12月底前建成候车亭。" });
    expect(r.body.petition.status).toBe("replied");
    // The citizen rates: satisfied closes the case.
    expect((await act(transport, id, { action: "rate", satisfaction: "satisfied" })).status).toBe(403);
    r = await act(citizen, id, { action: "rate", satisfaction: "satisfied", comment: "谢谢" });
    expect(r.body.petition.status).toBe("closed");
    expect(r.body.petition.light).toBe("none");
    expect(r.body.petition.timeline.map((e: any) => e.action)).toEqual(["submit", "accept", "propose", "instruct", "assign", "reply", "reply", "rate"]);
    expect(r.body.petition.timeline.map((e: any) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await act(admin, id, { action: "close" })).status).toBe(409);
  });

  it("unsatisfied → review within 30 days → answer closes; one extension only; supervision needs feedback", async () => {
    const { petition } = await submit();
    const id = petition.id;
    await act(admin, id, { action: "accept" });
    await act(admin, id, { action: "assign", mailboxIds: [mb["city-transport"]] });
    let r = await act(transport, id, { action: "extend", days: 10, reason: "x" });
    expect(r.status).toBe(403); // a handler, not a leader of the lead mailbox
    r = await act(admin, id, { action: "extend", days: 31, reason: "需要现场勘查" });
    expect(r.status).toBe(400);
    r = await act(admin, id, { action: "extend", days: 20, reason: "需要现场勘查" });
    const due = new Date(r.body.petition.assignments[0].dueAt).getTime();
    expect(r.body.petition.extendedDays).toBe(20);
    expect((await act(admin, id, { action: "extend", days: 5, reason: "again" })).body.error.code).toBe("already_extended");
    r = await act(admin, id, { action: "supervise", note: "请加快办理" });
    expect(r.body.petition.supervision.mailbox.id).toBe(mb["city-transport"]);
    expect((await act(citizen, id, { action: "feedback", note: "x" })).status).toBe(403);
    r = await act(transport, id, { action: "feedback", note: "已派员现场查看" });
    expect(r.body.petition.supervision).toBeNull();
    expect((await act(transport, id, { action: "feedback", note: "again" })).status).toBe(409);
    expect(new Date(r.body.petition.assignments[0].dueAt).getTime()).toBe(due);
    await act(transport, id, { action: "reply", body: "答复" });
    r = await act(citizen, id, { action: "rate", satisfaction: "unsatisfied" });
    expect(r.body.petition.status).toBe("replied");
    r = await act(citizen, id, { action: "review", reason: "问题没有解决" });
    expect(r.body.petition.status).toBe("reviewing");
    expect(r.body.petition.light).toBe("green");
    r = await act(admin, id, { action: "reply", body: "复查意见：维持原答复。" });
    expect(r.body.petition.status).toBe("closed");
  });

  it("two officials acting at once: one succeeds, the others get 409, the timeline never forks", async () => {
    const { petition } = await submit();
    const results = await Promise.all([
      act(admin, petition.id, { action: "accept" }),
      act(mayor, petition.id, { action: "accept" }),
      act(admin, petition.id, { action: "reject", reason: "不属于受理范围" }),
      act(mayor, petition.id, { action: "reject", reason: "重复来信" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(await count("petition_events", `petition_id = ${petition.id}`)).toBe(2);
    const seqs: any = await s.app.db.execute(sql.raw(`select seq from petition_events where petition_id = ${petition.id} order by seq`));
    expect((seqs.rows ?? seqs).map((r: any) => r.seq)).toEqual([1, 2]);
  });

  it("validates actions: unknown action, blank reason, bad ids", async () => {
    const { petition } = await submit();
    expect((await act(admin, petition.id, { action: "teleport" })).status).toBe(400);
    expect((await act(admin, petition.id, { action: "reject", reason: " " })).status).toBe(400);
    expect((await s.api(`/petitions/abc/actions`, { token: admin.token, body: { action: "accept" } })).status).toBe(404);
    expect((await s.api(`/petitions/99999999/actions`, { token: admin.token, body: { action: "accept" } })).status).toBe(404);
  });
});

describe("有案可查: the timeline is append-only in the database itself", () => {
  const refusal = (statement: string) =>
    s.app.db.execute(sql.raw(statement)).then(
      () => "allowed",
      (e: any) => String(e?.cause?.message ?? e?.message),
    );

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    const { petition } = await submit();
    expect(await refusal(`update petition_events set note = 'rewritten' where petition_id = ${petition.id}`)).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refusal(`delete from petition_events where petition_id = ${petition.id}`)).toMatch(/append-only \(DELETE refused\)/);
    expect(await refusal(`truncate petition_events cascade`)).toMatch(/append-only \(TRUNCATE refused\)/);
    expect(await count("petition_events", `petition_id = ${petition.id}`)).toBe(1);
  });
});

describe("privacy", () => {
  it("no other citizen or uninvolved official can read a case or join its room; entitled people can", async () => {
    const { petition } = await submit();
    for (const u of [stranger, education]) expect((await s.api(`/petitions/${petition.id}`, { token: u.token })).status).toBe(404);
    expect((await s.api(`/petitions/${petition.id}`)).status).toBe(404);
    for (const u of [citizen, mayor, admin]) expect((await s.api(`/petitions/${petition.id}`, { token: u.token })).status).toBe(200);

    const strangerSocket = await s.socket(stranger.token);
    expect(await emitAck(strangerSocket, "join", `petition:${petition.id}`)).toMatchObject({ ok: false, error: { code: "room_not_found" } });
    expect(await emitAck(strangerSocket, "join", `mailbox:${mb["city-mayor"]}`)).toMatchObject({ ok: false });
    expect(await emitAck(strangerSocket, "join", "supervision")).toMatchObject({ ok: false });
    const mine = await s.socket(citizen.token);
    expect(await emitAck(mine, "join", `petition:${petition.id}`)).toEqual({ ok: true });
    const desk = await s.socket(mayor.token);
    expect(await emitAck(desk, "join", `mailbox:${mb["city-mayor"]}`)).toEqual({ ok: true });
    // One action → one petition:updated to the case room and the mailbox room.
    const [a, b] = [nextEvent(mine, "petition:updated"), nextEvent(desk, "petition:updated")];
    await act(mayor, petition.id, { action: "accept" });
    expect(await a).toMatchObject({ petitionId: petition.id, status: "accepted", light: "green", event: { seq: 2, action: "accept" } });
    expect(await b).toMatchObject({ petitionId: petition.id, status: "accepted" });
  });

  it("publishes consented cases with personal data masked, and never unconsented ones", async () => {
    const open = await submit(citizen, { title: "龙川县佗城镇排水问题", body: "联系人：张伟，电话 13812345678，身份证 44162219900101002X。", public: true });
    const hidden = await submit(citizen, { title: "不公开的来信", public: false });
    for (const p of [open, hidden]) await act(admin, p.petition.id, { action: "accept" });
    const r = await s.api("/petitions/public?limit=100");
    expect(r.status).toBe(200);
    const item = r.body.items.find((i: any) => i.id === open.petition.id);
    expect(item).toBeDefined();
    expect(item.body).not.toContain("13812345678");
    expect(item.body).not.toContain("张伟");
    expect(item.body).not.toContain("44162219900101002X");
    expect(r.body.items.some((i: any) => i.id === hidden.petition.id)).toBe(false);
    expect(JSON.stringify(r.body)).not.toContain("contact");
  });
});

describe("the officials' replies feed", () => {
  it("carries mailboxes' replies to published letters, masked as the case page shows them, and no others", async () => {
    const open = await submit(citizen, { title: "东源县仙塘镇路灯不亮", public: true });
    const closed = await submit(citizen, { title: "不公开的路灯来信", public: false });
    for (const p of [open, closed]) {
      await act(admin, p.petition.id, { action: "accept" });
      await act(admin, p.petition.id, { action: "assign", mailboxIds: [mb["city-transport"]] });
      const r = await act(transport, p.petition.id, { action: "reply", body: "已联系张伟（电话 13812345678），路灯本周修复。" });
      expect(r.status).toBe(200);
    }
    const res = await fetch(`${s.url}/api/v1/feeds/official-replies.atom`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const root = parseXml(text);
    expect(atomProblems(root)).toEqual([]);
    const entry = childrenNamed(root, "entry").find((e) => childrenNamed(e, "title")[0].text.includes("东源县仙塘镇路灯不亮"));
    expect(entry).toBeDefined();
    const content = childrenNamed(entry!, "content")[0].text;
    expect(content).toContain("路灯本周修复");
    expect(text).not.toContain("13812345678");
    expect(text).not.toContain("张伟");
    expect(text).not.toContain("不公开的路灯来信");
    // The entry links to the published case, which anyone may open.
    const link = childrenNamed(entry!, "link")[0].attrs.href;
    expect(link).toBe(`${s.url}/petitions/${open.petition.id}`);
    expect((await fetch(link)).status).toBe(200);
  });
});

describe("review findings", () => {
  it("a demoted official loses the mailbox and its notifications; mailboxes refuse non-officials", async () => {
    const former = await s.user("official");
    await member(former, "city-mayor", "handler");
    const r = await s.api(`/admin/users/${former.id}`, { method: "PATCH", token: admin.token, body: { role: "citizen" } });
    expect(r.body.user.mailboxes).toEqual([]);
    await submit(citizen, { title: "机密：举报某单位违规收费" });
    const notes = await s.api("/notifications?limit=100", { token: former.token });
    expect(JSON.stringify(notes.body)).not.toContain("违规收费");
    const add = await s.api(`/admin/mailboxes/${mb["city-mayor"]}/members/${former.id}`, { method: "PUT", token: admin.token, body: { position: "handler" } });
    expect(add.status).toBe(400);
  });

  it("co-signs only open cases of visible discussions", async () => {
    const t = await s.api("/threads", { token: citizen.token, body: { section: "forum", title: "路灯不亮", body: "河滨公园路灯坏了一半。" } });
    const conv = await s.api(`/threads/${t.body.thread.id}/petition`, { token: citizen.token, body: { mailboxId: mb["city-mayor"] } });
    const id = conv.body.petition.id;
    const moderator = await s.user("moderator");
    await s.api(`/threads/${t.body.thread.id}`, { method: "PATCH", token: moderator.token, body: { hidden: true } });
    expect((await s.api(`/petitions/${id}/cosigns`, { token: stranger.token, body: {} })).status).toBe(404);
    await s.api(`/threads/${t.body.thread.id}`, { method: "PATCH", token: moderator.token, body: { hidden: false } });
    await act(admin, id, { action: "reject", reason: "重复来信" });
    expect((await s.api(`/petitions/${id}/cosigns`, { token: stranger.token, body: {} })).body.error.code).toBe("cosign_closed");
  });

  it("the petitioner can issue a new query code; the old one stops working; POST /track keeps codes out of URLs", async () => {
    const { petition, queryCode } = await submit();
    expect((await s.api(`/petitions/${petition.id}/query-code`, { token: mayor.token, body: {} })).status).toBe(403);
    expect((await s.api(`/petitions/${petition.id}/query-code`, { token: stranger.token, body: {} })).status).toBe(404);
    const fresh = await s.api(`/petitions/${petition.id}/query-code`, { token: citizen.token, body: {} });
    expect(fresh.status).toBe(201);
    expect(fresh.body.queryCode).not.toBe(queryCode);
    expect((await s.api("/petitions/track", { body: { trackingNo: petition.trackingNo, queryCode } })).status).toBe(404);
    const ok = await s.api("/petitions/track", { body: { trackingNo: petition.trackingNo, queryCode: fresh.body.queryCode } });
    expect(ok.status).toBe(200);
    expect(ok.body.trackingNo).toBe(petition.trackingNo);
  });

  it("tells the petitioner on /track why a letter was not accepted, and keeps internal notes inside", async () => {
    const { petition, queryCode } = await submit();
    await act(admin, petition.id, { action: "reject", reason: "该事项已进入诉讼程序，依法不予受理。" });
    const r = await s.api("/petitions/track", { body: { trackingNo: petition.trackingNo, queryCode } });
    expect(r.body.timeline.find((e: any) => e.action === "reject").note).toContain("诉讼程序");
    const other = await submit();
    await act(admin, other.petition.id, { action: "accept" });
    await act(admin, other.petition.id, { action: "propose", opinion: "内部拟办意见：请交通局研究" });
    const t2 = await s.api("/petitions/track", { body: { trackingNo: other.petition.trackingNo, queryCode: other.queryCode } });
    expect(JSON.stringify(t2.body)).not.toContain("内部拟办意见");
  });

  it("an idempotency key reused for a different letter is refused, not swallowed", async () => {
    const key = `reuse-${Date.now()}`;
    expect((await s.api("/petitions", { token: citizen.token, body: letter(), headers: { "Idempotency-Key": key } })).status).toBe(201);
    const other = await s.api("/petitions", { token: citizen.token, body: letter({ title: "另一封信" }), headers: { "Idempotency-Key": key } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
  });

  it("crafted cursors are 400, not 500", async () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const c of [enc([0, 1e20, 1]), enc([0, 0, 1e300]), enc([7, 0, 1]), enc([0, 0, -1])]) {
      expect((await s.api(`/petitions?cursor=${c}`, { token: admin.token })).status).toBe(400);
      expect((await s.api(`/petitions/supervision?cursor=${c}`, { token: admin.token })).status).toBe(400);
    }
    expect((await s.api(`/petitions/public?cursor=${enc([1e300])}`)).status).toBe(400);
  });

  it("an admin cannot close a case inside the petitioner's review window", async () => {
    const { petition } = await submit();
    await act(admin, petition.id, { action: "accept" });
    await act(admin, petition.id, { action: "assign", mailboxIds: [mb["city-transport"]] });
    await act(transport, petition.id, { action: "reply", body: "已处理。" });
    expect((await act(admin, petition.id, { action: "close" })).body.error.code).toBe("review_window_open");
  });
});

describe("thread → petition", () => {
  it("converts once, links both ways, shows the banner and counts co-signs once each", async () => {
    const t = await s.api("/threads", { token: citizen.token, body: { section: "forum", title: "东江大桥夜间照明不足", body: "晚上过桥很暗。" } });
    const threadId = t.body.thread.id;
    expect((await s.api(`/threads/${threadId}/petition`, { token: stranger.token, body: { mailboxId: mb["city-transport"] } })).status).toBe(403);
    const r = await s.api(`/threads/${threadId}/petition`, { token: citizen.token, body: { mailboxId: mb["city-transport"], category: "urban_construction" } });
    expect(r.status).toBe(201);
    expect(r.body.petition).toMatchObject({ channel: "forum", threadId, title: "东江大桥夜间照明不足", category: "urban_construction" });
    expect(r.body.queryCode).toMatch(/^[A-Z2-9]{8}$/);
    const twice = await Promise.all([1, 2].map(() => s.api(`/threads/${threadId}/petition`, { token: citizen.token, body: { mailboxId: mb["city-transport"] } })));
    for (const x of twice) expect(x.body.error.code).toBe("already_converted");
    const thread = await s.api(`/threads/${threadId}`);
    expect(thread.body.thread.petition).toMatchObject({ id: r.body.petition.id, status: "submitted", light: "green", cosignCount: 0 });

    const id = r.body.petition.id;
    const signs = await Promise.all(Array.from({ length: 6 }, () => s.api(`/petitions/${id}/cosigns`, { token: stranger.token, body: {} })));
    expect(signs.every((x) => x.status === 201)).toBe(true);
    await s.api(`/petitions/${id}/cosigns`, { token: mayor.token, body: {} });
    expect((await s.api(`/petitions/${id}/cosigns`, { token: citizen.token, body: {} })).status).toBe(409);
    expect(await count("petition_cosigns", `petition_id = ${id}`)).toBe(2);
    expect((await s.api(`/threads/${threadId}`)).body.thread.petition.cosignCount).toBe(2);
  });
});

describe("the officials' inbox", () => {
  it("lists a mailbox's work red first, then yellow, then green, and refuses other mailboxes", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { petition } = await submit(citizen, { title: `交办件 ${i}` });
      await act(admin, petition.id, { action: "accept" });
      await act(admin, petition.id, { action: "assign", mailboxIds: [mb["city-education"]] });
      ids.push(petition.id);
    }
    const day = 86_400_000;
    const now = Date.now();
    // Make them green, red and yellow (due dates moved directly; lights are derived when read).
    const set = async (id: string, dueIn: number) => {
      const deadline = { dueAt: new Date(now + dueIn * day), warnAt: new Date(now + (dueIn - 12) * day) };
      await s.app.db.update(petitionAssignments).set(deadline).where(eq(petitionAssignments.petitionId, Number(id)));
      await s.app.db.update(petitions).set(deadline).where(eq(petitions.id, Number(id)));
    };
    await set(ids[0], 50);
    await set(ids[1], -1);
    await set(ids[2], 5);
    const r = await s.api(`/petitions?mailboxId=${mb["city-education"]}`, { token: education.token });
    expect(r.status).toBe(200);
    const mine = r.body.items.filter((i: any) => ids.includes(i.id));
    expect(mine.map((i: any) => i.light)).toEqual(["red", "yellow", "green"]);
    expect(mine.map((i: any) => i.id)).toEqual([ids[1], ids[2], ids[0]]);
    const red = await s.api(`/petitions?mailboxId=${mb["city-education"]}&light=red`, { token: education.token });
    expect(red.body.items.map((i: any) => i.id)).toContain(ids[1]);
    expect(red.body.items.every((i: any) => i.light === "red")).toBe(true);
    expect((await s.api(`/petitions?mailboxId=${mb["city-transport"]}`, { token: education.token })).status).toBe(403);
    expect((await s.api(`/petitions`, { token: citizen.token })).status).toBe(403);
    // The supervision board (admins) holds the red and yellow ones.
    const board = await s.api(`/petitions/supervision?limit=100`, { token: admin.token });
    expect(board.body.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([ids[1], ids[2]]));
    expect(board.body.items.map((i: any) => i.id)).not.toContain(ids[0]);
    expect((await s.api(`/petitions/supervision`, { token: education.token })).status).toBe(403);
  });
});
