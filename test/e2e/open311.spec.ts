// API keys in a real browser: an administrator issues a key on /admin/api-keys and sees it once
// (with the warning and the copy button), the key files an Open311 request, the page passes axe
// (also on a 375 px phone, with the revoke confirmation open), the key is revoked through the
// confirmation, and from then on the page never shows it and Open311 refuses it with 403.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { baseURL, closeAll, demo, loginDemo, marker, signedInContext } from "./support";

test.describe.configure({ timeout: 90_000 });

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const found = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(found.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), label).toEqual([]);
}

const fileWith = (key: string) =>
  fetch(`${baseURL()}/open311/v2/requests.json`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ api_key: key, service_code: "transport", description: "e2e：公交站牌缺失", first_name: "伟", last_name: "张", phone: "13800138000" }).toString(),
  });

test("an administrator issues a key, sees it once, and revokes it", async ({ browser }) => {
  const admin = await loginDemo(demo.admin);
  const ctx = await signedInContext(browser, admin, { viewport: { width: 375, height: 800 } });
  try {
    const page = await ctx.newPage();
    await page.goto("/admin/api-keys");
    await expect(page.getByRole("heading", { level: 1, name: "API 密钥" })).toBeVisible();
    const name = `12345 热线 ${marker("e2e")}`;
    await page.getByLabel("系统名称").fill(name);
    await page.getByLabel("渠道").selectOption("hotline");
    await page.getByLabel("每分钟请求上限").fill("30");
    await page.getByRole("button", { name: "签发密钥" }).click();

    const issued = page.getByTestId("api-key-issued");
    await expect(issued).toBeVisible();
    await expect(issued).toContainText("唯一一次显示完整密钥");
    await expect(issued.getByRole("button", { name: /复制/ })).toBeVisible();
    const key = (await page.getByTestId("api-key-value").textContent())!.trim();
    expect(key).toMatch(/^o311_/);
    await expectNoSeriousViolations(page, "axe with the new key shown (375 px)");

    // The key works for Open311 …
    const filed = await fileWith(key);
    expect(filed.status).toBe(201);

    // … and is never shown again.
    await page.goto("/admin/api-keys");
    await expect(page.getByTestId("api-key-issued")).toHaveCount(0);
    expect(await page.content()).not.toContain(key);
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText(key.slice(0, 11));
    await expect(row).toContainText("12345 热线");
    await expect(row).toContainText(`签发人：${admin.displayName}`);

    // Revoking asks first.
    await row.getByText("吊销", { exact: true }).click();
    await expect(row.getByText(/确定吊销/)).toBeVisible();
    await expectNoSeriousViolations(page, "axe with the revoke confirmation open");
    await row.getByRole("button", { name: "确认吊销" }).click();
    await expect(page.getByRole("status").filter({ hasText: "已吊销" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText("已吊销");
    expect((await fileWith(key)).status).toBe(403);
  } finally {
    await closeAll(ctx);
  }
});
