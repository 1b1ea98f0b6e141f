// Accessibility: axe-core on the main pages, signed out and signed in. Violations of impact
// "serious" or "critical" fail the test and are printed with their nodes.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { api, createPost, createThread, demo, loginDemo, register, signedInContext, type Account } from "./support";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
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

async function expectAccessible(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), `${path} status`).toBeLessThan(400);
  // Hydrated pages show the live bar; wait for the network to settle so late content is checked too.
  await page.waitForLoadState("networkidle");
  const found = await seriousViolations(page);
  // Compared as one line per rule so a failure reads as a list, with the details in the message.
  expect(found.map((v) => `${v.impact} ${v.id} (${v.nodes.length} nodes)`), `axe on ${path}:\n${describe(found)}`).toEqual([]);
}

let threadId: string;
let citizen: Account;

test.beforeAll(async () => {
  // A thread with an ordinary, an official and a hidden reply, so every post variant is checked.
  citizen = await register("a11y");
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

test.describe("signed out", () => {
  for (const path of ["/", "/forum", "/info", "/login", "/register", "/u/zhang_wei"]) {
    test(`axe: ${path}`, async ({ page }) => {
      await expectAccessible(page, path);
    });
  }
  test("axe: thread page", async ({ page }) => {
    await expectAccessible(page, `/t/${threadId}`);
  });
});

test.describe("signed in", () => {
  test("axe: thread page as a citizen", async ({ browser }) => {
    const context = await signedInContext(browser, await loginDemo(demo.citizen));
    const page = await context.newPage();
    await expectAccessible(page, `/t/${threadId}`);
    // The signed-in view has the reply form and per-post actions.
    await expect(page.getByLabel("回复内容")).toBeVisible();
    await context.close();
  });
  test("axe: thread page as a moderator", async ({ browser }) => {
    const context = await signedInContext(browser, await loginDemo(demo.moderator));
    const page = await context.newPage();
    await expectAccessible(page, `/t/${threadId}`);
    await expect(page.getByRole("group", { name: "主题管理" })).toBeVisible();
    await context.close();
  });
  test("axe: own profile and home", async ({ browser }) => {
    const context = await signedInContext(browser, citizen);
    const page = await context.newPage();
    await expectAccessible(page, `/u/${citizen.username}`);
    await expectAccessible(page, "/");
    await context.close();
  });
});
