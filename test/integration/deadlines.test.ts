// Deadline notices: a case turning yellow or red is announced once to the mailbox that owes the
// next step — live, once across concurrent rounds (several nodes), and again for a new deadline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { mailboxes, petitionAssignments, petitions } from "../../db/schema";
import { runDeadlineNotices } from "../../app/.server/petitions/deadlines";
import { nextEvent, startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let citizen: TestUser;
let admin: TestUser;
let handler: TestUser;
let handler2: TestUser;
const mb: Record<string, string> = {};
const DAY = 86_400_000;

async function notificationsOf(u: TestUser, kind?: string): Promise<any[]> {
  const r = await s.api("/notifications?limit=100", { token: u.token });
  return r.body.items.filter((n: any) => !kind || n.kind === kind);
}

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  for (const m of await s.app.db.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes)) if (m.slug) mb[m.slug] = String(m.id);
  [citizen, admin, handler, handler2] = await Promise.all([s.user(), s.user("admin"), s.user("official"), s.user("official")]);
  for (const u of [handler, handler2]) {
    await s.api(`/admin/users/${u.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId: mb["city-water"], position: "handler" }] } });
  }
});
afterAll(() => s?.stop());

async function assignedCase() {
  const r = await s.api("/petitions", { token: citizen.token, body: { mailboxId: mb["city-mayor"], title: "小区二次供水水压不足", body: "高层住户白天经常停水。", category: "utilities" } });
  const id = r.body.petition.id;
  await s.api(`/petitions/${id}/actions`, { token: admin.token, body: { action: "accept" } });
  await s.api(`/petitions/${id}/actions`, { token: admin.token, body: { action: "assign", mailboxIds: [mb["city-water"]] } });
  return Number(id);
}

async function moveDeadline(id: number, dueInDays: number) {
  const now = Date.now();
  const d = { dueAt: new Date(now + dueInDays * DAY), warnAt: new Date(now + (dueInDays - 12) * DAY) };
  await s.app.db.update(petitionAssignments).set(d).where(eq(petitionAssignments.petitionId, id));
  await s.app.db.update(petitions).set(d).where(eq(petitions.id, id));
}

describe("deadline notices", () => {
  it("announce yellow once to every member, live, even when rounds run concurrently", async () => {
    const id = await assignedCase();
    await moveDeadline(id, 5); // yellow: 12 days' warning, 5 left
    const socket = await s.socket(handler.token);
    const live = nextEvent(socket, "notification");
    const rounds = await Promise.all([runDeadlineNotices(s.app), runDeadlineNotices(s.app), runDeadlineNotices(s.app)]);
    expect(rounds.reduce((n, r) => n + r.sent, 0)).toBeGreaterThanOrEqual(2);
    expect((await live).notification).toMatchObject({ kind: "petition_due_soon", url: `/petitions/${id}` });
    for (const u of [handler, handler2]) {
      expect((await notificationsOf(u, "petition_due_soon")).filter((n) => n.url === `/petitions/${id}`)).toHaveLength(1);
    }
    // Nothing new: another round sends nothing for this case.
    await runDeadlineNotices(s.app);
    expect((await notificationsOf(handler, "petition_due_soon")).filter((n) => n.url === `/petitions/${id}`)).toHaveLength(1);
    // The petitioner is not told about the departments' deadlines.
    expect((await notificationsOf(citizen)).some((n) => n.kind === "petition_due_soon")).toBe(false);
  });

  it("announce red once when the deadline passes, and again for a new (extended) deadline", async () => {
    const id = await assignedCase();
    await moveDeadline(id, -1);
    await runDeadlineNotices(s.app);
    await runDeadlineNotices(s.app);
    const red = (await notificationsOf(handler, "petition_overdue")).filter((n) => n.url === `/petitions/${id}`);
    expect(red).toHaveLength(1);
    // A case that went straight to red gets no late yellow notice.
    expect((await notificationsOf(handler, "petition_due_soon")).filter((n) => n.url === `/petitions/${id}`)).toHaveLength(0);
    // A missed deadline cannot be extended afterwards …
    const late = await s.api(`/petitions/${id}/actions`, { token: admin.token, body: { action: "extend", days: 1, reason: "补充材料" } });
    expect(late.body.error.code).toBe("deadline_passed");
    // … but a new deadline (here set directly) is announced again when it passes.
    await s.app.db.execute(sql`update petition_assignments set due_at = now() - interval '2 hours' where petition_id = ${id}`);
    await runDeadlineNotices(s.app);
    expect((await notificationsOf(handler, "petition_overdue")).filter((n) => n.url === `/petitions/${id}`)).toHaveLength(2);
  });

  it("leave closed cases and replied assignments alone", async () => {
    const id = await assignedCase();
    await s.api(`/petitions/${id}/actions`, { token: handler.token, body: { action: "reply", body: "已协调供水公司加装增压泵。" } });
    await moveDeadline(id, -3);
    await runDeadlineNotices(s.app);
    expect((await notificationsOf(handler)).filter((n) => n.url === `/petitions/${id}` && /due_soon|overdue/.test(n.kind))).toHaveLength(0);
  });
});
