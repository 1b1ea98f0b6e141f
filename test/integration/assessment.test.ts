// Assessment (考核): every figure checked exactly on a handful of cases with known dates, made
// through the real workflow (the API, with the server's clock set for each step), including the
// period boundaries, zero denominators, the rollup against a computation from the cases alone,
// the API's shape, 400s, the CSV and the pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { mailboxes, mailboxMembers } from "../../db/schema";
import { rowsOf } from "../../db/rows";
import { assessment, assessmentCases, assessmentMonthly } from "../../app/.server/petitions/assessment";
import { startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let citizen: TestUser;
let admin: TestUser;
let handlerA: TestUser;
let handlerB: TestUser;
let handlerD: TestUser;
const mb: Record<string, number> = {};
const ids: Record<string, string> = {};
const tracking: Record<string, string> = {};
let realNow: () => Date;

// Mailboxes: A addressed and leads, B co-handles and leads another case, C (a leader) only gets
// letters, D is assigned with its own due date and never answers.
const A = "city-housing";
const B = "city-transport";
const C = "city-mayor";
const D = "city-education";

/** 10:00 in Shanghai on a date. */
const at = (date: string, time = "10:00:00") => new Date(`${date}T${time}+08:00`);

async function step(when: Date, u: TestUser, id: string, body: Record<string, unknown>) {
  s.app.now = () => when;
  const r = await s.api(`/petitions/${id}/actions`, { token: u.token, body });
  expect(r.status, `${body.action} at ${when.toISOString()}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body.petition;
}

async function letter(key: string, when: Date, mailbox: string, extra: Record<string, unknown> = {}) {
  s.app.now = () => when;
  const r = await s.api("/petitions", {
    token: citizen.token,
    body: { mailboxId: mb[mailbox], title: `来信${key}：小区道路积水`, body: "每逢下雨道路积水严重。", category: "urban_construction", ...extra },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ids[key] = r.body.petition.id;
  tracking[key] = r.body.petition.trackingNo;
}

const item = (r: Awaited<ReturnType<typeof assessment>>, slug: string) => {
  const found = r.items.find((i) => i.mailboxId === String(mb[slug]));
  if (!found) throw new Error(`no row for ${slug}`);
  return found;
};
const figures = (r: Awaited<ReturnType<typeof assessment>>, slug: string) => {
  const i = item(r, slug);
  return {
    received: i.received,
    accepted: i.accepted,
    replied: i.replied,
    onTimeRate: i.onTimeRate,
    avgDaysToReply: i.avgDaysToReply,
    overdue: i.overdue,
    supervised: i.supervised,
    satisfactionRate: i.satisfactionRate,
  };
};
const zero = { received: 0, accepted: 0, replied: 0, onTimeRate: null, avgDaysToReply: null, overdue: 0, supervised: 0, satisfactionRate: null };

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  realNow = s.app.now;
  for (const m of await s.app.db.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes)) if (m.slug) mb[m.slug] = m.id;
  [citizen, admin, handlerA, handlerB, handlerD] = await Promise.all([s.user(), s.user("admin"), s.user("official"), s.user("official"), s.user("official")]);
  await s.app.db.insert(mailboxMembers).values([
    { mailboxId: mb[A], userId: Number(handlerA.id), position: "handler" },
    { mailboxId: mb[B], userId: Number(handlerB.id), position: "handler" },
    { mailboxId: mb[D], userId: Number(handlerD.id), position: "handler" },
  ]);

  // Case 1, to A (published): accepted, assigned to A (lead) and B; A answers in 29 days, B in
  // 68 (3 March → 10 May, past the due date of 1 May); the petitioner is satisfied on 12 May.
  await letter("c1", at("2025-03-01"), A, { public: true });
  await step(at("2025-03-02"), handlerA, ids.c1, { action: "accept" });
  await step(at("2025-03-03"), admin, ids.c1, { action: "assign", mailboxIds: [mb[A], mb[B]], leadMailboxId: mb[A] });
  await step(at("2025-04-01"), handlerA, ids.c1, { action: "reply", body: "已安排施工队疏通排水管。" });
  await step(at("2025-05-10"), handlerB, ids.c1, { action: "reply", body: "已协调公交站台改造。" });
  await step(at("2025-05-12"), citizen, ids.c1, { action: "rate", satisfaction: "satisfied" });

  // Case 2, to C one second before 2025 (Shanghai time): accepted and assigned to B in 2025
  // (due 3 March), supervised on 5 March, answered late on 10 March, rated unsatisfied on 12 March.
  await letter("c2", at("2024-12-31", "23:59:59"), C);
  await step(at("2025-01-02"), admin, ids.c2, { action: "accept" });
  await step(at("2025-01-03"), admin, ids.c2, { action: "assign", mailboxIds: [mb[B]] });
  await step(at("2025-03-05"), admin, ids.c2, { action: "supervise", note: "请尽快答复。" });
  await step(at("2025-03-10"), handlerB, ids.c2, { action: "reply", body: "已调整公交线路。" });
  await step(at("2025-03-12"), citizen, ids.c2, { action: "rate", satisfaction: "unsatisfied" });

  // Case 3, to A at the first instant of 2026: outside 2025.
  await letter("c3", at("2026-01-01", "00:00:00"), A);

  // Case 4, to A (asked to be published, but rejected): received, not accepted.
  await letter("c4", at("2025-06-01"), A, { public: true });
  await step(at("2025-06-02"), handlerA, ids.c4, { action: "reject", reason: "不属于受理范围。" });

  // Case 5, to D: assigned to D itself with a due date of 20 November 2025, never answered.
  await letter("c5", at("2025-11-01"), D);
  await step(at("2025-11-02"), handlerD, ids.c5, { action: "accept" });
  await step(at("2025-11-03"), admin, ids.c5, { action: "assign", mailboxIds: [mb[D]], dueAt: "2025-11-20" });

  s.app.now = () => at("2026-02-01");
});
afterAll(async () => {
  if (s) s.app.now = realNow;
  await s?.stop();
});

describe("figures", () => {
  it("counts each figure of 2025 exactly", async () => {
    const r = await assessment(s.app, { from: "2025-01-01", to: "2025-12-31" });
    // A: case 1 (addressed, then assigned to itself: once) and case 4; one reply in 29 days, on time.
    expect(figures(r, A)).toEqual({ received: 2, accepted: 1, replied: 1, onTimeRate: 1, avgDaysToReply: 29, overdue: 0, supervised: 0, satisfactionRate: 1 });
    // B: two assignments from other mailboxes; two late replies (68 and 66 days); one supervision;
    // it led case 2, rated unsatisfied.
    expect(figures(r, B)).toEqual({ received: 2, accepted: 0, replied: 2, onTimeRate: 0, avgDaysToReply: 67, overdue: 2, supervised: 1, satisfactionRate: 0 });
    // C: its letter came one second before the period.
    expect(figures(r, C)).toEqual(zero);
    // D: one letter, accepted; no reply (no rates); its deadline passed unanswered.
    expect(figures(r, D)).toEqual({ received: 1, accepted: 1, replied: 0, onTimeRate: null, avgDaysToReply: null, overdue: 1, supervised: 0, satisfactionRate: null });
    expect(item(r, B)).toMatchObject({ addressed: 0, assigned: 2, repliedOnTime: 0, rated: 1, satisfiedOrBasic: 0 });
    expect(r).toMatchObject({ from: "2025-01-01", to: "2025-12-31", start: "2024-12-31T16:00:00.000Z", end: "2025-12-31T16:00:00.000Z" });
  });

  it("puts the boundaries in Shanghai time: a letter at 23:59:59 on 31 December belongs to that year", async () => {
    const y2024 = await assessment(s.app, { from: "2024-01-01", to: "2024-12-31" });
    expect(figures(y2024, C)).toEqual({ ...zero, received: 1, accepted: 1 });
    const y2026 = await assessment(s.app, { from: "2026-01-01", to: "2026-12-31" });
    expect(figures(y2026, A)).toEqual({ ...zero, received: 1 });
    // One day, both ends included.
    const day = await assessment(s.app, { from: "2024-12-31", to: "2024-12-31" });
    expect(item(day, C).received).toBe(1);
    const nextDay = await assessment(s.app, { from: "2025-01-01", to: "2025-01-01" });
    expect(item(nextDay, C).received).toBe(0);
  });

  it("gives the same figures over partial months (computed from the cases) as over whole ones", async () => {
    // 3 March – 10 May: partial March and May from the cases, April from the rollup.
    const r = await assessment(s.app, { from: "2025-03-03", to: "2025-05-10" });
    expect(figures(r, A)).toEqual({ ...zero, replied: 1, onTimeRate: 1, avgDaysToReply: 29 });
    expect(figures(r, B)).toEqual({ received: 1, accepted: 0, replied: 2, onTimeRate: 0, avgDaysToReply: 67, overdue: 2, supervised: 1, satisfactionRate: 0 });
    // 4 March onwards: B's assignment of 3 March no longer counts as received.
    expect(item(await assessment(s.app, { from: "2025-03-04", to: "2025-05-10" }), B).received).toBe(0);
  });

  it("counts a deadline as missed only once it has passed", async () => {
    s.app.now = () => at("2025-11-15");
    expect(item(await assessment(s.app, { from: "2025-01-01", to: "2025-12-31" }), D).overdue).toBe(0);
    s.app.now = () => at("2025-11-25");
    expect(item(await assessment(s.app, { from: "2025-01-01", to: "2025-12-31" }), D).overdue).toBe(1);
    s.app.now = () => at("2026-02-01");
  });

  it("the rollup agrees with a computation from the cases alone", async () => {
    for (const [from, to] of [
      ["2025-01-01", "2025-12-31"],
      ["2024-01-01", "2026-12-31"],
      ["2025-03-03", "2025-05-10"],
      ["2025-11-01", "2025-11-30"],
    ]) {
      const viaRollup = await assessment(s.app, { from, to });
      const viaCases = await assessment(s.app, { from, to }, { source: "raw" });
      expect(viaRollup.items, `${from}..${to}`).toEqual(viaCases.items);
    }
    // And the rollup table equals a rebuild from scratch.
    const before = rowsOf(await s.app.db.execute(sql`select * from assessment_monthly where addressed + assigned + replied + due + supervised + rated > 0 order by month, mailbox_id`));
    await s.app.db.execute(sql`select assessment_rollup_rebuild()`);
    const after = rowsOf(await s.app.db.execute(sql`select * from assessment_monthly order by month, mailbox_id`));
    expect(before).toEqual(after);
  });

  it("filters by tier and by mailbox, and lists every active mailbox otherwise", async () => {
    const all = await assessment(s.app, { from: "2025-01-01", to: "2025-12-31" });
    const [{ n }] = rowsOf<{ n: number }>(await s.app.db.execute(sql`select count(*)::int as n from mailboxes where active`));
    expect(all.items).toHaveLength(n);
    const towns = await assessment(s.app, { from: "2025-01-01", to: "2025-12-31", tier: "town" });
    expect(towns.items.length).toBeGreaterThan(0);
    expect(towns.items.every((i) => i.mailbox.tier === "town")).toBe(true);
    const one = await assessment(s.app, { from: "2025-01-01", to: "2025-12-31", mailboxId: mb[B] });
    expect(one.items.map((i) => i.mailboxId)).toEqual([String(mb[B])]);
    expect(one.items[0].replied).toBe(2);
  });

  it("draws the monthly series from the same counts", async () => {
    const months = await assessmentMonthly(s.app, { from: "2025-01-01", to: "2025-12-31" });
    expect(months).toHaveLength(12);
    const get = (m: string) => months.find((x) => x.month === m)!;
    // March: case 1 came in (A) and was assigned to B; B answered case 2.
    expect(get("2025-03")).toEqual({ month: "2025-03", received: 2, replied: 1 });
    expect(get("2025-01")).toEqual({ month: "2025-01", received: 1, replied: 0 });
    expect(get("2025-05")).toEqual({ month: "2025-05", received: 0, replied: 1 });
    expect(months.reduce((n, m) => n + m.received, 0)).toBe(5);
  });
});

describe("drill-down", () => {
  it("lists the cases counted in a mailbox's received, newest first, keyset-paged, titles and tracking numbers only when published", async () => {
    const first = await assessmentCases(s.app, mb[A], { from: "2025-01-01", to: "2025-12-31", limit: 1 });
    // c4 asked to be published but was rejected: nothing of it is shown, not even its number.
    expect(first.items.map((c) => c.trackingNo)).toEqual([null]);
    expect(first.items[0]).toMatchObject({ title: null, category: "urban_construction", status: "rejected", role: "addressed", light: "none" });
    const second = await assessmentCases(s.app, mb[A], { from: "2025-01-01", to: "2025-12-31", limit: 1, cursor: first.nextCursor });
    expect(second.items.map((c) => c.trackingNo)).toEqual([tracking.c1]);
    expect(second.items[0]).toMatchObject({ title: "来信c1：小区道路积水", role: "addressed", onTime: true });
    expect(second.nextCursor).toBeNull();
    const b = await assessmentCases(s.app, mb[B], { from: "2025-01-01", to: "2025-12-31" });
    expect(b.items.map((c) => [c.trackingNo, c.role, c.onTime, c.title])).toEqual([
      [tracking.c1, "co", false, "来信c1：小区道路积水"],
      [null, "lead", false, null],
    ]);
    await expect(assessmentCases(s.app, mb[A], { from: "2025-01-01", to: "2025-12-31", cursor: "nonsense" })).rejects.toMatchObject({ status: 400 });
    await expect(assessmentCases(s.app, 999_999, { from: "2025-01-01", to: "2025-12-31" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("GET /api/v1/stats/assessment", () => {
  it("answers anyone with the api.md shape", async () => {
    const r = await s.api("/stats/assessment?from=2025-01-01&to=2025-12-31");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ from: "2025-01-01", to: "2025-12-31" });
    const b = r.body.items.find((i: any) => i.mailboxId === String(mb[B]));
    expect(b).toMatchObject({
      mailboxId: String(mb[B]),
      mailbox: { id: String(mb[B]), name: "市交通运输局", tier: "city" },
      received: 2,
      accepted: 0,
      replied: 2,
      onTimeRate: 0,
      avgDaysToReply: 67,
      overdue: 2,
      supervised: 1,
      satisfactionRate: 0,
    });
    for (const i of r.body.items) {
      expect(Object.keys(i)).toEqual(expect.arrayContaining(["mailboxId", "mailbox", "received", "accepted", "replied", "onTimeRate", "avgDaysToReply", "overdue", "supervised", "satisfactionRate"]));
    }
    // Nothing personal anywhere.
    expect(JSON.stringify(r.body)).not.toContain(citizen.username);
  });

  it("defaults to the current calendar year in Shanghai", async () => {
    s.app.now = () => new Date("2025-12-31T16:30:00Z"); // already 1 January 2026 in Shanghai
    const r = await s.api("/stats/assessment");
    expect(r.body).toMatchObject({ from: "2026-01-01", to: "2026-12-31" });
    s.app.now = () => at("2026-02-01");
  });

  it("answers 400 with field errors for a bad period or filter", async () => {
    const cases: [string, string][] = [
      ["from=2025-02-30", "from"],
      ["from=2025-1-1", "from"],
      ["to=yesterday", "to"],
      ["from=2025-05-01&to=2025-04-30", "to"],
      ["from=2015-01-01&to=2025-01-01", "to"],
      ["tier=province", "tier"],
      ["mailboxId=abc", "mailboxId"],
    ];
    for (const [q, field] of cases) {
      const r = await s.api(`/stats/assessment?${q}`, { headers: { "Accept-Language": "en" } });
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe("invalid_input");
      expect(r.body.error.fields[field], q).toEqual(expect.any(String));
    }
    // Ten years exactly is allowed.
    expect((await s.api("/stats/assessment?from=2016-01-01&to=2025-12-31")).status).toBe(200);
  });

  it("exports CSV with a BOM, a localised header and one row per mailbox", async () => {
    const json = await s.api("/stats/assessment?from=2025-01-01&to=2025-12-31");
    for (const [lang, header] of [
      ["zh-CN", "名次,信箱编号,信箱,层级,收件数,受理数,答复数,按时答复率(%),平均答复用时(天),超期数,督办数,满意率(%)"],
      ["en", "Rank,Mailbox ID,Mailbox,Tier,Received,Accepted,Replies,On-time rate (%),Average days to reply,Overdue,Supervised,Satisfaction rate (%)"],
    ]) {
      const res = await fetch(`${s.url}/api/v1/stats/assessment.csv?from=2025-01-01&to=2025-12-31&lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/csv");
      expect(res.headers.get("content-disposition")).toContain("assessment_2025-01-01_2025-12-31.csv");
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1).trimEnd().split("\r\n");
      expect(lines[0]).toBe(header);
      expect(lines).toHaveLength(1 + json.body.items.length);
      const b = lines.find((l) => l.split(",")[1] === String(mb[B]))!;
      expect(b.split(",").slice(4)).toEqual(["2", "0", "2", "0.0", "67.0", "2", "1", "0.0"]);
    }
    // Ranked as the page ranks: quiet mailboxes (nothing in the period) come last, without a rank,
    // even when an ascending sort would put their zeros first.
    const asc = await (await fetch(`${s.url}/api/v1/stats/assessment.csv?from=2025-01-01&to=2025-12-31&lang=zh-CN&sort=overdue&dir=asc`)).text();
    const rows = asc.slice(1).trimEnd().split("\r\n").slice(1).map((l) => l.split(","));
    const quietRow = rows.find((r) => r[2] === "市民族宗教事务局")!;
    expect(quietRow[0]).toBe("");
    expect(rows[0]![0]).toBe("1");
    expect(rows.findIndex((r) => r[0] === "")).toBeGreaterThan(0);
    expect(rows.slice(rows.findIndex((r) => r[0] === "")).every((r) => r[0] === "")).toBe(true);
    // Without `lang`, the request's language; ?format=csv on the JSON address is the same file.
    const en = await fetch(`${s.url}/api/v1/stats/assessment?format=csv&from=2025-01-01&to=2025-12-31`, { headers: { "Accept-Language": "en" } });
    expect((await en.text()).replace(/^\uFEFF/, "").slice(0, 5)).toBe("Rank,");
    const bad = await s.api("/stats/assessment.csv?from=2025-13-01");
    expect(bad.status).toBe(400);
  });
});

describe("pages", () => {
  it("shows the table, the charts, the definitions and the CSV link", async () => {
    const res = await fetch(`${s.url}/stats/assessment?from=2025-01-01&to=2025-12-31&sort=overdue`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("考核统计");
    expect(html).toContain("市交通运输局");
    expect(html).toContain('aria-sort="ascending"');
    expect(html).toContain('role="img"');
    expect(html).toContain("recharts-surface");
    expect(html).toContain("/api/v1/stats/assessment.csv?from=2025-01-01&amp;to=2025-12-31");
    expect(html).toContain(`/stats/assessment/${mb[B]}?from=2025-01-01&amp;to=2025-12-31`);
    expect(html).toContain("指标说明");
    // Mailboxes with nothing in the period are listed apart, not ranked in the table.
    const table = html.slice(html.indexOf('<table class="table assessment-table"'), html.indexOf("</table>", html.indexOf('<table class="table assessment-table"')));
    const quiet = html.slice(html.indexOf('class="assessment-quiet"'));
    expect(table).toContain("市交通运输局");
    expect(quiet).toMatch(/另有 \d+ 个信箱在此期间没有收件、答复或督办/);
    expect(table).toContain("市教育局"); // one case in 2025
    expect(table).not.toContain("市民族宗教事务局"); // none
    expect(quiet).toContain("市民族宗教事务局");
    const bad = await fetch(`${s.url}/stats/assessment?from=2025-02-30`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("日期格式不正确");
  });

  it("drills down to a mailbox's cases without personal data", async () => {
    const res = await fetch(`${s.url}/stats/assessment/${mb[A]}?from=2025-01-01&to=2025-12-31`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(tracking.c1);
    expect(html).toContain("来信c1：小区道路积水"); // published
    expect(html).not.toContain(tracking.c4); // not published: not even its tracking number
    expect(html).not.toContain("来信c4"); // rejected: never published
    expect(html).not.toContain(citizen.username);
    expect((await fetch(`${s.url}/stats/assessment/999999?from=2025-01-01&to=2025-12-31`)).status).toBe(404);
  });
});
