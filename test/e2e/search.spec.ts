// Site search in a real browser: from the header's search box to a result whose matched words
// are marked; the kind tabs; the hint for a too-short query; axe on the page (signed out) and a
// 375 px phone without sideways scrolling.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createThread, demo, loginDemo, marker } from "./support";

test("search from the header, see the match highlighted, filter by kind", async ({ page }) => {
  const author = await loginDemo(demo.citizen);
  const word = marker("qz").replace("-", "");
  const thread = await createThread(author, `老城区停车难 ${word}`, `建议在公园附近增设停车场，编号 ${word}。`);

  await page.goto("/forum");
  const box = page.getByRole("search", { name: "全站搜索" }).getByRole("searchbox", { name: "全站搜索" });
  await box.fill(`停车难 ${word}`);
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByRole("heading", { level: 1, name: "搜索" })).toBeVisible();
  const hit = page.getByTestId("search-hit").filter({ has: page.locator(`a[href="/t/${thread.id}"]`) });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator(".search-hit__title mark")).toHaveText(["停车难", word]);
  await expect(hit.locator(".search-hit__snippet mark")).toHaveText([word]);
  // The kind tabs: discussions are counted; filtering by replies finds none.
  await expect(page.getByRole("link", { name: /^讨论 1 条$/ })).toHaveAttribute("href", /type=thread/);
  await page.getByRole("link", { name: /^回复 0 条$/ }).click();
  await expect(page.getByTestId("search-empty")).toBeVisible();
  // Following the result opens the thread.
  await page.getByRole("link", { name: /^全部/ }).click();
  await hit.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/t/${thread.id}$`));
});

test("a one-character query gets a hint; the page passes axe and fits a phone", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  try {
    const page = await context.newPage();
    await page.goto("/search?q=%E8%B7%AF");
    await expect(page.getByTestId("search-too-short")).toHaveText("请至少输入 2 个字。");
    await page.goto(`/search?q=${encodeURIComponent("公交线路")}`);
    await expect(page.getByRole("heading", { level: 2 })).toContainText("公交线路");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  } finally {
    await context.close();
  }
});
