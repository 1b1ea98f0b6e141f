// The role × action matrix of API v1. Actors: anonymous, a citizen, a moderator, an official
// with a mailbox (not the one the fixtures live in), an official with none, and an
// administrator. Operations: every one in the OpenAPI document (plus route files it misses).
// Expected refusals come from the document itself: `security` says who must sign in (anonymous
// → 401) and `x-roles` which roles may act on an object that is not theirs (everyone else →
// 403). The fixtures belong to other people, bodies are valid (a 400 cannot mask a missing
// 403), and the database is compared before and after: a refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { awardCandidates, mailboxes } from "../../db/schema";
import { startTestServer, type TestServer, type TestUser } from "../support/server";
import { apiOperations, fingerprint, type Operation } from "./support";

let s: TestServer;
let ops: Operation[];
const MIN = 60_000;
const at = (minutes: number) => new Date(Date.now() + minutes * MIN).toISOString();

type ActorName = "citizen" | "moderator" | "official" | "officialNoMailbox" | "admin";
const actors = {} as Record<ActorName, TestUser>;
let owner: TestUser; // the official who owns the fixtures (member of mailbox A)
let author: TestUser; // the citizen who wrote them
let rootAdmin: TestUser;
const mb: Record<string, string> = {};
const ids: Record<string, string> = {};

// Bookkeeping a refused request may touch: rate-limit counters (a take() before the check would
// still be a refusal) and lucia's sliding session expiry. Neither is data of the platform.
const BOOKKEEPING = ["rate_limits", "sessions"];

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  ops = apiOperations(await (await fetch(`${s.url}/api/v1/openapi.json`)).json());
  for (const m of await s.app.db.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes)) if (m.slug) mb[m.slug] = String(m.id);
  [rootAdmin, owner, author, actors.citizen, actors.moderator, actors.official, actors.officialNoMailbox, actors.admin] = await Promise.all([
    s.user("admin"),
    s.user("official"),
    s.user(),
    s.user(),
    s.user("moderator"),
    s.user("official"),
    s.user("official"),
    s.user("admin"),
  ]);
  const as = (u: TestUser) => ({ token: u.token });
  const ok = (r: { status: number; body: any }, what: string) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const member = (u: TestUser, slug: string) =>
    s.api(`/admin/users/${u.id}`, { method: "PATCH", ...as(rootAdmin), body: { mailboxes: [{ mailboxId: mb[slug], position: "handler" }] } }).then((r) => ok(r, "member"));
  await member(owner, "city-transport");
  await member(actors.official, "city-education");
  ids.mailbox = mb["city-transport"];
  ids.user = author.id;

  const thread = ok(await s.api("/threads", { ...as(author), body: { section: "forum", title: "小区停车", body: "正文" } }), "thread");
  ids.thread = thread.thread.id;
  ids.post = ok(await s.api(`/threads/${ids.thread}/posts`, { ...as(owner), body: { body: "官方回复" } }), "post").post.id;
  ids.report = ok(await s.api(`/posts/${ids.post}/reports`, { ...as(author), body: { reason: "不实" } }), "report").report.id;
  ids.petition = ok(
    await s.api("/petitions", { ...as(author), body: { mailboxId: ids.mailbox, title: "公交站台破损", body: "请修缮", category: "transport", public: false } }),
    "petition",
  ).petition.id;
  ids.live = ok(
    await s.api("/live", { ...as(owner), body: { title: "在线交流", description: "欢迎", mailboxId: ids.mailbox, startsAt: at(-1), endsAt: at(60) } }),
    "live",
  ).session.id;
  ids.question = ok(await s.api(`/live/${ids.live}/questions`, { ...as(author), body: { body: "什么时候修？" } }), "question").question.id;
  // Approved, so everyone can see it: a refusal must then be a 403, not a 404 that hides it.
  ok(await s.api(`/live/questions/${ids.question}`, { method: "PATCH", ...as(owner), body: { status: "approved" } }), "approve");
  ids.event = ok(
    await s.api("/events", {
      ...as(owner),
      body: { kind: "meetup", title: "见面会", description: "议程", startsAt: at(72 * 60), endsAt: at(74 * 60), registrationClosesAt: at(48 * 60), place: "市民中心", capacity: 10 },
    }),
    "event",
  ).event.id;
  ids.award = ok(
    await s.api("/awards", {
      ...as(rootAdmin),
      body: { title: "年度最给力网友", year: 2030, nominationOpensAt: at(-60), votingOpensAt: at(24 * 60), votingClosesAt: at(48 * 60), votesPerVoter: 3, resultsVisibility: "live", winners: 3, minAccountAgeDays: 0, minPosts: 0 },
    }),
    "award",
  ).award.id;
  const [cand] = await s.app.db
    .insert(awardCandidates)
    .values({ roundId: Number(ids.award), userId: Number(owner.id), source: "nomination", reason: "热心", approved: true, nominatedBy: Number(author.id) })
    .returning({ id: awardCandidates.id });
  ids.candidate = String(cand.id);
  ids.apiKey = ok(await s.api("/admin/api-keys", { ...as(rootAdmin), body: { name: "热线", channel: "hotline" } }), "key").apiKey.id;
}, 60_000);
afterAll(() => s?.stop());

/** The id each path parameter stands for: the fixtures above, by the path's collection. */
function urlOf(op: Operation) {
  const p = op.path
    .replace("/live/questions/{id}", `/live/questions/${ids.question}`)
    .replace("/awards/candidates/{id}", `/awards/candidates/${ids.candidate}`)
    .replace("/admin/mailboxes/{id}/members/{userId}", `/admin/mailboxes/${ids.mailbox}/members/${ids.user}`)
    .replace("/admin/mailboxes/{id}", `/admin/mailboxes/${ids.mailbox}`)
    .replace("/admin/users/{id}", `/admin/users/${ids.user}`)
    .replace("/admin/api-keys/{id}", `/admin/api-keys/${ids.apiKey}`)
    .replace(/^\/(threads|posts|reports|petitions|live|events|awards)\/\{id\}/, (_m, c: string) => `/${c}/${ids[{ threads: "thread", posts: "post", reports: "report", petitions: "petition", live: "live", events: "event", awards: "award" }[c]!]}`)
    .replace(/\{[A-Za-z]+\}/g, "1");
  return p;
}

/** Valid bodies, so that validation cannot answer before the role check does. */
function bodyOf(op: Operation): unknown {
  const b: Record<string, unknown> = {
    "patch /threads/{id}": { pinned: true },
    "patch /posts/{id}": { hidden: true },
    "patch /reports/{id}": { status: "resolved", hidePost: true },
    "post /petitions/{id}/actions": { action: "accept" },
    "post /threads/{id}/petition": { mailboxId: ids.mailbox, category: "transport" },
    "post /live": { title: "越权", mailboxId: ids.mailbox, startsAt: at(60), endsAt: at(120) },
    "patch /live/{id}": { title: "越权修改" },
    "patch /live/questions/{id}": { status: "approved" },
    "post /live/questions/{id}/answer": { body: "越权回答" },
    "post /live/questions/{id}/petition": { category: "transport" },
    "post /events": { kind: "meetup", title: "越权", startsAt: at(72 * 60), registrationClosesAt: at(48 * 60), capacity: 5 },
    "patch /events/{id}": { title: "越权修改" },
    "post /events/{id}/checkins": { code: "ABCDEF" },
    "post /events/{id}/draw": { seed: "0123456789abcdef0123" },
    "put /events/{id}/minutes": { minutes: "越权纪要", links: [] },
    "post /awards": { title: "越权", year: 2031, nominationOpensAt: at(60), votingOpensAt: at(120), votingClosesAt: at(180), votesPerVoter: 3, resultsVisibility: "live" },
    "post /awards/{id}/candidates": { userId: author.id, reason: "越权" },
    "patch /awards/candidates/{id}": { approved: true },
    "post /awards/{id}/votes/void": { voteIds: ["1"], reason: "越权" },
    "post /admin/mailboxes": { name: "越权信箱", tier: "town", kind: "department", parentId: ids.mailbox },
    "patch /admin/mailboxes/{id}": { name: "越权改名" },
    "put /admin/mailboxes/{id}/members/{userId}": { position: "leader" },
    "post /admin/api-keys": { name: "越权", channel: "mobile" },
    "patch /admin/users/{id}": { role: "admin" },
  };
  return b[`${op.method} ${op.path}`] ?? (op.method === "get" || op.method === "delete" ? undefined : {});
}

/**
 * Where a case the viewer may not read simply does not exist for them, the refusal is a 404
 * (decision of the petitions area: nobody can tell a case exists); its body is checked to be the
 * same as for a missing id in objects.test.ts.
 */
const HIDDEN = new Set(["get /petitions/{id}", "post /petitions/{id}/query-code"]);
const refused = (op: Operation, status: number, expected: number) => status === expected || (status === 404 && HIDDEN.has(`${op.method} ${op.path}`));

const needsSignIn = (op: Operation) => op.security.length > 0 && !op.security.some((x) => Object.keys(x).length === 0) && !op.security.some((x) => "open311ApiKey" in x);
const call = (op: Operation, token?: string) => {
  const body = bodyOf(op);
  return s.api(urlOf(op).replace(/^\/api\/v1/, ""), { method: op.method.toUpperCase(), token, ...(body === undefined ? {} : { body }) });
};

describe("role × action matrix", () => {
  it("answers 401 to anonymous on every operation that needs a sign-in, changing nothing", async () => {
    const guarded = ops.filter((o) => (o.documented ? needsSignIn(o) : o.method !== "get"));
    expect(guarded.length).toBeGreaterThan(40);
    const before = await fingerprint(s, BOOKKEEPING);
    const wrong: string[] = [];
    for (const op of guarded) {
      const r = await call(op);
      if (!refused(op, r.status, 401)) wrong.push(`${op.method.toUpperCase()} ${urlOf(op)}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(s, BOOKKEEPING)).toEqual(before);
  });

  it("answers 403 to every signed-in role outside an operation's x-roles, changing nothing", async () => {
    const gated = ops.filter((o) => o.roles);
    // The document says who may act: spot-check it is there for the obvious ones.
    const rolesOf = (m: string, p: string) => gated.find((o) => o.method === m && o.path === p)?.roles;
    expect(rolesOf("get", "/petitions/supervision")).toEqual(["admin"]);
    expect(rolesOf("patch", "/reports/{id}")).toEqual(["moderator", "admin"]);
    expect(rolesOf("post", "/events")).toEqual(["official", "moderator", "admin"]);
    expect(gated.length).toBeGreaterThan(25);
    const before = await fingerprint(s, BOOKKEEPING);
    const wrong: string[] = [];
    let pairs = 0;
    for (const op of gated) {
      for (const [name, u] of Object.entries(actors)) {
        if (op.roles!.includes(u.role)) continue;
        pairs++;
        const r = await call(op, u.token);
        if (!refused(op, r.status, 403)) wrong.push(`${name} ${op.method.toUpperCase()} ${urlOf(op)}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
      }
    }
    expect(pairs).toBeGreaterThan(60);
    expect(wrong).toEqual([]);
    expect(await fingerprint(s, BOOKKEEPING)).toEqual(before);
  });

  it("keeps a mailbox's cases to its members: officials of other mailboxes or none are refused", async () => {
    const before = await fingerprint(s, BOOKKEEPING);
    for (const u of [actors.official, actors.officialNoMailbox, actors.moderator, actors.citizen]) {
      const list = await s.api(`/petitions?mailboxId=${ids.mailbox}`, { token: u.token });
      expect(list.status, u.role).toBe(403);
      // Not theirs to read or act on: the case does not exist for them.
      const read = await s.api(`/petitions/${ids.petition}`, { token: u.token });
      expect([403, 404], u.role).toContain(read.status);
      expect(JSON.stringify(read.body)).not.toContain("公交站台破损");
      const act = await s.api(`/petitions/${ids.petition}/actions`, { token: u.token, body: { action: "accept" } });
      expect([403, 404], u.role).toContain(act.status);
    }
    // Who may act is decided before the body is read: a bad body from the wrong person is a refusal, not a 400.
    expect((await s.api(`/events/${ids.event}/draw`, { token: actors.citizen.token, body: { seed: "x" } })).status).toBe(403);
    expect((await s.api("/notifications/read", { body: {} })).status).toBe(401);
    // Info-section threads are for officials and administrators.
    for (const u of [actors.citizen, actors.moderator]) {
      expect((await s.api("/threads", { token: u.token, body: { section: "info", title: "越权发布", body: "正文" } })).status).toBe(403);
    }
    expect(await fingerprint(s, BOOKKEEPING)).toEqual(before);
  });

  it("holds the commitments' own rules too (owner mailbox, adoption and status by admins), from a table", async () => {
    const c = await s.api("/commitments", {
      token: rootAdmin.token,
      body: { year: 2031, status: "adopted", ordinal: 1, title: "公交站台加装候车亭", summary: "s", ownerMailboxId: ids.mailbox, milestones: [{ title: "选址" }] },
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const id = c.body.commitment.id;
    const detail = await s.api(`/commitments/${id}`);
    const milestone = (detail.body.commitment ?? detail.body).milestones?.[0]?.id ?? detail.body.milestones?.[0]?.id;
    expect(milestone).toBeTruthy();
    const link = await s.api(`/commitments/${id}/links`, { token: rootAdmin.token, body: { threadId: ids.thread } });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const links = (await s.api(`/commitments/${id}/links`)).body;
    const linkId = (links.items ?? links.links ?? []).map((l: any) => l.id)[0];
    expect(linkId, JSON.stringify(links)).toBeTruthy();
    const other = (await s.api("/threads", { token: author.token, body: { section: "forum", title: "另一个讨论", body: "正文" } })).body.thread.id;
    // [method, path, body, the roles (besides administrators and the owner mailbox's officials) that may]
    const table: [string, string, unknown, string[]][] = [
      ["POST", "/commitments", { year: 2031, title: "越权提议", ownerMailboxId: ids.mailbox }, ["moderator"]],
      ["PATCH", `/commitments/${id}`, { title: "越权修改" }, []],
      ["PATCH", `/commitments/${id}`, { status: "dropped" }, []],
      ["POST", `/commitments/${id}/progress`, { progress: 50, note: "越权" }, []],
      ["POST", `/commitments/${id}/milestones`, { title: "越权" }, []],
      ["PATCH", `/commitments/${id}/milestones/${milestone}`, { done: true }, []],
      ["POST", `/commitments/${id}/links`, { threadId: other }, ["moderator"]],
      ["DELETE", `/commitments/${id}/links/${linkId}`, undefined, ["moderator"]],
    ];
    const before = await fingerprint(s, BOOKKEEPING);
    const wrong: string[] = [];
    for (const [method, path, body, may] of table) {
      for (const [name, u] of Object.entries(actors)) {
        if (u.role === "admin" || may.includes(u.role)) continue;
        const r = await s.api(path, { method, token: u.token, ...(body === undefined ? {} : { body }) });
        if (r.status !== 403) wrong.push(`${name} ${method} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
      }
      const anon = await s.api(path, { method, ...(body === undefined ? {} : { body }) });
      if (anon.status !== 401) wrong.push(`anonymous ${method} ${path}: ${anon.status}`);
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(s, BOOKKEEPING)).toEqual(before);
  });

  it("lets the right people through (the refusals above are not the only answer there is)", async () => {
    expect((await s.api(`/petitions?mailboxId=${ids.mailbox}`, { token: owner.token })).status).toBe(200);
    expect((await s.api(`/petitions/${ids.petition}/actions`, { token: owner.token, body: { action: "accept" } })).status).toBe(200);
    expect((await s.api("/reports", { token: actors.moderator.token })).status).toBe(200);
    expect((await s.api("/petitions/supervision", { token: actors.admin.token })).status).toBe(200);
    expect((await s.api(`/events/${ids.event}/registrations`, { token: actors.moderator.token })).status).toBe(200);
    expect((await s.api(`/awards/${ids.award}/suggestions`, { token: actors.moderator.token })).status).toBe(200);
  });
});
