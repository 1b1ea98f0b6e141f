// Site search end to end through GET /api/v1/search on a real database (PostgreSQL with
// DATABASE_URL, PGlite otherwise): Chinese substrings, an English typo, ranking, visibility
// (hidden threads and posts, unpublished cases), masked case snippets, hostile queries and
// keyset pagination.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { commitments, mailboxes, threads } from "../../db/schema";
import { startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let admin: TestUser;
let moderator: TestUser;
let citizen: TestUser;
let official: TestUser;
const mb: Record<string, string> = {};

const search = (params: Record<string, string>) => s.api(`/search?${new URLSearchParams(params)}`);

async function thread(by: TestUser, title: string, body: string, section: "forum" | "info" = "forum") {
  const r = await s.api("/threads", { token: by.token, body: { section, title, body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.thread.id as string;
}

async function reply(by: TestUser, threadId: string, body: string) {
  const r = await s.api(`/threads/${threadId}/posts`, { token: by.token, body: { body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.post.id as string;
}

async function petition(over: Record<string, unknown>, accept = true) {
  const r = await s.api("/petitions", {
    token: citizen.token,
    body: { mailboxId: mb["city-transport"], category: "transport", public: true, ...over },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = r.body.petition.id as string;
  if (accept) expect((await s.api(`/petitions/${id}/actions`, { token: admin.token, body: { action: "accept" } })).status).toBe(200);
  return id;
}

const ids = (body: any, type?: string) => (body.items as any[]).filter((i) => !type || i.type === type).map((i) => i.id);

let busThread: string, busInfo: string, busPost: string, hiddenPost: string, hiddenThread: string, oldThread: string;
let publicCase: string, privateCase: string, submittedCase: string, phoneCase: string, commitmentId: string;

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  for (const m of await s.app.db.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes)) if (m.slug) mb[m.slug] = String(m.id);
  [admin, moderator, citizen, official] = await Promise.all([s.user("admin"), s.user("moderator"), s.user(), s.user("official")]);

  oldThread = await thread(citizen, "东源县公交线路太少", "仙塘镇到县城只有一条线路，班次也少。");
  busThread = await thread(citizen, "河源公交线路调整意见", "希望增加到市人民医院的公交线路，早高峰太挤。");
  busInfo = await thread(official, "关于优化河源公交线路的通告", "自下月起新开10条公交线路。", "info");
  await thread(citizen, "Air pollution near the Yuancheng school", "The pollution index is high every morning.");
  busPost = await reply(citizen, oldThread, "同意，东源县的公交线路确实需要优化。");
  hiddenPost = await reply(citizen, busThread, "隐藏的回复：公交线路秘密暗号XQZ");
  hiddenThread = await thread(citizen, "被隐藏的主题 秘密暗号XQZ", "公交线路秘密暗号XQZ");
  expect((await s.api(`/posts/${hiddenPost}`, { method: "PATCH", token: moderator.token, body: { hidden: true } })).status).toBe(200);
  expect((await s.api(`/threads/${hiddenThread}`, { method: "PATCH", token: moderator.token, body: { hidden: true } })).status).toBe(200);
  // The oldest thread is a year old: recency must not lift it over an equally good, newer one.
  await s.app.db.update(threads).set({ createdAt: new Date(Date.now() - 365 * 86_400_000) }).where(eq(threads.id, Number(oldThread)));

  publicCase = await petition({
    title: "公交站台候车亭损坏",
    body: "新华大道公交站台候车亭损坏已久。我是李建国，电话 13912345678，住在新华大道88号3栋201。",
    contactName: "李建国",
    contactPhone: "13912345678",
  });
  phoneCase = await petition({ title: "路灯不亮", body: "请联系 13700001111 了解详情。" });
  privateCase = await petition({ title: "公交站台私密来信", body: "不公开的来信：公交站台", public: false });
  submittedCase = await petition({ title: "公交站台尚未受理", body: "尚未受理的来信：公交站台" }, false);

  const [c] = await s.app.db
    .insert(commitments)
    .values({ year: 2026, ordinal: 1, title: "新增100辆公交车和10条公交线路", summary: "优化**城区公交线路**，淘汰老旧车辆。", status: "adopted", ownerMailboxId: Number(mb["city-transport"]), createdBy: Number(admin.id) })
    .returning({ id: commitments.id });
  commitmentId = String(c.id);
}, 120_000);
afterAll(() => s?.stop());

describe("matching", () => {
  it("finds Chinese substrings in every kind, with the api.md shape and highlight ranges", async () => {
    const r = await search({ q: "公交线路" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ items: expect.any(Array), nextCursor: null, query: "公交线路", mode: "index" });
    const byType = (t: string) => r.body.items.filter((i: any) => i.type === t);
    expect(ids(r.body, "thread")).toEqual(expect.arrayContaining([busThread, oldThread]));
    expect(ids(r.body, "info")).toEqual([busInfo]);
    expect(ids(r.body, "post")).toEqual([busPost]);
    expect(ids(r.body, "commitment")).toEqual([commitmentId]);
    const item = byType("info")[0];
    expect(Object.keys(item)).toEqual(expect.arrayContaining(["type", "id", "title", "snippet", "url"]));
    expect(item.url).toBe(`/t/${busInfo}`);
    const [a, b] = item.highlights.title[0];
    expect(item.title.slice(a, b)).toBe("公交线路");
    expect(byType("post")[0].url).toMatch(new RegExp(`^/t/${oldThread}\\?page=1#p-${busPost}$`));
    // Markdown markers are not part of a snippet.
    expect(byType("commitment")[0].snippet).toBe("优化城区公交线路，淘汰老旧车辆。");
    expect(r.body.counts).toMatchObject({ thread: 2, info: 1, post: 1, commitment: 1 });
  });

  it("tolerates a typo in English and highlights the word it matched", async () => {
    const r = await search({ q: "polution" });
    expect(r.status).toBe(200);
    const hit = r.body.items.find((i: any) => i.type === "thread");
    expect(hit?.title).toBe("Air pollution near the Yuancheng school");
    const [a, b] = hit.highlights.title[0];
    expect(hit.title.slice(a, b)).toBe("pollution");
  });

  it("tolerates a slip in a Chinese word, marking the pieces that match", async () => {
    const id = await thread(citizen, "江东新区污水管网改造进度", "请公布施工时间表。");
    const r = await search({ q: "污水管网改早" });
    const hit = r.body.items.find((i: any) => i.type === "thread" && i.id === id);
    expect(hit).toBeDefined();
    expect(hit.highlights.title.map(([a, b]: [number, number]) => hit.title.slice(a, b))).toEqual(["污水管网改"]);
    // Half the pieces are needed: an unrelated phrase finds nothing.
    expect(ids((await search({ q: "污染治理方案" })).body, "thread")).not.toContain(id);
  });

  it("ranks a title match over a text match, and the newer of two equal matches first", async () => {
    const r = await search({ q: "公交线路", type: "thread" });
    expect(ids(r.body)).toEqual([busThread, oldThread]);
    const scores = r.body.items.map((i: any) => i.score);
    expect(scores[0]).toBeGreaterThan(scores[1]);
    const all = await search({ q: "公交线路" });
    const sc = all.body.items.map((i: any) => i.score);
    expect([...sc].sort((x, y) => y - x)).toEqual(sc);
    // A thread that mentions the words only in its text ranks below those with them in the title.
    const textOnly = await thread(citizen, "医院门口早高峰拥堵", "建议调整公交线路，错开上学时间。");
    const again = await search({ q: "公交线路", type: "thread" });
    expect(ids(again.body)).toEqual([busThread, oldThread, textOnly]);
  });

  it("searches two-character words among the newest items", async () => {
    const r = await search({ q: "公交" });
    expect(r.body.mode).toBe("recent");
    expect(ids(r.body, "thread")).toEqual(expect.arrayContaining([busThread, oldThread]));
  });
});

describe("visibility", () => {
  it("never shows hidden posts or threads, unpublished or unaccepted cases", async () => {
    for (const q of ["秘密暗号XQZ", "公交站台", "公交线路"]) {
      const r = await search({ q });
      expect(r.status).toBe(200);
      expect(ids(r.body, "post")).not.toContain(hiddenPost);
      expect(ids(r.body, "thread")).not.toContain(hiddenThread);
      expect(ids(r.body, "petition")).not.toContain(privateCase);
      expect(ids(r.body, "petition")).not.toContain(submittedCase);
    }
    const r = await search({ q: "公交站台" });
    expect(ids(r.body, "petition")).toEqual([publicCase]);
    expect((await search({ q: "秘密暗号XQZ" })).body.items).toEqual([]);
  });

  it("shows cases masked, and never finds one by the personal data it masks", async () => {
    const r = await search({ q: "候车亭" });
    const hit = r.body.items.find((i: any) => i.type === "petition");
    expect(hit.id).toBe(publicCase);
    expect(hit.url).toBe(`/petitions/${publicCase}`);
    expect(hit.snippet).not.toMatch(/李建国|13912345678|88号/);
    for (const q of ["13912345678", "李建国", "13700001111"]) {
      const p = await search({ q });
      expect(ids(p.body, "petition"), q).toEqual([]);
    }
  });
});

describe("hostile input", () => {
  it("cuts long queries and answers 200 for any script or metacharacter", async () => {
    const long = await search({ q: "公交线路".repeat(2) + "a".repeat(10_000) });
    expect(long.status).toBe(200);
    expect(long.body.notice).toBe("cut");
    expect([...long.body.query].length).toBeLessThanOrEqual(100);
    for (const q of ["%", "_", "\\", "%%%___", "\\%公交线路", "🚌🚌🚌 公交", "שלום עולם", "مرحبا بالعالم", "\u0000\u0007公交线路\u202e", "' or 1=1 --", "a\tb\nc", "[(*+?"]) {
      const r = await search({ q });
      expect(r.status, q).toBe(200);
      expect(Array.isArray(r.body.items), q).toBe(true);
    }
    // `%` and `_` are literal characters, not wildcards.
    expect((await search({ q: "公交%路" })).body.items).toEqual([]);
    expect((await search({ q: "公_线路" })).body.items).toEqual([]);
    // Controls are removed, not searched.
    expect(ids((await search({ q: "公交\u0000线路" })).body, "info")).toEqual([busInfo]);
  });

  it("explains a too-short query and refuses a bad type or cursor", async () => {
    const short = await search({ q: " 公 " });
    expect(short.status).toBe(200);
    expect(short.body).toMatchObject({ items: [], nextCursor: null, notice: "too_short" });
    expect((await search({ q: "公交线路", type: "users" })).status).toBe(400);
    const bad = await search({ q: "公交线路", cursor: "not-a-cursor" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_cursor");
  });
});

describe("pagination", () => {
  it("pages through every result once, in order", async () => {
    const t = await thread(citizen, "分页测试主题", "分页测试");
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await reply(citizen, t, `分页测试回复 ${i}：城区道路积水`));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: any = await search({ q: "城区道路积水", limit: "3", ...(cursor ? { cursor } : {}) });
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...ids(r.body));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...made].sort());
    // A post created after the first page does not shift later pages.
    const first: any = await search({ q: "城区道路积水", limit: "3" });
    await reply(citizen, t, "新回复：城区道路积水");
    const second: any = await search({ q: "城区道路积水", limit: "3", cursor: first.body.nextCursor });
    expect(ids(second.body).some((id: string) => ids(first.body).includes(id))).toBe(false);
  });
});
