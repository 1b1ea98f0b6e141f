// Accessibility: axe-core on the main pages, signed out and signed in. Violations of impact
// "serious" or "critical" fail the test and are printed with their nodes.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { api, createPost, createThread, demo, loginDemo, presenceText, signedInContext } from "./support";

async function seriousViolations(page: Page) {
  // Legacy mode runs axe in the page itself instead of finishing in an extra blank page: half
  // the time, same results here (the site has no iframes, which is what the default adds).
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

function describe(violations: Awaited<ReturnType<typeof seriousViolations>>) {
  return violations
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ")}`)
          .join("\n"),
    )
    .join("\n");
}

/** Soft: every page of a test is checked and reported even when an earlier one fails. */
async function expectAccessible(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), `${path} status`).toBeLessThan(400);
  // goto waits for "load"; a thread page is checked once hydrated and live (its live bar
  // fills in), so the presence line and the signed-in controls are part of the check.
  if (/^\/t\/\d+(\?|$)/.test(path)) await expect(page.locator(".live-bar")).toContainText(presenceText());
  // Every page says where it is and on which site (a tab or a bookmark shows only the title).
  expect.soft(await page.title(), `${path} title`).toContain("公仆信箱");
  const found = await seriousViolations(page);
  // One line per rule so a failure reads as a list; the nodes and fixes are in the message.
  expect.soft(found.map((v) => `${v.impact} ${v.id} (${v.nodes.length} nodes)`), `axe on ${path}:\n${describe(found)}`).toEqual([]);
}

// axe takes seconds a page on two busy cores; each test checks three or four pages.
test.describe.configure({ timeout: 90_000 });

let threadId: string;

test.beforeAll(async () => {
  // A thread with an ordinary, an official and a hidden reply, so every post variant is checked.
  const citizen = await loginDemo(demo.citizen4);
  const official = await loginDemo(demo.official);
  const moderator = await loginDemo(demo.moderator);
  const thread = await createThread(citizen, "无障碍检查：老城区人行道改造", "人行道上的**盲道**经常被占用，建议：\n\n- 清理占道\n- 增设护栏\n\n> 引用一段文字");
  threadId = thread.id;
  await createPost(official, threadId, "感谢反映，城管部门将于本周开展专项整治。[详情](https://example.org/notice)");
  const hidden = await createPost(citizen, threadId, "这条回复随后会被版主隐藏。");
  await createPost(citizen, threadId, "普通回复：支持改造。");
  const r = await api(`/posts/${hidden.id}`, { method: "PATCH", token: moderator.token, body: { hidden: true } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
});

test("axe, signed out: home, forum, information", async ({ page }) => {
  for (const path of ["/", "/forum", "/info"]) await expectAccessible(page, path);
});

test("axe, signed out: login, register, a profile, a thread", async ({ page }) => {
  for (const path of ["/login", "/register", "/u/zhang_wei", `/t/${threadId}`]) await expectAccessible(page, path);
});

test("axe, signed in: a thread as a citizen and as a moderator, own profile", async ({ browser }) => {
  const asCitizen = await signedInContext(browser, await loginDemo(demo.citizen));
  const asModerator = await signedInContext(browser, await loginDemo(demo.moderator));
  try {
    let page = await asCitizen.newPage();
    await expectAccessible(page, `/t/${threadId}`);
    // The signed-in view has the reply form and per-post actions, so they were checked.
    await expect(page.getByLabel("回复内容", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /有用/ }).first()).toBeVisible();
    await expectAccessible(page, "/u/zhang_wei");

    page = await asModerator.newPage();
    await expectAccessible(page, `/t/${threadId}`);
    await expect(page.getByRole("group", { name: "主题管理" })).toBeVisible();
    await expect(page.getByRole("button", { name: "取消隐藏" })).toBeVisible();
  } finally {
    await Promise.all([asCitizen.close(), asModerator.close()]);
  }
});

test("axe, staff and history pages: administration, reports queue, publishing, edit histories", async ({ browser }) => {
  const admin = await loginDemo(demo.admin);
  const citizen = await loginDemo(demo.citizen2);
  const reply = await createPost(citizen, threadId, "初稿");
  const edited = await api(`/posts/${reply.id}`, { method: "PATCH", token: citizen.token, body: { body: "修改后的回复" } });
  expect(edited.status).toBe(200);
  await api(`/posts/${reply.id}/reports`, { method: "POST", token: (await loginDemo(demo.citizen3)).token, body: { reason: "测试举报" } });
  const ctx = await signedInContext(browser, admin);
  try {
    const page = await ctx.newPage();
    for (const path of ["/admin", `/admin/users/${citizen.id}`, "/moderation", "/info/new", "/forum/new", `/posts/${reply.id}/history`, `/t/${threadId}/history`]) {
      await expectAccessible(page, path);
    }
  } finally {
    await ctx.close();
  }
});

test("axe, the Public Servant Mailbox: writing, tracking, published cases, a case, the workbench, notifications, mailbox admin", async ({ browser }) => {
  const [citizen, admin, official] = await Promise.all([loginDemo(demo.citizen), loginDemo(demo.admin), loginDemo(demo.official)]);
  const boxes = (await api("/mailboxes")).body.items as { id: string; name: string }[];
  const transport = boxes.find((m) => m.name === "市交通运输局")!.id;
  const created = await api("/petitions", {
    token: citizen.token,
    body: { mailboxId: transport, title: "无障碍检查：公交站台缺少盲道", body: "站台没有盲道，联系电话 13812345678。", category: "transport", public: true },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.petition.id as string;
  for (const [who, body] of [
    [admin, { action: "accept" }],
    [admin, { action: "assign", mailboxIds: [transport] }],
    [official, { action: "reply", body: "已安排在站台铺设盲道。" }],
  ] as const) {
    const r = await api(`/petitions/${id}/actions`, { token: who.token, body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const asCitizen = await signedInContext(browser, citizen);
  const asAdmin = await signedInContext(browser, admin);
  const anonymous = await signedInContext(browser, null);
  try {
    let page = await anonymous.newPage();
    for (const path of ["/petitions", "/track", `/petitions/${id}`]) await expectAccessible(page, path);
    page = await asCitizen.newPage();
    for (const path of ["/petitions/new", "/petitions?tab=mine", `/petitions/${id}`, "/notifications"]) await expectAccessible(page, path);
    page = await asAdmin.newPage();
    const someMailbox = boxes[0].id;
    for (const path of ["/workbench", "/workbench?view=supervision", `/petitions/${id}`, "/admin/mailboxes", `/admin/mailboxes/${someMailbox}`, "/admin/api-keys"]) {
      await expectAccessible(page, path);
    }
  } finally {
    await Promise.all([asCitizen.close(), asAdmin.close(), anonymous.close()]);
  }
});

test("axe, officials online and meetups: the lists, a session, scheduling and editing it, the presenter view", async ({ browser }) => {
  const official = await loginDemo(demo.official);
  const mailboxes = (await api("/mailboxes")).body.items as { id: string; slug?: string }[];
  const transport = mailboxes.find((m) => m.slug === "city-transport")!;
  const soon = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const created = await api("/live", {
    token: official.token,
    body: { title: "无障碍检查：公交线路在线交流", description: "欢迎提问", mailboxId: transport.id, startsAt: soon(2), endsAt: soon(3) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.session.id as string;
  const ctx = await signedInContext(browser, official);
  try {
    const page = await ctx.newPage();
    for (const path of ["/live", `/live/${id}`, "/live/new", `/live/${id}/edit`, `/live/${id}/present`, "/events", "/awards"]) {
      await expectAccessible(page, path);
    }
  } finally {
    await ctx.close();
  }
});
