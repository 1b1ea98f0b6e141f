// Without JavaScript the site still works as plain HTML forms: sign in, reply, see the reply.
import { expect, test } from "@playwright/test";
import { closeAll, createPost, createThread, marker, register, signedInContext } from "./support";

test.use({ javaScriptEnabled: false });

test("without JavaScript a signed-in user replies through the form and sees it after the redirect", async ({ browser }) => {
  const user = await register("nojs");
  const thread = await createThread(user, `无脚本环境下的回复${marker("nojs")}`);
  await createPost(user, thread.id, "已有的一条回复。");

  const ctx = await signedInContext(browser, null, { javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    // Sign in through the login form (a plain POST and redirect).
    await page.goto(`/login?next=${encodeURIComponent(`/t/${thread.id}`)}`);
    await page.getByLabel("用户名").fill(user.username);
    await page.getByLabel("密码").fill(user.password);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${thread.id}$`));
    await expect(page.locator(".user-menu")).toContainText(user.displayName);
    // Really no script: the page was not hydrated (no presence, no "_js" marker in the reply form).
    await expect(page.locator(".live-bar")).not.toContainText("人在看");
    await expect(page.locator('#reply input[name="intent"][value="reply"]')).toHaveCount(1);
    await expect(page.locator('#reply input[name="_js"]')).toHaveCount(0);

    const text = `没有脚本也能发言。${marker("r")}`;
    await page.getByLabel("回复内容", { exact: true }).fill(text);
    await page.getByRole("button", { name: "发表回复" }).click();

    await expect(page).toHaveURL(new RegExp(`/t/${thread.id}\\?page=last#p-\\d+$`));
    const id = new URL(page.url()).hash.replace("#p-", "");
    const li = page.locator(`li#p-${id}`);
    await expect(li).toBeVisible();
    await expect(li).toContainText(text);
    await expect(li).toHaveAttribute("data-seq", "2");
    await expect(page.locator("li.post", { hasText: text })).toHaveCount(1);
  } finally {
    await closeAll(ctx);
  }
});
