// Live debate in real browsers: replies, presence and typing across two people; no gaps and no
// duplicates across a dropped connection; official replies, moderation and reactions shown live.
import { expect, test } from "@playwright/test";
import {
  api,
  closeAll,
  createPost,
  createThread,
  demo,
  loginDemo,
  marker,
  openThread,
  post,
  presenceText,
  register,
  signedInContext,
} from "./support";

/** Floors (data-seq) of the replies on a page, top to bottom. */
async function floors(page: import("@playwright/test").Page) {
  return page.locator("li.post").evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.seq)));
}

test("live debate: a reply, presence and typing reach the other person without reload", async ({ browser }) => {
  const alice = await register("alice");
  const bob = await register("bob");
  const thread = await createThread(alice, `市区停车难怎么解决？${marker("live")}`);

  // Alice signs in through the login page; Bob's browser carries his session cookie.
  const ctxA = await signedInContext(browser, null);
  const ctxB = await signedInContext(browser, bob);
  try {
    const a = await ctxA.newPage();
    await a.goto(`/login?next=${encodeURIComponent(`/t/${thread.id}`)}`);
    await a.getByLabel("用户名").fill(alice.username);
    await a.getByLabel("密码").fill(alice.password);
    await a.getByRole("button", { name: "登录" }).click();
    await expect(a).toHaveURL(new RegExp(`/t/${thread.id}$`));
    await expect(a.locator(".user-menu")).toContainText(alice.displayName);
    await expect(a.locator(".live-bar")).toContainText(presenceText(1));

    const b = await ctxB.newPage();
    await b.goto(`/t/${thread.id}`);
    // Both pages count both readers.
    await expect(b.locator(".live-bar")).toContainText(presenceText(2));
    await expect(a.locator(".live-bar")).toContainText(presenceText(2));
    await b.evaluate(() => ((window as any).__sameDocument = true));

    // Alice types: Bob sees who is typing.
    const text = `建议在老城区建立体停车场。${marker("reply")}`;
    const box = a.getByLabel("回复内容", { exact: true });
    await box.pressSequentially(text.slice(0, 6));
    await expect(b.locator(".typing")).toHaveText(`${alice.displayName} 正在输入…`, { timeout: 3000 });
    await box.fill(text);

    // Alice sends through the page's form; Bob sees it within a second, without reload.
    // (Bob's page also notes when the reply enters its DOM, for the report.)
    await b.evaluate((t) => {
      new MutationObserver((_, obs) => {
        if (document.querySelector(".post-list")?.textContent?.includes(t)) {
          (window as any).__arrivedAt = Date.now();
          obs.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    }, text);
    const sent = Date.now();
    await a.getByRole("button", { name: "发表回复" }).click();
    const onB = b.locator("li.post", { hasText: text });
    await expect(onB).toBeVisible({ timeout: 1000 });
    const seen = Date.now();
    const arrived = await b.evaluate(() => (window as any).__arrivedAt as number);
    test.info().annotations.push({
      type: "latency",
      description: `click to Bob's DOM ${arrived - sent} ms; click to assertion passing ${seen - sent} ms`,
    });
    const id = await onB.getAttribute("data-post-id");
    expect(id).toMatch(/^\d+$/);
    await expect(onB).toHaveAttribute("data-seq", "1");
    await expect(onB).toContainText(alice.displayName);
    expect(await b.evaluate(() => (window as any).__sameDocument)).toBe(true);

    // Alice's own page shows it once (form result and broadcast merged) and clears the box.
    await expect(post(a, id!)).toBeVisible();
    await expect(box).toHaveValue("");
    await expect(a.locator(`li[data-post-id="${id}"]`)).toHaveCount(1);
    await expect(b.locator(`li[data-post-id="${id}"]`)).toHaveCount(1);
    // The reply count in the header follows.
    await expect(b.locator(".thread-head")).toContainText("1 条回复");
  } finally {
    await closeAll(ctxA, ctxB);
  }
});

test("no gaps, no duplicates: replies missed while offline arrive once and in order", async ({ browser }) => {
  const alice = await register("poster");
  const bob = await register("reader");
  const thread = await createThread(alice, `公交站台遮雨棚建设进度？${marker("gap")}`);
  const before = [await createPost(alice, thread.id, "第一条：先说背景。"), await createPost(bob, thread.id, "第二条：我也关心。")];

  const ctxB = await signedInContext(browser, bob);
  const ctxWatch = await signedInContext(browser, null);
  try {
    const b = await ctxB.newPage();
    const watch = await ctxWatch.newPage();
    await openThread(b, thread.id);
    await openThread(watch, thread.id, 2);
    await expect(b.locator(".live-bar")).toContainText(presenceText(2));
    expect(await floors(b)).toEqual([1, 2]);
    await b.evaluate(() => ((window as any).__sameDocument = true));

    // Offline. In Chromium, setOffline closes open WebSockets (checked here: the page shows
    // its offline notice, and the server drops Bob from the room, so the other reader sees 1).
    await ctxB.setOffline(true);
    await expect(b.getByRole("status").filter({ hasText: "连接已断开" }), "setOffline did not drop the socket").toBeVisible();
    await expect(watch.locator(".live-bar")).toContainText(presenceText(1));

    const missed = [await createPost(alice, thread.id, `离线期间 1 ${marker("m")}`), await createPost(alice, thread.id, `离线期间 2 ${marker("m")}`)];
    // They were broadcast (the other reader has them) but did not reach Bob.
    for (const p of missed) await expect(post(watch, p.id)).toBeVisible();
    for (const p of missed) await expect(post(b, p.id)).toHaveCount(0);

    // Back online: the socket reconnects, rejoins and catches up by id.
    await ctxB.setOffline(false);
    for (const p of missed) await expect(post(b, p.id)).toBeVisible({ timeout: 15_000 });
    await expect(b.getByRole("status").filter({ hasText: "连接已断开" })).toHaveCount(0);
    await expect(b.locator(".live-bar")).toContainText(presenceText(2));

    // And the connection is live again: a reply after the reconnect arrives by broadcast.
    const after = await createPost(alice, thread.id, `重连之后 ${marker("m")}`);
    await expect(post(b, after.id)).toBeVisible({ timeout: 2000 });

    const all = [...before, ...missed, after];
    for (const p of all) await expect(b.locator(`li[data-post-id="${p.id}"]`)).toHaveCount(1);
    await expect(b.locator("li.post")).toHaveCount(all.length);
    expect(await floors(b)).toEqual(all.map((p) => p.seq));
    expect(all.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await b.evaluate(() => (window as any).__sameDocument)).toBe(true);
  } finally {
    await closeAll(ctxB, ctxWatch);
  }
});

test("an official's reply is marked as official, live", async ({ browser }) => {
  const citizen = await loginDemo(demo.citizen4);
  const official = await loginDemo(demo.official);
  const thread = await createThread(citizen, `8路公交能否延长末班时间？${marker("off")}`);

  const ctx = await signedInContext(browser, null);
  try {
    const page = await ctx.newPage();
    await openThread(page, thread.id);

    const plain = await createPost(citizen, thread.id, "晚上九点以后就没有车了。");
    await expect(post(page, plain.id)).toBeVisible();
    await expect(post(page, plain.id)).not.toHaveClass(/post--official/);
    await expect(post(page, plain.id).getByText("官方回复")).toHaveCount(0);

    const answer = await createPost(official, thread.id, "已研究，下月起8路末班车延长至22:30。");
    const li = post(page, answer.id);
    await expect(li).toBeVisible({ timeout: 2000 });
    await expect(li).toHaveClass(/post--official/);
    await expect(li.locator(".badge", { hasText: "官方回复" })).toHaveClass(/badge--official/);
    await expect(li).toContainText(demo.official.displayName);
  } finally {
    await closeAll(ctx);
  }
});

test("a moderator hides a reply and a helpful vote counts, both live in other browsers", async ({ browser }) => {
  const author = await register("author");
  const voter = await loginDemo(demo.citizen2);
  const moderator = await loginDemo(demo.moderator);
  const thread = await createThread(author, `河堤绿道夜间照明不足${marker("mod")}`);
  const rude = await createPost(author, thread.id, `这条回复含有不当内容 ${marker("rude")}`);
  const useful = await createPost(author, thread.id, "建议每隔50米加装一盏太阳能路灯。");

  const ctxMod = await signedInContext(browser, moderator);
  const ctxVoter = await signedInContext(browser, voter);
  const ctxAnon = await signedInContext(browser, null);
  try {
    const mod = await ctxMod.newPage();
    const voterPage = await ctxVoter.newPage();
    const anon = await ctxAnon.newPage();
    await openThread(mod, thread.id);
    await openThread(voterPage, thread.id);
    await openThread(anon, thread.id, 3);
    for (const p of [voterPage, anon]) await expect(post(p, rude.id).locator(".post__body")).toContainText(rude.body);

    // The moderator hides it from the page.
    await post(mod, rude.id).getByRole("button", { name: "隐藏", exact: true }).click();
    await expect(post(mod, rude.id).getByRole("button", { name: "取消隐藏" })).toBeVisible();
    // The moderator still reads the text; the others see the notice instead, without reload.
    await expect(post(mod, rude.id).locator(".post__body")).toContainText(rude.body);
    for (const p of [voterPage, anon]) {
      const li = post(p, rude.id);
      await expect(li.getByText("该回复已被版主隐藏。")).toBeVisible({ timeout: 2000 });
      await expect(li).toHaveClass(/post--hidden/);
      await expect(li.locator(".post__body")).toHaveCount(0);
      await expect(li).not.toContainText(rude.body);
    }
    // The voter can no longer act on the hidden reply.
    await expect(post(voterPage, rude.id).getByRole("button", { name: /有用/ })).toHaveCount(0);

    // A helpful vote in one browser updates the count in the others.
    await expect(post(anon, useful.id)).toContainText("0 人觉得有用");
    const vote = post(voterPage, useful.id).getByRole("button", { name: /有用/ });
    await expect(vote).toHaveAttribute("aria-pressed", "false");
    await vote.click();
    await expect(vote).toHaveAttribute("aria-pressed", "true");
    await expect(vote.locator(".post__count")).toHaveText("1");
    await expect(post(anon, useful.id)).toContainText("1 人觉得有用", { timeout: 2000 });
    await expect(post(mod, useful.id).locator(".post__count")).toHaveText("1", { timeout: 2000 });

    // The API agrees with what the pages show.
    const r = await api(`/posts/${rude.id}`, { token: voter.token });
    expect(r.status === 404 || r.body?.post?.hidden === true, JSON.stringify(r.body)).toBe(true);
  } finally {
    await closeAll(ctxMod, ctxVoter, ctxAnon);
  }
});
