// The ten practical things end to end through the HTTP API on a real database and a real
// Socket.IO server: roles (401/403), ranges (400, and nothing changes), the status machine
// (409), one follow per person under concurrent requests with the counter equal to the rows,
// followers notified, `commitment:progress` reaching a socket in the public room, the
// discussion thread created with the commitment, links to published letters only, and the
// Atom feeds: valid RFC 4287, escaped, hidden content left out, 304 on a matching ETag.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { commitmentFollows, commitmentProgress, commitments, mailboxes, threads } from "../../db/schema";
import { emitAck, nextEvent, startTestServer, type TestServer, type TestUser } from "../support/server";
import { atomProblems, childrenNamed, parseXml } from "../support/xml";

let s: TestServer;
let admin: TestUser;
let owner: TestUser;
let stranger: TestUser;
let moderator: TestUser;
let citizen: TestUser;
let citizen2: TestUser;
const mb: Record<string, string> = {};

const proposal = (over: Record<string, unknown> = {}) => ({
  year: 2026,
  title: "优化市区公交线网",
  summary: "新开通 **10 条**线路",
  ownerMailboxId: mb["city-transport"],
  budgetYuan: 180_000_000,
  milestones: [{ title: "完成招标", dueOn: "2026-06-30" }],
  ...over,
});

async function create(by: TestUser, over: Record<string, unknown> = {}) {
  const r = await s.api("/commitments", { token: by.token, body: proposal(over) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.commitment as Record<string, any>;
}

let nextOrdinal = 1;
const adoptedOne = (over: Record<string, unknown> = {}) => create(admin, { status: "adopted", ordinal: nextOrdinal++, ...over });

async function row(id: string) {
  const [c] = await s.app.db.select().from(commitments).where(eq(commitments.id, Number(id)));
  return c;
}

const notificationsOf = async (u: TestUser) => (await s.api("/notifications?limit=100", { token: u.token })).body.items as any[];

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  for (const m of await s.app.db.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes)) if (m.slug) mb[m.slug] = String(m.id);
  [admin, owner, stranger, moderator, citizen, citizen2] = await Promise.all([
    s.user("admin"),
    s.user("official"),
    s.user("official"),
    s.user("moderator"),
    s.user(),
    s.user(),
  ]);
  await s.api(`/admin/users/${owner.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId: mb["city-transport"], position: "handler" }] } });
  await s.api(`/admin/users/${stranger.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId: mb["city-education"], position: "handler" }] } });
}, 120_000);
afterAll(() => s?.stop());

describe("creating", () => {
  it("owners' officials and moderators propose, admins adopt; others get 403, strangers 401", async () => {
    expect((await s.api("/commitments", { body: proposal() })).status).toBe(401);
    const denied = await s.api("/commitments", { token: citizen.token, body: proposal() });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("commitment_create_forbidden");
    expect((await s.api("/commitments", { token: stranger.token, body: proposal() })).status).toBe(403);
    expect((await s.api("/commitments", { token: owner.token, body: proposal({ status: "adopted", ordinal: 9 }) })).body.error.code).toBe(
      "commitment_adopt_forbidden",
    );

    const c = await create(owner);
    expect(c).toMatchObject({ status: "proposed", ordinal: null, progress: 0, followers: 0, budgetYuan: 180_000_000, year: 2026 });
    expect(c.milestones).toHaveLength(1);
    expect(c.summaryHtml).toContain("<strong>10 条</strong>");
    // Its discussion: a forum thread written in the same transaction.
    const [th] = await s.app.db.select().from(threads).where(eq(threads.id, Number(c.threadId)));
    expect(th).toMatchObject({ section: "forum", authorId: Number(owner.id) });
    expect(th.body).toContain(`/commitments/${c.id}`);
    expect((await create(moderator)).status).toBe("proposed");
  });

  it("an ordinal is 1–10 and unique in its year: 400, then 409; bad input leaves nothing behind", async () => {
    const before = (await s.app.db.select({ n: sql<number>`count(*)::int` }).from(commitments))[0].n;
    const threadsBefore = (await s.app.db.select({ n: sql<number>`count(*)::int` }).from(threads))[0].n;
    expect((await s.api("/commitments", { token: admin.token, body: proposal({ status: "adopted", ordinal: 11 }) })).status).toBe(400);
    expect((await s.api("/commitments", { token: admin.token, body: proposal({ ownerMailboxId: "999999" }) })).status).toBe(400);
    await create(admin, { status: "adopted", ordinal: 10, year: 2027 });
    const taken = await s.api("/commitments", { token: admin.token, body: proposal({ status: "adopted", ordinal: 10, year: 2027 }) });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("ordinal_taken");
    expect((await s.app.db.select({ n: sql<number>`count(*)::int` }).from(commitments))[0].n).toBe(Number(before) + 1);
    // The refused one's thread was rolled back with it.
    expect((await s.app.db.select({ n: sql<number>`count(*)::int` }).from(threads))[0].n).toBe(Number(threadsBefore) + 1);
  });

  it("lists a year: the ten places in order, then proposals", async () => {
    const r = await s.api("/commitments?year=2027");
    expect(r.status).toBe(200);
    expect(r.body.items.map((c: any) => c.ordinal)).toEqual([10]);
    expect(r.body.years).toEqual(expect.arrayContaining([2026, 2027]));
    expect((await s.api("/commitments?year=abc")).status).toBe(400);
  });
});

describe("status and progress", () => {
  it("progress: owners and admins only (403), 0–100 (400, nothing changes), adopted only (409)", async () => {
    const proposed = await create(owner);
    expect((await s.api(`/commitments/${proposed.id}/progress`, { token: owner.token, body: { progress: 10 } })).status).toBe(409);

    const c = await adoptedOne();
    expect((await s.api(`/commitments/${c.id}/progress`, { body: { progress: 10 } })).status).toBe(401);
    expect((await s.api(`/commitments/${c.id}/progress`, { token: citizen.token, body: { progress: 10 } })).status).toBe(403);
    expect((await s.api(`/commitments/${c.id}/progress`, { token: stranger.token, body: { progress: 10 } })).status).toBe(403);
    for (const bad of [101, -1, 12.5, "lots"]) {
      const r = await s.api(`/commitments/${c.id}/progress`, { token: owner.token, body: { progress: bad } });
      expect(r.status).toBe(400);
      expect(r.body.error.fields.progress).toBeTruthy();
    }
    expect((await row(c.id)).progress).toBe(0);
    expect(await s.app.db.select().from(commitmentProgress).where(eq(commitmentProgress.commitmentId, Number(c.id)))).toHaveLength(0);

    const ok = await s.api(`/commitments/${c.id}/progress`, { token: owner.token, body: { progress: 40, note: "完成招标" } });
    expect(ok.status).toBe(201);
    expect(ok.body.entry).toMatchObject({ progress: 40, note: "完成招标", author: { id: owner.id } });
    const got = (await s.api(`/commitments/${c.id}`)).body.commitment;
    expect(got).toMatchObject({ progress: 40, history: [{ progress: 40 }] });
    expect((await s.api(`/commitments/${c.id}`, { method: "PATCH", token: owner.token, body: { status: "done" } })).body.error.code).toBe("commitment_not_finished");
    expect((await s.api(`/commitments/${c.id}`, { method: "PATCH", token: owner.token, body: { status: "dropped" } })).status).toBe(403);
    await s.api(`/commitments/${c.id}/progress`, { token: admin.token, body: { progress: 100 } });
    expect((await s.api(`/commitments/${c.id}`, { method: "PATCH", token: owner.token, body: { status: "done" } })).body.commitment.status).toBe("done");
    expect((await s.api(`/commitments/${c.id}/progress`, { token: owner.token, body: { progress: 90 } })).status).toBe(409);
    const dropped = await s.api(`/commitments/${c.id}`, { method: "PATCH", token: admin.token, body: { status: "dropped" } });
    expect(dropped.body.commitment).toMatchObject({ status: "dropped", ordinal: null });
    expect((await s.api(`/commitments/${c.id}`, { method: "PATCH", token: admin.token, body: { status: "adopted", ordinal: 5 } })).status).toBe(409);
  });

  it("an admin adopts a proposal with its ordinal; milestones are ticked off by the owner", async () => {
    const p = await create(owner);
    expect((await s.api(`/commitments/${p.id}`, { method: "PATCH", token: admin.token, body: { status: "adopted" } })).status).toBe(400);
    const adopted = await s.api(`/commitments/${p.id}`, { method: "PATCH", token: admin.token, body: { status: "adopted", ordinal: nextOrdinal++ } });
    expect(adopted.body.commitment.status).toBe("adopted");
    const m = await s.api(`/commitments/${p.id}/milestones`, { token: owner.token, body: { title: "开工", dueOn: "2026-08-01" } });
    expect(m.status).toBe(201);
    expect((await s.api(`/commitments/${p.id}/milestones/${m.body.milestone.id}`, { method: "PATCH", token: citizen.token, body: { done: true } })).status).toBe(403);
    const done = await s.api(`/commitments/${p.id}/milestones/${m.body.milestone.id}`, { method: "PATCH", token: owner.token, body: { done: true } });
    expect(done.body.milestone.doneAt).toBeTruthy();
  });
});

describe("following", () => {
  it("one follow per person under concurrent requests; the counter equals the rows", async () => {
    const c = await adoptedOne();
    const same = await Promise.all(Array.from({ length: 12 }, () => s.api(`/commitments/${c.id}/follow`, { method: "PUT", token: citizen.token })));
    expect(same.map((r) => r.status)).toEqual(Array(12).fill(200));
    const crowd = await Promise.all(Array.from({ length: 8 }, () => s.user()));
    await Promise.all([
      ...crowd.map((u) => s.api(`/commitments/${c.id}/follow`, { method: "PUT", token: u.token })),
      ...crowd.slice(0, 3).map((u) => s.api(`/commitments/${c.id}/follow`, { method: "PUT", token: u.token })),
    ]);
    await Promise.all(crowd.slice(0, 4).map((u) => s.api(`/commitments/${c.id}/follow`, { method: "DELETE", token: u.token })));
    await Promise.all(crowd.slice(0, 4).map((u) => s.api(`/commitments/${c.id}/follow`, { method: "DELETE", token: u.token })));
    const rows = await s.app.db.select().from(commitmentFollows).where(eq(commitmentFollows.commitmentId, Number(c.id)));
    expect(rows).toHaveLength(1 + 4);
    expect((await row(c.id)).followers).toBe(rows.length);
    const view = (await s.api(`/commitments/${c.id}`, { token: citizen.token })).body.commitment;
    expect(view).toMatchObject({ following: true, followers: 5 });
    expect((await s.api(`/commitments/${c.id}/follow`, { method: "PUT" })).status).toBe(401);
    expect((await s.api(`/commitments/999999/follow`, { method: "PUT", token: citizen.token })).status).toBe(404);
  });

  it("progress notifies every follower but its author, and reaches a socket in the public room", async () => {
    const c = await adoptedOne();
    for (const u of [citizen, citizen2, owner]) await s.api(`/commitments/${c.id}/follow`, { method: "PUT", token: u.token });
    const reader = await s.socket(); // anonymous: the room is public
    expect(await emitAck(reader, "join", `commitment:${c.id}`)).toEqual({ ok: true });
    expect((await emitAck(reader, "join", "commitment:999999")).ok).toBe(false);
    const follower = await s.socket(citizen2.token);
    const progressed = nextEvent(reader, "commitment:progress");
    const notified = nextEvent(follower, "notification");
    const r = await s.api(`/commitments/${c.id}/progress`, { token: owner.token, body: { progress: 55, note: "首批新车投入运营" } });
    expect(r.body.notified).toBe(2);
    expect(await progressed).toEqual({ commitmentId: c.id, entryId: r.body.entry.id, progress: 55, status: "adopted", at: expect.any(String) });
    expect((await notified).notification).toMatchObject({ kind: "commitment_progress", url: `/commitments/${c.id}`, data: { progress: 55 } });
    for (const u of [citizen, citizen2]) {
      expect((await notificationsOf(u)).filter((n) => n.kind === "commitment_progress" && n.url === `/commitments/${c.id}`)).toHaveLength(1);
    }
    expect((await notificationsOf(owner)).some((n) => n.kind === "commitment_progress")).toBe(false);
    const followers = nextEvent(reader, "commitment:followers");
    await s.api(`/commitments/${c.id}/follow`, { method: "DELETE", token: citizen2.token });
    expect(await followers).toEqual({ commitmentId: c.id, followers: 2 });
  });
});

describe("links", () => {
  it("links visible threads and published letters only", async () => {
    const c = await adoptedOne();
    const t = await s.api("/threads", { token: citizen.token, body: { section: "forum", title: "公交太挤", body: "8 路车早高峰挤不上" } });
    const l = await s.api(`/commitments/${c.id}/links`, { token: owner.token, body: { threadId: t.body.thread.id } });
    expect(l.status).toBe(201);
    expect(l.body.link).toMatchObject({ kind: "thread", title: "公交太挤", url: `/t/${t.body.thread.id}` });
    expect((await s.api(`/commitments/${c.id}/links`, { token: owner.token, body: { threadId: t.body.thread.id } })).status).toBe(409);
    expect((await s.api(`/commitments/${c.id}/links`, { token: citizen.token, body: { threadId: t.body.thread.id } })).status).toBe(403);

    const file = (pub: boolean) =>
      s.api("/petitions", { token: citizen.token, body: { mailboxId: mb["city-transport"], title: "K12路班次少，联系电话13812345678", body: "等车半小时", category: "transport", public: pub } });
    const secret = (await file(false)).body.petition.id;
    const open = (await file(true)).body.petition.id;
    await s.api(`/petitions/${open}/actions`, { token: admin.token, body: { action: "accept" } });
    await s.api(`/petitions/${secret}/actions`, { token: admin.token, body: { action: "accept" } });
    const refused = await s.api(`/commitments/${c.id}/links`, { token: owner.token, body: { petitionId: secret } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("petition_not_public");
    const ok = await s.api(`/commitments/${c.id}/links`, { token: owner.token, body: { petitionId: open } });
    expect(ok.status).toBe(201);
    expect(ok.body.link.title).not.toContain("13812345678"); // the masked public title
    const pub = (await s.api(`/commitments/${c.id}`)).body.commitment.links;
    expect(pub.map((x: any) => x.kind)).toEqual(["thread", "petition"]);
    expect((await s.api(`/commitments/${c.id}/links/${ok.body.link.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
  });
});

describe("Atom feeds", () => {
  const hostile = 'Bus <script>alert(1)</script> & "routes" ]]> \u0001end';

  async function feed(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${s.url}/api/v1/feeds/${path}`, { headers });
    return { res, text: await res.text() };
  }

  it("Public Information and officials' replies: valid Atom, escaped, hidden things left out", async () => {
    const info = await s.api("/threads", { token: owner.token, body: { section: "info", title: hostile, body: "正文 <b>不是HTML</b> & 更多" } });
    expect(info.status).toBe(201);
    const hidden = await s.api("/threads", { token: owner.token, body: { section: "info", title: "将被隐藏的公告", body: "x" } });
    await s.api(`/threads/${hidden.body.thread.id}`, { method: "PATCH", token: moderator.token, body: { hidden: true } });
    await s.api(`/threads/${info.body.thread.id}/posts`, { token: owner.token, body: { body: "官方答复：已安排加密班次。" } });
    await s.api(`/threads/${info.body.thread.id}/posts`, { token: citizen.token, body: { body: "网友的回复" } });

    const { res, text } = await feed("info.atom");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const root = parseXml(text);
    expect(atomProblems(root)).toEqual([]);
    const titles = childrenNamed(root, "entry").map((e) => childrenNamed(e, "title")[0].text);
    expect(titles).toContain(hostile.replace("\u0001", ""));
    expect(titles).not.toContain("将被隐藏的公告");
    expect(text).not.toContain("<script>");
    const self = childrenNamed(root, "link").find((l) => l.attrs.rel === "self")!;
    expect(self.attrs.href).toBe(`${s.url}/api/v1/feeds/info.atom`);

    const replies = parseXml((await feed("official-replies.atom")).text);
    expect(atomProblems(replies)).toEqual([]);
    const bodies = childrenNamed(replies, "entry").map((e) => childrenNamed(e, "content")[0].text);
    expect(bodies.some((b) => b.includes("官方答复"))).toBe(true);
    expect(bodies.some((b) => b.includes("网友的回复"))).toBe(false);

    const again = await feed("info.atom", { "If-None-Match": res.headers.get("etag")! });
    expect(again.res.status).toBe(304);
    expect(again.text).toBe("");
  });

  it("a commitment's feed lists its progress reports; unknown ones are 404", async () => {
    const c = await adoptedOne({ title: hostile });
    await s.api(`/commitments/${c.id}/progress`, { token: owner.token, body: { progress: 30, note: "第一阶段 & <完成>" } });
    const { res, text } = await feed(`commitments/${c.id}.atom`);
    expect(res.status).toBe(200);
    const root = parseXml(text);
    expect(atomProblems(root)).toEqual([]);
    const entries = childrenNamed(root, "entry");
    expect(entries).toHaveLength(2);
    expect(childrenNamed(entries[0], "content")[0].text).toContain("第一阶段 &amp; &lt;完成&gt;");
    expect((await feed("commitments/999999.atom")).res.status).toBe(404);
  });
});

describe("the discussion without JavaScript", () => {
  it("sends a refused comment back into its box", async () => {
    const c = await adoptedOne({ title: "无脚本评论" });
    const long = `退回时保留的评论${"长".repeat(20_001)}`;
    const r = await fetch(`${s.url}/commitments/${c.id}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${citizen.token}`, Origin: s.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "reply", body: long }),
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/<textarea[^>]*id="cm-reply-body"[^>]*>退回时保留的评论长长/);
  });
});
