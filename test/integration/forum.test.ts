import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getPostPage } from "../../app/.server/forum/service";
import { startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let citizen: TestUser;
let other: TestUser;
let official: TestUser;
let moderator: TestUser;

async function count(table: string): Promise<number> {
  const r: any = await s.app.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return Number((r.rows ?? r)[0].n);
}

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  [citizen, other, official, moderator] = await Promise.all([s.user(), s.user(), s.user("official"), s.user("moderator")]);
});
afterAll(() => s?.stop());

async function newThread(u: TestUser = citizen, section = "forum", title = "公交线路讨论") {
  const r = await s.api("/threads", { token: u.token, body: { section, title, body: "正文 **加粗**" } });
  expect(r.status).toBe(201);
  return r.body.thread;
}

describe("threads", () => {
  it("creates a thread with the api.md shape", async () => {
    const t = await newThread();
    expect(t).toMatchObject({
      section: "forum",
      title: "公交线路讨论",
      pinned: false,
      featured: false,
      locked: false,
      postCount: 0,
      petition: null,
      author: { id: citizen.id, username: citizen.username, role: "citizen" },
    });
    expect(t.bodyHtml).toContain("<strong>加粗</strong>");
    expect(typeof t.id).toBe("string");
    expect(new Date(t.createdAt).toISOString()).toBe(t.createdAt);
  });

  it("rejects bad input with field errors and stores nothing", async () => {
    const before = await count("threads");
    const cases: [unknown, number, string][] = [
      [{ section: "forum", title: "", body: "x" }, 400, "title"],
      [{ section: "forum", title: "x".repeat(201), body: "x" }, 400, "title"],
      [{ section: "forum", title: "t", body: "   " }, 400, "body"],
      [{ section: "forum", title: "t", body: "x".repeat(20_001) }, 400, "body"],
      [{ section: "gossip", title: "t", body: "b" }, 400, "section"],
    ];
    for (const [body, status, field] of cases) {
      const r = await s.api("/threads", { token: citizen.token, body });
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe("invalid_input");
      expect(r.body.error.fields[field]).toEqual(expect.any(String));
      expect(r.body.error.message).toEqual(expect.any(String));
    }
    const malformed = await s.api("/threads", { token: citizen.token, raw: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("invalid_json");
    const huge = await s.api("/threads", { token: citizen.token, raw: JSON.stringify({ section: "forum", title: "t", body: "x".repeat(1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("payload_too_large");
    expect(await count("threads")).toBe(before);
  });

  it("answers in English when asked", async () => {
    const r = await s.api("/threads", { token: citizen.token, body: { section: "forum", title: "", body: "x" }, headers: { "Accept-Language": "en" } });
    expect(r.body.error.message).toBe("Some of what you sent is not valid.");
    expect(r.body.error.fields.title).toBe("Required.");
  });

  it("lets only officials and admins publish Public Information", async () => {
    const r = await s.api("/threads", { token: citizen.token, body: { section: "info", title: "通知", body: "内容" } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("forbidden_section");
    const ok = await newThread(official, "info", "关于调整公交线路的通知");
    expect(ok.official).toBe(true);
    const noAuth = await s.api("/threads", { body: { section: "forum", title: "t", body: "b" } });
    expect(noAuth.status).toBe(401);
  });

  it("lists pinned first, then newest activity, with keyset cursors and no duplicates", async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await newThread(citizen, "forum", `分页主题 ${i}`));
    const pin = await s.api(`/threads/${made[0].id}`, { method: "PATCH", token: moderator.token, body: { pinned: true } });
    expect(pin.status).toBe(200);
    expect(pin.body.thread.pinned).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    let first = true;
    do {
      const r = await s.api(`/threads?section=forum&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.status).toBe(200);
      if (first) expect(r.body.items[0].id).toBe(made[0].id);
      first = false;
      seen.push(...r.body.items.map((t: any) => t.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const t of made) expect(seen).toContain(t.id);
    const bad = await s.api("/threads?section=gossip");
    expect(bad.status).toBe(400);
  });

  it("lets the author edit the opening post, keeping every version", async () => {
    const t = await newThread(citizen, "forum", "原标题");
    const denied = await s.api(`/threads/${t.id}`, { method: "PATCH", token: other.token, body: { title: "改" } });
    expect(denied.status).toBe(403);
    const modEdit = await s.api(`/threads/${t.id}`, { method: "PATCH", token: moderator.token, body: { body: "版主改正文" } });
    expect(modEdit.status).toBe(403);
    const e = await s.api(`/threads/${t.id}`, { method: "PATCH", token: citizen.token, body: { title: "新标题", body: "新正文" } });
    expect(e.status).toBe(200);
    expect(e.body.thread).toMatchObject({ title: "新标题", body: "新正文", editedAt: expect.any(String) });
    const flags = await s.api(`/threads/${t.id}`, { method: "PATCH", token: citizen.token, body: { pinned: true } });
    expect(flags.status).toBe(403);
    const h = await s.api(`/threads/${t.id}/history`);
    expect(h.body.revisions).toEqual([expect.objectContaining({ title: "原标题", body: "正文 **加粗**" })]);
    const empty = await s.api(`/threads/${t.id}`, { method: "PATCH", token: citizen.token, body: { title: " " } });
    expect(empty.status).toBe(400);
    await s.api(`/threads/${t.id}`, { method: "PATCH", token: moderator.token, body: { locked: true } });
    const locked = await s.api(`/threads/${t.id}`, { method: "PATCH", token: citizen.token, body: { body: "锁定后修改" } });
    expect(locked.status).toBe(409);
    expect((await s.api(`/threads?cursor=not-a-cursor`)).status).toBe(400);
  });

  it("moderation flags need a moderator; hidden threads are 404 to others", async () => {
    const t = await newThread();
    const denied = await s.api(`/threads/${t.id}`, { method: "PATCH", token: citizen.token, body: { hidden: true } });
    expect(denied.status).toBe(403);
    await s.api(`/threads/${t.id}`, { method: "PATCH", token: moderator.token, body: { hidden: true, featured: true } });
    expect((await s.api(`/threads/${t.id}`)).status).toBe(404);
    expect((await s.api(`/threads/${t.id}`, { token: citizen.token })).status).toBe(404);
    expect((await s.api(`/threads/${t.id}/posts`)).status).toBe(404);
    const mod = await s.api(`/threads/${t.id}`, { token: moderator.token });
    expect(mod.status).toBe(200);
    expect(mod.body.thread).toMatchObject({ hidden: true, featured: true });
    const list = await s.api(`/threads?section=forum&limit=100`);
    expect(list.body.items.map((x: any) => x.id)).not.toContain(t.id);
  });
});

describe("posts", () => {
  it("replies, quote-replies and lists oldest first after an id", async () => {
    const t = await newThread();
    const a = await s.api(`/threads/${t.id}/posts`, { token: other.token, body: { body: "第一条" } });
    expect(a.status).toBe(201);
    expect(a.body.post).toMatchObject({ threadId: t.id, body: "第一条", replyToId: null, helpfulCount: 0, hidden: false, editedAt: null });
    const b = await s.api(`/threads/${t.id}/posts`, { token: official.token, body: { body: "> 第一条\n\n回复", replyToId: a.body.post.id } });
    expect(b.body.post.replyToId).toBe(a.body.post.id);
    expect(b.body.post.author.role).toBe("official");
    expect(b.body.post.official).toBe(true);
    const all = await s.api(`/threads/${t.id}/posts`);
    expect(all.body.items.map((p: any) => p.id)).toEqual([a.body.post.id, b.body.post.id]);
    const after = await s.api(`/threads/${t.id}/posts?after=${a.body.post.id}`);
    expect(after.body.items.map((p: any) => p.id)).toEqual([b.body.post.id]);
    expect(after.body.nextCursor).toBeNull();
    const thread = await s.api(`/threads/${t.id}`);
    expect(thread.body.thread.postCount).toBe(2);
    // a reply target from another thread is refused
    const t2 = await newThread();
    const cross = await s.api(`/threads/${t2.id}/posts`, { token: other.token, body: { body: "x", replyToId: a.body.post.id } });
    expect(cross.status).toBe(400);
    expect(cross.body.error.fields.replyToId).toEqual(expect.any(String));
    expect((await s.api(`/threads/999999/posts`, { token: other.token, body: { body: "x" } })).status).toBe(404);
  });

  it("makes a reply once per Idempotency-Key, also when retries race", async () => {
    const t = await newThread();
    const key = "reply-retry-0001";
    const send = (body: string, k = key) => s.api(`/threads/${t.id}/posts`, { token: other.token, body: { body }, headers: { "Idempotency-Key": k } });
    const first = await send("断线后重发的回复");
    expect(first.status).toBe(201);
    const again = await send("断线后重发的回复");
    expect(again.status).toBe(200);
    expect(again.body.post.id).toBe(first.body.post.id);
    const reused = await send("另一条回复");
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe("idempotency_key_reused");
    const raced = await Promise.all(Array.from({ length: 6 }, () => send("同时重发六次", "reply-race-0002")));
    expect(raced.filter((r) => r.status === 201)).toHaveLength(1);
    expect(raced.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(new Set(raced.map((r) => r.body.post.id)).size).toBe(1);
    const thread = await s.api(`/threads/${t.id}`);
    expect(thread.body.thread.postCount).toBe(2);
    expect((await send("x", "bad key!")).status).toBe(400);
  });

  it("refuses replies to a locked thread with 409 and stores nothing", async () => {
    const t = await newThread();
    await s.api(`/threads/${t.id}`, { method: "PATCH", token: moderator.token, body: { locked: true } });
    const before = await count("posts");
    const r = await s.api(`/threads/${t.id}/posts`, { token: other.token, body: { body: "还能回复吗" } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("thread_locked");
    expect(await count("posts")).toBe(before);
  });

  it("keeps floors dense and ids in commit order under concurrent replies", async () => {
    const t = await newThread();
    const users = [citizen, other, official, moderator];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => s.api(`/threads/${t.id}/posts`, { token: users[i % 4].token, body: { body: `并发 ${i}` } })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const list = await s.api(`/threads/${t.id}/posts?limit=100`);
    const seqs = list.body.items.map((p: any) => p.seq);
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const ids = list.body.items.map((p: any) => Number(p.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it("pages by floor number: page N is floors (N-1)*20+1 … N*20", async () => {
    const t = await newThread();
    for (let i = 0; i < 45; i++) await s.api(`/threads/${t.id}/posts`, { token: other.token, body: { body: `楼 ${i + 1}` } });
    const p1 = await getPostPage(s.app, null, Number(t.id), 1);
    const p3 = await getPostPage(s.app, null, Number(t.id), 3);
    expect(p1.pageCount).toBe(3);
    expect(p1.items.map((p) => p.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(p3.items.map((p) => p.seq)).toEqual([41, 42, 43, 44, 45]);
    expect(p3.beforeId).toBe(p1.items.length ? (await getPostPage(s.app, null, Number(t.id), 2)).items.at(-1)!.id : "");
    const beyond = await getPostPage(s.app, null, Number(t.id), 99);
    expect(beyond.page).toBe(3);
  });

  it("edits keep the history; only the author edits the body", async () => {
    const t = await newThread();
    const p = (await s.api(`/threads/${t.id}/posts`, { token: other.token, body: { body: "原文" } })).body.post;
    const denied = await s.api(`/posts/${p.id}`, { method: "PATCH", token: citizen.token, body: { body: "篡改" } });
    expect(denied.status).toBe(403);
    const e1 = await s.api(`/posts/${p.id}`, { method: "PATCH", token: other.token, body: { body: "修改一" } });
    expect(e1.status).toBe(200);
    expect(e1.body.post.body).toBe("修改一");
    expect(e1.body.post.editedAt).toEqual(expect.any(String));
    await s.api(`/posts/${p.id}`, { method: "PATCH", token: other.token, body: { body: "修改二" } });
    const h = await s.api(`/posts/${p.id}/history`);
    expect(h.body.revisions.map((r: any) => r.body)).toEqual(["原文", "修改一"]);
    const empty = await s.api(`/posts/${p.id}`, { method: "PATCH", token: other.token, body: { body: "" } });
    expect(empty.status).toBe(400);
  });

  it("helpful reactions toggle, one per user, never on one's own post", async () => {
    const t = await newThread();
    const p = (await s.api(`/threads/${t.id}/posts`, { token: other.token, body: { body: "有用吗" } })).body.post;
    const r1 = await s.api(`/posts/${p.id}/reactions`, { token: citizen.token, body: { kind: "helpful" } });
    expect(r1.body.post.helpfulCount).toBe(1);
    const r2 = await s.api(`/posts/${p.id}/reactions`, { token: official.token, body: { kind: "helpful" } });
    expect(r2.body.post.helpfulCount).toBe(2);
    const r3 = await s.api(`/posts/${p.id}/reactions`, { token: citizen.token, body: { kind: "helpful" } });
    expect(r3.body.post.helpfulCount).toBe(1);
    const own = await s.api(`/posts/${p.id}/reactions`, { token: other.token, body: { kind: "helpful" } });
    expect(own.status).toBe(403);
    const badKind = await s.api(`/posts/${p.id}/reactions`, { token: citizen.token, body: { kind: "angry" } });
    expect(badKind.status).toBe(400);
    // concurrent toggles by one user: the counter always equals the rows
    await Promise.all(Array.from({ length: 7 }, () => s.api(`/posts/${p.id}/reactions`, { token: moderator.token, body: { kind: "helpful" } })));
    const rows: any = await s.app.db.execute(sql.raw(`select count(*)::int as n from post_reactions where post_id = ${Number(p.id)}`));
    const post = await s.api(`/posts/${p.id}`);
    expect(post.body.post.helpfulCount).toBe(Number((rows.rows ?? rows)[0].n));
  });

  it("reports go to the moderators' queue once per user; hidden posts are redacted for others", async () => {
    const t = await newThread();
    const p = (await s.api(`/threads/${t.id}/posts`, { token: other.token, body: { body: "不当言论" } })).body.post;
    const rep = await s.api(`/posts/${p.id}/reports`, { token: citizen.token, body: { reason: "人身攻击" } });
    expect(rep.status).toBe(201);
    const again = await s.api(`/posts/${p.id}/reports`, { token: citizen.token, body: { reason: "再次" } });
    expect(again.status).toBe(409);
    expect((await s.api(`/reports`, { token: citizen.token })).status).toBe(403);
    const queue = await s.api(`/reports?limit=100`, { token: moderator.token });
    const item = queue.body.items.find((r: any) => r.post.id === p.id);
    // the queue pages by cursor
    const p2 = (await s.api(`/threads/${t.id}/posts`, { token: other.token, body: { body: "第二条" } })).body.post;
    await s.api(`/posts/${p2.id}/reports`, { token: citizen.token, body: { reason: "广告" } });
    const first = await s.api(`/reports?limit=1`, { token: moderator.token });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await s.api(`/reports?limit=1&cursor=${first.body.nextCursor}`, { token: moderator.token });
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect(item).toMatchObject({ reason: "人身攻击", status: "open" });
    const resolved = await s.api(`/reports/${item.id}`, { method: "PATCH", token: moderator.token, body: { status: "resolved", hidePost: true } });
    expect(resolved.status).toBe(200);
    const pub = await s.api(`/posts/${p.id}`);
    expect(pub.body.post).toMatchObject({ hidden: true, body: "", bodyHtml: "" });
    const mod = await s.api(`/posts/${p.id}`, { token: moderator.token });
    expect(mod.body.post.body).toBe("不当言论");
    const hideByCitizen = await s.api(`/posts/${p.id}`, { method: "PATCH", token: citizen.token, body: { hidden: false } });
    expect(hideByCitizen.status).toBe(403);
    // the hidden reply no longer counts; the second one does
    expect((await s.api(`/threads/${t.id}`)).body.thread.postCount).toBe(1);
  });

  it("stores script as inert text", async () => {
    const t = await newThread();
    const p = await s.api(`/threads/${t.id}/posts`, {
      token: other.token,
      body: { body: '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> [y](foo:bar)' },
    });
    expect(p.body.post.bodyHtml).not.toMatch(/<script|<img|href="javascript|href="foo:/i);
  });
});

describe("admin", () => {
  it("sets roles and mailbox memberships; disabling ends every session", async () => {
    const admin = await s.user("admin");
    const target = await s.user();
    const [mb]: any = await s.app.db.execute(sql`insert into mailboxes (name, tier, kind) values ('市交通运输局', 'city', 'department') returning id`).then((r: any) => r.rows ?? r);
    const denied = await s.api(`/admin/users/${target.id}`, { method: "PATCH", token: moderator.token, body: { role: "admin" } });
    expect(denied.status).toBe(403);
    const r = await s.api(`/admin/users/${target.id}`, {
      method: "PATCH",
      token: admin.token,
      body: { role: "official", mailboxes: [{ mailboxId: String(mb.id), position: "leader" }] },
    });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ role: "official", mailboxes: [{ mailboxId: String(mb.id), position: "leader" }] });
    const bad = await s.api(`/admin/users/${target.id}`, { method: "PATCH", token: admin.token, body: { role: "king" } });
    expect(bad.status).toBe(400);
    const unknownMailbox = await s.api(`/admin/users/${target.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId: "999999", position: "handler" }] } });
    expect(unknownMailbox.status).toBe(400);
    expect((await s.api("/me", { token: target.token })).body.user.mailboxes).toHaveLength(1);
    // A new role applies to the very next request (no stale cached identity).
    const demoted = await s.user("moderator");
    const t = await newThread();
    expect((await s.api(`/threads/${t.id}`, { method: "PATCH", token: demoted.token, body: { pinned: true } })).status).toBe(200);
    await s.api(`/admin/users/${demoted.id}`, { method: "PATCH", token: admin.token, body: { role: "citizen" } });
    expect((await s.api(`/threads/${t.id}`, { method: "PATCH", token: demoted.token, body: { pinned: false } })).status).toBe(403);
    // and so does a new display name
    await s.api("/me", { method: "PATCH", token: demoted.token, body: { displayName: "新名字" } });
    const reply = await s.api(`/threads/${t.id}/posts`, { token: demoted.token, body: { body: "改名后的回复" } });
    expect(reply.body.post.author.displayName).toBe("新名字");
    const off = await s.api(`/admin/users/${target.id}`, { method: "PATCH", token: admin.token, body: { disabled: true } });
    expect(off.status).toBe(200);
    expect((await s.api("/me", { token: target.token })).status).toBe(401);
    const login = await s.api("/auth/login", { body: { username: target.username, password: "password-123" } });
    expect(login.status).toBe(403);
    const mailboxes = await s.api("/mailboxes");
    expect(mailboxes.body.items).toContainEqual(expect.objectContaining({ id: String(mb.id), tier: "city", kind: "department", parentId: null }));
  });
});
