// The ten practical things in real browsers: a citizen follows a commitment; an official of the
// owner mailbox reports progress in another browser; the citizen's progress bar moves and the
// notification arrives live, without a reload. Then axe on the list and the page, and the page
// at phone width.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { api, closeAll, demo, loginDemo, marker, signedInContext } from "./support";

test.describe.configure({ timeout: 90_000 });

test("a citizen follows; an official reports progress; the bar moves and a notification arrives live", async ({ browser }) => {
  const admin = await loginDemo(demo.admin);
  const official = await loginDemo(demo.official); // a handler of 市交通运输局
  const citizen = await loginDemo(demo.citizen2);
  const boxes = await api("/mailboxes");
  const transport = boxes.body.items.find((m: any) => m.slug === "city-transport");
  const created = await api("/commitments", {
    token: admin.token,
    body: {
      year: 2030,
      status: "adopted",
      ordinal: 1 + Math.floor(Math.random() * 10),
      title: `公交站台全部加装候车亭 ${marker("e2e")}`,
      summary: "全市 **320 个**公交站台加装候车亭和实时到站屏。",
      ownerMailboxId: transport.id,
      budgetYuan: 32_000_000,
      milestones: [{ title: "完成选址", dueOn: "2030-03-31" }],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.commitment.id as string;

  const ctxC = await signedInContext(browser, citizen);
  const ctxO = await signedInContext(browser, official);
  try {
    const c = await ctxC.newPage();
    const o = await ctxO.newPage();
    await c.goto(`/commitments/${id}`);
    await expect(c.locator('header[data-live="joined"]')).toBeVisible();
    await c.evaluate(() => ((window as any).__sameDocument = true));
    await expect(c.getByTestId("commitment-progress").first()).toHaveAttribute("aria-valuenow", "0");

    await c.getByRole("button", { name: "关注进度" }).click();
    await expect(c.getByRole("button", { name: "已关注（点击取消）" })).toBeVisible();
    await expect(c.getByTestId("follower-count")).toHaveText("1 人关注");
    const badge = c.getByTestId("unread-count");
    const unreadBefore = (await badge.count()) ? Number(await badge.textContent()) : 0;

    // The official, in another browser, reports 65% with a note.
    await o.goto(`/commitments/${id}`);
    await o.getByLabel("当前进度（0–100%）").fill("65");
    await o.getByLabel("进展说明").fill("已完成 208 个站台的候车亭安装。");
    await o.getByRole("button", { name: "公布进度" }).click();
    await expect(o.getByText("进度已公布，关注者已收到通知。")).toBeVisible();

    // The citizen's page follows without a reload: the bar, the history, the bell.
    await expect(c.getByTestId("commitment-progress").first()).toHaveAttribute("aria-valuenow", "65", { timeout: 3000 });
    await expect(c.getByTestId("progress-history")).toContainText("已完成 208 个站台的候车亭安装。");
    await expect(c.getByTestId("unread-count")).toHaveText(String(unreadBefore + 1), { timeout: 3000 });
    await expect(c.getByTestId("toasts")).toContainText("进度更新为 65%");
    expect(await c.evaluate(() => (window as any).__sameDocument)).toBe(true);

    // axe on the list and the page (signed in, with the follow button and the comment form).
    for (const path of ["/commitments?year=2030", `/commitments/${id}`, "/commitments/new"]) {
      await o.goto(path);
      const found = (await new AxeBuilder({ page: o }).setLegacyMode(true).analyze()).violations.filter(
        (v) => v.impact === "serious" || v.impact === "critical",
      );
      expect.soft(found.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${path}`).toEqual([]);
    }

    // A phone: nothing scrolls sideways.
    await c.setViewportSize({ width: 375, height: 812 });
    for (const path of [`/commitments/${id}`, "/commitments?year=2026"]) {
      await c.goto(path);
      expect(await c.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
    }
  } finally {
    await closeAll(ctxC, ctxO);
  }
});
