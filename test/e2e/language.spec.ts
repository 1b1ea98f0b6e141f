// Language: pages are Simplified Chinese by default (whatever the browser asks for); the switch
// in the header turns the site English and the choice sticks across navigation and reloads.
import { expect, test } from "@playwright/test";
import { signedInContext } from "./support";

test("Chinese by default; the English switch persists across navigation", async ({ browser }) => {
  // An English-speaking browser still gets Chinese pages until the visitor chooses.
  const ctx = await signedInContext(browser, null, { locale: "en-US", extraHTTPHeaders: { "Accept-Language": "en-US,en;q=0.9" } });
  try {
    const page = await ctx.newPage();
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "主导航" });
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(nav.getByRole("link", { name: "首页" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "发展论坛" })).toBeVisible();

    const toEnglish = page.getByRole("button", { name: "English" });
    await expect(toEnglish).toHaveAttribute("lang", "en");
    await toEnglish.click();

    const enNav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(enNav.getByRole("link", { name: "Home" })).toBeVisible();
    await expect(page).toHaveURL(/\/$/);
    expect((await ctx.cookies()).find((c) => c.name === "lang")?.value).toBe("en");

    // Client-side navigation keeps English...
    await enNav.getByRole("link", { name: "Development Forum" }).click();
    await expect(page).toHaveURL(/\/forum$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).not.toContainText("论坛");
    await expect(enNav.getByRole("link", { name: "Home" })).toBeVisible();

    // ...and so do full page loads, including a thread page and the login page.
    await page.goto("/info");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(enNav.getByRole("link", { name: "Public Information" })).toBeVisible();
    await page.getByRole("main").getByRole("link").filter({ hasText: /公交|招生|道路|民生/ }).first().click();
    await expect(page).toHaveURL(/\/t\/\d+/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.locator(".live-bar")).toContainText(/\d+ (person|people) here/);
    await page.goto("/login");
    await expect(page.getByLabel("Username")).toBeVisible();
    await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();

    // The switch goes back to Chinese.
    await page.getByRole("button", { name: "中文" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByLabel("用户名")).toBeVisible();
    await page.goto("/forum");
    await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" })).toBeVisible();
  } finally {
    await ctx.close();
  }
});
