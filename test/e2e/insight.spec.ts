// Statistics and emerging issues in Chromium: /stats (signed out) and /stats/emerging (an
// official) pass axe; the demo's burst of water cuts is on the emerging page after the first
// start; a topic becomes a forum discussion through the page, and the page then links to it;
// /stats fits a 375 px phone; a citizen gets 403.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demo, loginDemo, signedInContext } from "./support";

test.describe.configure({ timeout: 90_000 });

async function serious(page: Page) {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
}

test("/stats: charts, presets and the CSV, accessible, on a phone too", async ({ browser }) => {
  const ctx = await signedInContext(browser, null);
  try {
    const page = await ctx.newPage();
    const res = await page.goto("/stats");
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "数据统计" })).toBeVisible();
    await expect(page.locator(".assessment-chart").first().locator("svg.recharts-surface")).toBeVisible();
    await expect(page.getByRole("link", { name: "统计", exact: true }).first()).toBeVisible();
    expect(await serious(page)).toEqual([]);
    await page.getByRole("link", { name: "最近 12 个月" }).click();
    await expect(page).toHaveURL(/granularity=month/);
    await page.getByLabel("分组方式").selectOption("county");
    await page.getByRole("button", { name: "查询" }).click();
    await expect(page.getByRole("table").filter({ hasText: "东源县" }).first()).toBeAttached();
    const csv = await page.request.get((await page.getByRole("link", { name: "下载 CSV" }).getAttribute("href"))!);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");

    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await p.goto(new URL("/stats", page.url()).toString());
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.close();
  } finally {
    await ctx.close();
  }
});

test("/stats/emerging: the demo's water cuts, accessible; a topic becomes one forum discussion", async ({ browser }) => {
  const official = await loginDemo(demo.official);
  const citizen = await loginDemo(demo.citizen);
  const ctx = await signedInContext(browser, official);
  const denied = await signedInContext(browser, citizen);
  try {
    const page = await ctx.newPage();
    expect((await page.goto("/stats/emerging"))?.status()).toBe(200);
    const topic = page.locator(".insight-topic").filter({ has: page.getByRole("heading", { name: "停水", exact: true }) });
    await expect(topic).toBeVisible();
    await expect(topic.getByText(/近 24 小时 \d+ 件/)).toBeVisible();
    await expect(page.getByRole("heading", { name: "计算方法" })).toBeVisible();
    await expect(page.locator(".insight-groups li").first()).toContainText("12345热线");
    expect(await serious(page)).toEqual([]);

    await topic.getByRole("button", { name: "发起论坛讨论" }).click();
    await expect(page.getByRole("status").filter({ hasText: "已在发展论坛发起讨论" })).toBeVisible();
    const link = page.locator(".insight-topic").filter({ has: page.getByRole("heading", { name: "停水", exact: true }) }).getByRole("link", { name: "查看讨论主题" });
    await expect(link).toBeVisible();
    await link.click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("停水");

    const other = await denied.newPage();
    expect((await other.goto("/stats/emerging"))?.status()).toBe(403);
  } finally {
    await ctx.close();
    await denied.close();
  }
});
