// Statistics and emerging issues over the real server: the daily run stores a day's topics once
// even when started concurrently; the page and API are for officials, moderators and admins
// (403 for citizens), cases behind a topic are titled only for those who may see them; a topic
// becomes one forum thread however often (or however concurrently) it is asked; the volumes API
// sums to the rows it counts, from the rollup and from the rows alike; the CSV carries nothing
// personal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { emergingTopics, insightRuns, mailboxes, mailboxMembers, threads } from "../../db/schema";
import { rowsOf } from "../../db/rows";
import { runInsight } from "../../app/.server/insight/job";
import { volumes } from "../../app/.server/insight/stats";
import { startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let citizen: TestUser;
let citizen2: TestUser;
let operator: TestUser; // an official of the 12345 hotline, in no mailbox
let member: TestUser; // an official of 东源县's mailbox
let moderator: TestUser;
let admin: TestUser;
const mb: Record<string, number> = {};
let realNow: () => Date;
const NOW = new Date("2026-11-20T10:00:00+08:00");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function letter(u: TestUser, when: Date, body: Record<string, unknown>) {
  s.app.now = () => when;
  const r = await s.api("/petitions", { token: u.token, body: { public: false, ...body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.petition.id as string;
}

async function thread(u: TestUser, when: Date, title: string, body: string) {
  s.app.now = () => when;
  const r = await s.api("/threads", { token: u.token, body: { section: "forum", title, body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await s.app.db.update(threads).set({ createdAt: when, lastPostAt: when }).where(eq(threads.id, Number(r.body.thread.id)));
  return r.body.thread.id as string;
}

const waterBody = (town: string, n: number) => `东源县${town}从${n}号开始停水，已经好几天了，家里老人做饭洗澡都成问题，供水公司电话一直打不通，请尽快恢复供水。`;
const duplicate = "和平县阳明镇中山路菜市场旁烧烤摊每天营业到凌晨两点，油烟和噪音严重扰民，附近居民无法入睡，多次向城管反映都没有效果。";

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  realNow = s.app.now;
  for (const m of await s.app.db.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes)) if (m.slug) mb[m.slug] = m.id;
  [citizen, citizen2, operator, member, moderator, admin] = await Promise.all([s.user(), s.user(), s.user("official"), s.user("official"), s.user("moderator"), s.user("admin")]);
  await s.app.db.insert(mailboxMembers).values({ mailboxId: mb.dongyuan, userId: Number(member.id), position: "handler" });

  // A quiet baseline: one letter every other day about buses, for four weeks.
  for (let d = 2; d <= 28; d += 2) {
    await letter(citizen, new Date(NOW.getTime() - d * DAY), { mailboxId: mb["city-transport"], category: "transport", title: `公交线路第${d}天`, body: `${d}路公交车班次太少，等车时间太长。` });
  }
  // The spike: water cuts in 东源县 in the last 24 hours, through three channels and the forum.
  const towns = ["仙塘镇", "船塘镇", "义合镇", "蓝口镇", "黄田镇", "顺天镇"];
  for (const [i, town] of towns.entries()) {
    const when = new Date(NOW.getTime() - (i + 1) * 2 * HOUR);
    const body = { mailboxId: mb.dongyuan, category: "utilities", title: `${town}停水${i + 2}天`, body: waterBody(town, i + 10) };
    if (i % 3 === 2) await letter(operator, when, { ...body, channel: "hotline", contactName: "李先生", contactPhone: "13800138000" });
    else await letter(i % 2 ? citizen2 : citizen, when, { ...body, channel: i % 2 ? "mobile" : "mailbox" });
  }
  await thread(citizen2, new Date(NOW.getTime() - 3 * HOUR), "东源县又停水了", "仙塘镇停水三天，有没有人知道什么时候恢复？");
  // The same complaint through the hotline and the forum.
  await letter(operator, new Date(NOW.getTime() - 5 * DAY), { mailboxId: mb.heping, category: "environment", title: "烧烤摊扰民", body: duplicate, channel: "hotline", contactName: "王女士", contactPhone: "13900139000" });
  await thread(citizen, new Date(NOW.getTime() - 4 * DAY), "阳明镇烧烤摊扰民", `${duplicate}大家有同样的困扰吗？`);
  s.app.now = () => NOW;
}, 120_000);

afterAll(async () => {
  if (s) s.app.now = realNow;
  await s?.stop();
});

describe("the daily run", () => {
  it("stores a day's topics once even when started concurrently, and finds the planted spike and duplicates", async () => {
    const outcomes = await Promise.all([runInsight(s.app), runInsight(s.app), runInsight(s.app)]);
    expect(outcomes.filter((o) => o.skipped === null)).toHaveLength(1);
    expect(outcomes.every((o) => o.skipped === null || o.skipped === "busy" || o.skipped === "done")).toBe(true);
    expect((await runInsight(s.app)).skipped).toBe("done");
    const runs = await s.app.db.select().from(insightRuns);
    expect(runs.map((r) => r.day)).toEqual(["2026-11-20"]);
    const topics = await s.app.db.select().from(emergingTopics);
    const keys = topics.map((t) => `${t.kind}:${t.key}`);
    expect(keys).toContain("category:utilities");
    expect(keys).toContain("keyword:停水");
    expect(keys.filter((k) => k.startsWith("category:"))).toEqual(["category:utilities"]);
    expect(new Set(keys).size).toBe(keys.length);
    const water = topics.find((t) => t.key === "停水")!;
    expect(water.count).toBe(7); // six letters and the forum thread
    expect(water.series).toHaveLength(29);
  });

  it("shows the run to officials, moderators and admins only", async () => {
    expect((await s.api("/insight/emerging")).status).toBe(401);
    const denied = await s.api("/insight/emerging", { token: citizen.token });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden");
    for (const u of [operator, moderator, admin]) expect((await s.api("/insight/emerging", { token: u.token })).status).toBe(200);
    const page = await fetch(`${s.url}/stats/emerging`, { headers: { Authorization: `Bearer ${citizen.token}` } });
    expect(page.status).toBe(403);
    const ok = await fetch(`${s.url}/stats/emerging`, { headers: { Authorization: `Bearer ${member.token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("停水");
  });

  it("titles the cases behind a topic only for those who may see them", async () => {
    const pick = async (u: TestUser) => (await s.api("/insight/emerging", { token: u.token })).body.topics.find((t: { key: string }) => t.key === "utilities");
    const outsider = await pick(operator);
    const inside = await pick(member);
    expect(outsider.items).toHaveLength(6);
    // The hotline operator filed two of them but is in no mailbox: none of the cases is theirs to read.
    expect(outsider.items.every((i: { title: string | null; url: string | null }) => i.title === null && i.url === null)).toBe(true);
    expect(inside.items.every((i: { title: string | null }) => typeof i.title === "string" && i.title.includes("停水"))).toBe(true);
    expect(inside.commitmentUrl).toMatch(/^\/commitments\/new\?title=.+&summary=.+&petitions=\d+(%2C\d+)+&mailbox=\d+$/);
    const groups = (await s.api("/insight/emerging", { token: admin.token })).body.groups;
    const bbq = groups.find((g: { channels: string[] }) => g.channels.includes("hotline") && g.channels.includes("forum"));
    expect(bbq.items.map((i: { type: string }) => i.type).sort()).toEqual(["petition", "thread"]);
  });
});

describe("actions on a topic", () => {
  it("opens one forum discussion per topic, however often or concurrently asked", async () => {
    const topic = (await s.app.db.select().from(emergingTopics).where(eq(emergingTopics.key, "停水")))[0];
    const tries = await Promise.all([1, 2, 3].map(() => s.api(`/insight/emerging/${topic.id}/thread`, { token: member.token, body: {} })));
    expect(tries.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(tries.find((r) => r.status === 409)!.body.error.code).toBe("topic_discussed");
    const again = await s.api(`/insight/emerging/${topic.id}/thread`, { token: member.token, body: {} });
    expect(again.status).toBe(409);
    const [after] = await s.app.db.select().from(emergingTopics).where(eq(emergingTopics.id, topic.id));
    expect(after.status).toBe("discussed");
    const made = await s.app.db.select().from(threads).where(eq(threads.id, after.threadId!));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ section: "forum", official: true });
    // The public thread names no case: no titles of letters, no caller.
    expect(made[0].body).not.toContain("李先生");
    expect(made[0].body).not.toContain("仙塘镇停水2天");
    const [{ n }] = rowsOf<{ n: number }>(await s.app.db.execute(sql`select count(*)::int as n from threads where title like ${"%停水%"} and official`));
    expect(n).toBe(1);
    expect((await s.api(`/insight/emerging/${topic.id}/dismiss`, { token: member.token, body: {} })).status).toBe(409);
    expect((await s.api(`/insight/emerging/${topic.id}/thread`, { token: citizen.token, body: {} })).status).toBe(403);
  });

  it("dismisses and proposes; an administrator's recomputation keeps what was decided", async () => {
    const [cat] = await s.app.db.select().from(emergingTopics).where(and(eq(emergingTopics.kind, "category"), eq(emergingTopics.key, "utilities")));
    const proposed = await s.api(`/insight/emerging/${cat.id}/propose`, { token: moderator.token, body: {} });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ status: "proposed" });
    expect(proposed.body.url).toMatch(/^\/commitments\/new\?/);
    expect((await s.api(`/insight/emerging/999999/dismiss`, { token: admin.token, body: {} })).status).toBe(404);
    expect((await s.api("/insight/runs", { token: member.token, body: {} })).status).toBe(403);
    const before = await s.app.db.select().from(emergingTopics);
    s.app.now = () => new Date(NOW.getTime() + HOUR);
    const rerun = await s.api("/insight/runs", { token: admin.token, body: {} });
    s.app.now = () => NOW;
    expect(rerun.status).toBe(201);
    expect(rerun.body.run).toMatchObject({ day: "2026-11-20", manual: true });
    const after = await s.app.db.select().from(emergingTopics);
    const water = (rows: typeof before) => rows.find((t) => t.key === "停水")!;
    expect(water(after)).toMatchObject({ id: water(before).id, status: "discussed", threadId: water(before).threadId });
    expect(after.find((t) => t.key === "utilities")).toMatchObject({ id: cat.id, status: "proposed" });
    expect(await s.app.db.select().from(insightRuns)).toHaveLength(1);
  });
});

describe("statistics", () => {
  const from = "2026-10-01";
  const to = "2026-11-20";
  const count = async (q: string) => rowsOf<{ n: number }>(await s.app.db.execute(sql.raw(q)))[0].n;

  it("sums to the rows it counts, from the rollup and from the rows alike", async () => {
    const start = "2026-09-30T16:00:00Z";
    const end = "2026-11-20T16:00:00Z";
    const petitions = await count(`select count(*)::int as n from petitions where created_at >= '${start}' and created_at < '${end}'`);
    expect(petitions).toBe(21); // 14 about buses, 6 about water, 1 about the barbecue
    for (const by of ["category", "tier", "county", "channel"]) {
      for (const granularity of ["day", "week", "month"]) {
        const r = await s.api(`/stats/volumes?from=${from}&to=${to}&by=${by}&granularity=${granularity}`);
        expect(r.status).toBe(200);
        expect(r.body.total).toBe(petitions);
        expect(r.body.series.reduce((a: number, x: { total: number }) => a + x.total, 0)).toBe(petitions);
        expect(r.body.totals.reduce((a: number, x: number) => a + x, 0)).toBe(petitions);
        for (const x of r.body.series) expect(x.values).toHaveLength(r.body.periods.length);
        const raw = await volumes(s.app, { from, to, by, granularity }, { source: "raw" });
        expect(r.body.series.map((x: { key: string; values: number[] }) => [x.key, x.values])).toEqual(raw.series.map((x) => [x.key, x.values]));
      }
    }
    const byDay = await s.api(`/stats/volumes?from=${from}&to=${to}`);
    expect(byDay.body).toMatchObject({ source: "petitions", by: "category", granularity: "day", from, to, start: "2026-09-30T16:00:00.000Z", end: "2026-11-20T16:00:00.000Z" });
    expect(byDay.body.periods).toHaveLength(51);
    const county = await s.api(`/stats/volumes?from=${from}&to=${to}&by=county`);
    expect(county.body.series.find((x: { key: string }) => x.key === String(mb.dongyuan))).toMatchObject({ name: "东源县委书记信箱", total: 6 });
    const forum = await s.api(`/stats/volumes?from=${from}&to=${to}&source=forum`);
    const visible = await count(`select count(*)::int as n from threads where created_at >= '${start}' and created_at < '${end}' and not hidden`);
    expect(forum.body.total).toBe(visible);
  });

  it("answers 400 with field messages for bad input, and changes nothing", async () => {
    const bad = await s.api("/stats/volumes?from=2026-02-30&granularity=hour&by=name");
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["by", "from", "granularity"]);
    expect((await s.api("/stats/volumes?from=2020-01-01&to=2026-01-01&granularity=day")).status).toBe(400);
    expect((await s.api("/stats/volumes?from=2026-02-01&to=2026-01-01")).status).toBe(400);
  });

  it("exports CSV with nothing personal in it", async () => {
    const res = await fetch(`${s.url}/api/v1/stats/volumes.csv?from=${from}&to=${to}&by=county&lang=zh-CN`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("期间起始日,分组代码,分组,数量");
    expect(lines.slice(1).reduce((a, l) => a + Number(l.split(",").at(-1)), 0)).toBe(21);
    for (const personal of ["李先生", "王女士", "13800138000", citizen.username, "停水", "烧烤"]) expect(text).not.toContain(personal);
    const page = await fetch(`${s.url}/stats?from=${from}&to=${to}&by=channel`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("12345热线");
  });
});
