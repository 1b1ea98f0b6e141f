// Without JavaScript the site still works as plain HTML forms: sign in, reply, see the reply.
import { expect, test } from "@playwright/test";
import { closeAll, createPost, createThread, demo, loginDemo, marker, register, signedInContext } from "./support";

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
    await page.getByLabel("用户名", { exact: true }).fill(user.username);
    await page.getByLabel("密码", { exact: true }).fill(user.password);
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

test("without JavaScript a form sent back with errors keeps what was typed (never the password)", async ({ browser }) => {
  const user = await loginDemo(demo.citizen3);
  const ctx = await signedInContext(browser, user, { javaScriptEnabled: false });
  const out = await signedInContext(browser, null, { javaScriptEnabled: false });
  try {
    // A new topic without a title: the body comes back.
    const page = await ctx.newPage();
    await page.goto("/forum/new");
    const body = `正文写了很久，不能因为漏了标题就丢掉。${marker("b")}`;
    await page.getByLabel("正文").fill(body);
    await page.getByRole("button", { name: "发布" }).click();
    await expect(page.locator(".field__error").first()).toBeVisible();
    await expect(page.getByLabel("正文")).toHaveValue(body);

    // Registering with a password too short: the user name and display name come back.
    const anon = await out.newPage();
    await anon.goto("/register");
    await anon.getByLabel("用户名", { exact: true }).fill("nojs_keeps_me");
    await anon.getByLabel("显示名称").fill("不丢字");
    await anon.getByLabel("密码", { exact: true }).fill("short");
    await anon.getByRole("button", { name: "注册" }).click();
    await expect(anon.locator(".field__error").first()).toBeVisible();
    await expect(anon.getByLabel("用户名", { exact: true })).toHaveValue("nojs_keeps_me");
    await expect(anon.getByLabel("显示名称")).toHaveValue("不丢字");
    await expect(anon.getByLabel("密码", { exact: true })).toHaveValue("");

    // A wrong password at sign-in: the user name comes back.
    await anon.goto("/login");
    await anon.getByLabel("用户名", { exact: true }).fill(user.username);
    await anon.getByLabel("密码", { exact: true }).fill("wrong-password");
    await anon.getByRole("button", { name: "登录" }).click();
    await expect(anon.getByText("用户名或密码不正确。")).toBeVisible();
    await expect(anon.getByLabel("用户名", { exact: true })).toHaveValue(user.username);
  } finally {
    await closeAll(ctx, out);
  }
});
