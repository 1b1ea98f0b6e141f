import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { mailboxes, mailboxMembers } from "../../db/schema";
import { rowsOf } from "../../db/rows";
import { mailboxTree } from "../../db/seed/mailboxes";
import { ensureMailboxTree } from "../../app/.server/petitions/mailboxes";
import { hashToken } from "../../app/.server/auth/tokens";
import { startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let admin: TestUser;
let adminCookie: string;

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  admin = await s.user("admin");
  const login = await s.api("/auth/login", { body: { username: admin.username, password: "password-123" } });
  adminCookie = login.headers.get("set-cookie")!.split(";")[0];
});
afterAll(() => s?.stop());

const page = (path: string, init: RequestInit = {}) => fetch(`${s.url}${path}`, { redirect: "manual", ...init });

async function mailboxCount() {
  return Number(rowsOf<{ n: number }>(await s.app.db.execute(sql`select count(*)::int as n from mailboxes`))[0].n);
}

async function idOf(slug: string) {
  const [row] = await s.app.db.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.slug, slug));
  return String(row.id);
}

/** Everything an admin route could change. */
async function snapshot() {
  const [mbs, members] = await Promise.all([
    s.app.db.select().from(mailboxes).orderBy(mailboxes.id),
    s.app.db.select().from(mailboxMembers).orderBy(mailboxMembers.mailboxId, mailboxMembers.userId),
  ]);
  return JSON.stringify({ mbs, members });
}

describe("the mailbox tree", () => {
  it("is in place at start, and ensureMailboxTree is idempotent and never overwrites", async () => {
    const count = await mailboxCount();
    expect(count).toBe(mailboxTree.length);
    expect(await ensureMailboxTree(s.app)).toEqual({ inserted: 0 });
    expect(await ensureMailboxTree(s.app)).toEqual({ inserted: 0 });
    expect(await mailboxCount()).toBe(count);

    // Parents were linked by slug.
    const [town] = rowsOf<{ parent: string }>(
      await s.app.db.execute(sql`select p.slug as parent from mailboxes m join mailboxes p on p.id = m.parent_id where m.slug = 'longchuan-laolong'`),
    );
    expect(town.parent).toBe("longchuan");

    // An administrator's renaming and moving survive a restart.
    const mayor = await idOf("city-mayor");
    const transport = await idOf("city-transport");
    const vice = await idOf("city-vice-mayor-urban");
    await s.api(`/admin/mailboxes/${mayor}`, { method: "PATCH", token: admin.token, body: { name: "市长信箱（改名）" } });
    await s.api(`/admin/mailboxes/${transport}`, { method: "PATCH", token: admin.token, body: { parentId: vice } });
    await ensureMailboxTree(s.app);
    const [m] = await s.app.db.select().from(mailboxes).where(eq(mailboxes.slug, "city-mayor"));
    const [tr] = await s.app.db.select().from(mailboxes).where(eq(mailboxes.slug, "city-transport"));
    expect(m.name).toBe("市长信箱（改名）");
    expect(String(tr.parentId)).toBe(vice);
    await s.api(`/admin/mailboxes/${mayor}`, { method: "PATCH", token: admin.token, body: { name: "市长信箱" } });
    await s.api(`/admin/mailboxes/${transport}`, { method: "PATCH", token: admin.token, body: { parentId: mayor } });
  });

  it("recognises a mailbox from before slugs existed by its name instead of adding a second one", async () => {
    const count = await mailboxCount();
    await s.app.db.update(mailboxes).set({ slug: null }).where(eq(mailboxes.slug, "heping-yangming"));
    expect(await ensureMailboxTree(s.app)).toEqual({ inserted: 0 });
    expect(await mailboxCount()).toBe(count);
    expect(await idOf("heping-yangming")).toBeTruthy();
  });

  it("answers GET /mailboxes with the whole active tree", async () => {
    const r = await s.api("/mailboxes");
    expect(r.status).toBe(200);
    const items = r.body.items as { id: string; name: string; tier: string; kind: string; parentId: string | null }[];
    expect(items.length).toBeGreaterThanOrEqual(186);
    const ids = new Set(items.map((i) => i.id));
    for (const i of items) {
      expect(i).toEqual(expect.objectContaining({ id: expect.any(String), name: expect.any(String), tier: expect.any(String), kind: expect.any(String) }));
      if (i.parentId !== null) expect(ids.has(i.parentId)).toBe(true);
    }
    expect(items.find((i) => i.name === "市委书记信箱")).toMatchObject({ tier: "city", kind: "leader", parentId: null });
    expect(items.filter((i) => i.tier === "town").length).toBe(100);
  });
});

describe("mailbox administration", () => {
  it("is for admins only: 401 signed out, 403 for everyone else, and nothing changes", async () => {
    const citizen = await s.user();
    const official = await s.user("official");
    const moderator = await s.user("moderator");
    const id = await idOf("city-education");
    const before = await snapshot();
    const calls: [string, string, unknown?][] = [
      ["GET", "/admin/mailboxes"],
      ["POST", "/admin/mailboxes", { name: "新信箱", tier: "city", kind: "department" }],
      ["GET", `/admin/mailboxes/${id}`],
      ["PATCH", `/admin/mailboxes/${id}`, { name: "被改的名字", active: false }],
      ["PUT", `/admin/mailboxes/${id}/members/${official.id}`, { position: "leader" }],
      ["DELETE", `/admin/mailboxes/${id}/members/${official.id}`],
    ];
    for (const [method, path, body] of calls) {
      expect((await s.api(path, { method, body })).status, `${method} ${path} signed out`).toBe(401);
      for (const u of [citizen, official, moderator]) {
        const r = await s.api(path, { method, body, token: u.token });
        expect(r.status, `${method} ${path} as ${u.role}`).toBe(403);
        expect(r.body.error.code).toBe("forbidden");
      }
    }
    expect(await snapshot()).toBe(before);
    // The pages too.
    const login = await s.api("/auth/login", { body: { username: official.username, password: "password-123" } });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    expect((await page("/admin/mailboxes")).status).toBe(302);
    expect((await page("/admin/mailboxes", { headers: { Cookie: cookie } })).status).toBe(403);
    expect((await page(`/admin/mailboxes/${id}`, { headers: { Cookie: cookie } })).status).toBe(403);
    const form = new URLSearchParams({ intent: "save", name: "页面改名", tier: "city", kind: "department", parentId: "" });
    expect((await page(`/admin/mailboxes/${id}`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: s.url } })).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it("creates a mailbox, after its siblings, and shows it publicly", async () => {
    const parent = await idOf("city-mayor");
    const r = await s.api("/admin/mailboxes", {
      token: admin.token,
      body: { name: "市城市更新局", nameEn: "Municipal Urban Renewal Bureau", tier: "city", kind: "department", parentId: parent },
    });
    expect(r.status).toBe(201);
    expect(r.body.mailbox).toMatchObject({ name: "市城市更新局", nameEn: "Municipal Urban Renewal Bureau", tier: "city", kind: "department", parentId: parent, slug: null, active: true });
    const siblings = await s.app.db.select({ sortOrder: mailboxes.sortOrder }).from(mailboxes).where(eq(mailboxes.parentId, Number(parent)));
    expect(r.body.mailbox.sortOrder).toBe(Math.max(...siblings.map((x) => x.sortOrder)));
    const got = await s.api(`/admin/mailboxes/${r.body.mailbox.id}`, { token: admin.token });
    expect(got.body.mailbox).toMatchObject({ id: r.body.mailbox.id, members: [] });
    const pub = await s.api("/mailboxes");
    expect(pub.body.items).toContainEqual(expect.objectContaining({ id: r.body.mailbox.id, parentId: parent }));
  });

  it("refuses bad input with 400 and field errors, and changes nothing", async () => {
    const before = await snapshot();
    const id = await idOf("city-health");
    const empty = await s.api("/admin/mailboxes", { token: admin.token, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("invalid_input");
    expect(Object.keys(empty.body.error.fields).sort()).toEqual(["kind", "name", "tier"]);

    const bad = await s.api("/admin/mailboxes", { token: admin.token, body: { name: " ", tier: "province", kind: "leader", sortOrder: -1 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["name", "sortOrder", "tier"]);

    const unknownParent = await s.api("/admin/mailboxes", { token: admin.token, body: { name: "某信箱", tier: "city", kind: "department", parentId: "99999999" } });
    expect(unknownParent.status).toBe(400);
    expect(unknownParent.body.error.fields.parentId).toBe("包含不存在的信箱。");
    const unknownParentEn = await s.api(`/admin/mailboxes/${id}`, {
      method: "PATCH",
      token: admin.token,
      body: { parentId: 99999999 },
      headers: { "Accept-Language": "en" },
    });
    expect(unknownParentEn.status).toBe(400);
    expect(unknownParentEn.body.error.fields.parentId).toMatch(/[a-z]/);

    const townAbove = await s.api("/admin/mailboxes", {
      token: admin.token,
      body: { name: "县级部门", tier: "county", kind: "department", parentId: await idOf("zijin-zicheng") },
    });
    expect(townAbove.status).toBe(400);
    expect(Object.keys(townAbove.body.error.fields)).toEqual(["parentId"]);

    const patch = await s.api(`/admin/mailboxes/${id}`, { method: "PATCH", token: admin.token, body: { name: "", kind: "office", color: "red" } });
    expect(patch.status).toBe(400);
    expect(patch.body.error.fields).toHaveProperty("name");
    // A county mailbox with towns under it cannot become a town.
    const tierDown = await s.api(`/admin/mailboxes/${await idOf("zijin")}`, { method: "PATCH", token: admin.token, body: { tier: "town" } });
    expect(tierDown.status).toBe(400);
    expect(Object.keys(tierDown.body.error.fields)).toEqual(["tier"]);

    expect((await s.api("/admin/mailboxes/99999999", { method: "PATCH", token: admin.token, body: { name: "无" } })).status).toBe(404);
    expect((await s.api("/admin/mailboxes/abc", { token: admin.token })).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it("refuses a parent that would close a cycle", async () => {
    const a = await s.api("/admin/mailboxes", { token: admin.token, body: { name: "甲信箱", tier: "city", kind: "department" } });
    const b = await s.api("/admin/mailboxes", { token: admin.token, body: { name: "乙信箱", tier: "city", kind: "department", parentId: a.body.mailbox.id } });
    const c = await s.api("/admin/mailboxes", { token: admin.token, body: { name: "丙信箱", tier: "county", kind: "department", parentId: b.body.mailbox.id } });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    const before = await snapshot();
    for (const parentId of [a.body.mailbox.id, b.body.mailbox.id, c.body.mailbox.id]) {
      const r = await s.api(`/admin/mailboxes/${a.body.mailbox.id}`, { method: "PATCH", token: admin.token, body: { parentId } });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("mailbox_cycle");
      expect(r.body.error.fields.parentId).toBeTruthy();
    }
    // The whole city tree cannot go under one of its own towns either.
    const party = await idOf("city-party");
    const deep = await s.api(`/admin/mailboxes/${party}`, { method: "PATCH", token: admin.token, body: { parentId: await idOf("lianping-zhongxin") } });
    expect(deep.status).toBe(400);
    expect(deep.body.error.code).toBe("mailbox_cycle");
    expect(await snapshot()).toBe(before);
    // A legal move works.
    const ok = await s.api(`/admin/mailboxes/${b.body.mailbox.id}`, { method: "PATCH", token: admin.token, body: { parentId: null, sortOrder: 5 } });
    expect(ok.status).toBe(200);
    expect(ok.body.mailbox).toMatchObject({ parentId: null, sortOrder: 5 });
  });

  it("adds, changes and removes a member, and the member's own /me shows it at once", async () => {
    const official = await s.user("official");
    const id = await idOf("dongyuan-education");
    // A request caches the member's session …
    expect((await s.api("/me", { token: official.token })).body.user.mailboxes).toEqual([]);
    const cached = () => s.app.sessions.get(hashToken(official.token));
    expect(cached()).not.toBeNull();

    const add = await s.api(`/admin/mailboxes/${id}/members/${official.id}`, { method: "PUT", token: admin.token, body: { position: "handler" } });
    expect(add.status).toBe(200);
    expect(add.body.members).toEqual([expect.objectContaining({ userId: official.id, username: official.username, position: "handler" })]);
    // … which the change evicts.
    expect(cached()).toBeNull();
    expect((await s.api("/me", { token: official.token })).body.user.mailboxes).toEqual([{ mailboxId: id, position: "handler" }]);

    const change = await s.api(`/admin/mailboxes/${id}/members/${official.id}`, { method: "PUT", token: admin.token, body: { position: "leader" } });
    expect(change.body.members).toEqual([expect.objectContaining({ userId: official.id, position: "leader" })]);
    expect(cached()).toBeNull();
    expect((await s.api("/me", { token: official.token })).body.user.mailboxes).toEqual([{ mailboxId: id, position: "leader" }]);

    const got = await s.api(`/admin/mailboxes/${id}`, { token: admin.token });
    expect(got.body.mailbox.members).toEqual([expect.objectContaining({ userId: official.id, position: "leader", displayName: expect.any(String) })]);

    const badPosition = await s.api(`/admin/mailboxes/${id}/members/${official.id}`, { method: "PUT", token: admin.token, body: { position: "boss" } });
    expect(badPosition.status).toBe(400);
    expect(Object.keys(badPosition.body.error.fields)).toEqual(["position"]);
    expect((await s.api(`/admin/mailboxes/${id}/members/99999999`, { method: "PUT", token: admin.token, body: { position: "handler" } })).status).toBe(404);
    expect((await s.api(`/admin/mailboxes/99999999/members/${official.id}`, { method: "PUT", token: admin.token, body: { position: "handler" } })).status).toBe(404);

    const del = await s.api(`/admin/mailboxes/${id}/members/${official.id}`, { method: "DELETE", token: admin.token });
    expect(del.status).toBe(204);
    expect(cached()).toBeNull();
    expect((await s.api("/me", { token: official.token })).body.user.mailboxes).toEqual([]);
    expect((await s.api(`/admin/mailboxes/${id}`, { token: admin.token })).body.mailbox.members).toEqual([]);
  });

  it("hides a retired mailbox from the public list; its children hang from the nearest active ancestor", async () => {
    const county = await idOf("heping");
    const head = await idOf("heping-head");
    const education = await idOf("heping-education");
    const off = await s.api(`/admin/mailboxes/${head}`, { method: "PATCH", token: admin.token, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body.mailbox.active).toBe(false);
    const pub = (await s.api("/mailboxes")).body.items as { id: string; parentId: string | null }[];
    expect(pub.find((i) => i.id === head)).toBeUndefined();
    expect(pub.find((i) => i.id === education)?.parentId).toBe(county);
    const all = (await s.api("/admin/mailboxes", { token: admin.token })).body.items as { id: string; active: boolean }[];
    expect(all.find((i) => i.id === head)).toMatchObject({ active: false });
    await s.api(`/admin/mailboxes/${head}`, { method: "PATCH", token: admin.token, body: { active: true } });
    expect(((await s.api("/mailboxes")).body.items as { id: string }[]).some((i) => i.id === head)).toBe(true);
  });

  it("works as plain HTML forms: create, edit with inline errors, and members by username", async () => {
    const h = { Cookie: adminCookie, Origin: s.url };
    const list = await page("/admin/mailboxes", { headers: { Cookie: adminCookie } });
    expect(list.status).toBe(200);
    const html = await list.text();
    for (const name of ["东源县委书记信箱", "龙川县委书记信箱", "市教育局", "<details"]) expect(html).toContain(name);
    const filtered = await (await page(`/admin/mailboxes?q=${encodeURIComponent("上坪镇")}`, { headers: { Cookie: adminCookie } })).text();
    expect(filtered).toContain("龙川县上坪镇综治信访维稳中心");
    expect(filtered).toContain("连平县上坪镇综治信访维稳中心");
    expect(filtered).toContain("找到 2 个信箱");

    const bad = await page("/admin/mailboxes", { method: "POST", body: new URLSearchParams({ name: "", tier: "city", kind: "department", parentId: "" }), headers: h });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("此项必填。");

    const parent = await idOf("lianping");
    const created = await page("/admin/mailboxes", {
      method: "POST",
      body: new URLSearchParams({ name: "连平县乡村振兴局", nameEn: "", tier: "county", kind: "department", parentId: parent, active: "on", sortOrder: "" }),
      headers: h,
    });
    expect(created.status).toBe(302);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/admin\/mailboxes\/\d+\?created=1$/);
    const id = location.split("/").pop()!.split("?")[0];
    expect((await page(location, { headers: { Cookie: adminCookie } })).status).toBe(200);

    const cycle = await page(`/admin/mailboxes/${parent}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "save", name: "连平县委书记信箱", nameEn: "x", tier: "county", kind: "leader", parentId: id, active: "on" }),
      headers: h,
    });
    expect(cycle.status).toBe(400);
    expect(await cycle.text()).toContain("不能选择该信箱本身或它的下级信箱作为上级。");

    const official = await s.user("official");
    const add = await page(`/admin/mailboxes/${id}`, { method: "POST", body: new URLSearchParams({ intent: "add", username: official.username.toUpperCase(), position: "leader" }), headers: h });
    expect(add.status).toBe(200);
    expect(await add.text()).toContain("成员已保存。");
    expect((await s.api("/me", { token: official.token })).body.user.mailboxes).toEqual([{ mailboxId: id, position: "leader" }]);
    const nobody = await page(`/admin/mailboxes/${id}`, { method: "POST", body: new URLSearchParams({ intent: "add", username: "no_such_user", position: "leader" }), headers: h });
    expect(nobody.status).toBe(400);
    expect(await nobody.text()).toContain("找不到该用户。");
    const remove = await page(`/admin/mailboxes/${id}`, { method: "POST", body: new URLSearchParams({ intent: "remove", userId: official.id }), headers: h });
    expect(remove.status).toBe(200);
    expect((await s.api("/me", { token: official.token })).body.user.mailboxes).toEqual([]);

    const off = await page(`/admin/mailboxes/${id}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "save", name: "连平县乡村振兴局", nameEn: "Lianping Rural Revitalisation Bureau", tier: "county", kind: "department", parentId: parent, sortOrder: "7" }),
      headers: h,
    });
    expect(off.status).toBe(200);
    const [row] = await s.app.db.select().from(mailboxes).where(eq(mailboxes.id, Number(id)));
    expect(row).toMatchObject({ active: false, sortOrder: 7, nameEn: "Lianping Rural Revitalisation Bureau" });
  });
});
