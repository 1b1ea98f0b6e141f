// Officials online in three real browsers: the host in the presenter view and two citizens on
// the session page. A question is asked, approved, upvoted, highlighted and answered, and the
// session ends; each step reaches the other browsers live, without a reload.
import { expect, test, type Page } from "@playwright/test";
import { api, closeAll, demo, loginDemo, marker, signedInContext } from "./support";

const viewers = (n: number) => new RegExp(`(^|\\D)${n} 人在线`);

/** Marks the document so a reload would be noticed. */
const markDocument = (page: Page) => page.evaluate(() => ((window as any).__sameDocument = true));
const sameDocument = async (page: Page) => expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

test("a host and two citizens: ask, approve, upvote, highlight, answer and end, each seen live by the others", async ({ browser }) => {
  test.setTimeout(60_000);
  const host = await loginDemo(demo.official);
  const alice = await loginDemo(demo.citizen);
  const bob = await loginDemo(demo.citizen2);
  const me = await api("/me", { token: host.token });
  const mailboxId = me.body.user.mailboxes[0].mailboxId as string;
  const now = Date.now();
  const created = await api("/live", {
    token: host.token,
    body: {
      title: `市区停车难在线交流 ${marker("e2e")}`,
      description: "欢迎网友提问。",
      mailboxId,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.session.id as string;

  const ctxHost = await signedInContext(browser, host);
  const ctxA = await signedInContext(browser, alice);
  const ctxB = await signedInContext(browser, bob);
  try {
    const h = await ctxHost.newPage();
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    await h.goto(`/live/${id}/present`);
    await a.goto(`/live/${id}`);
    await b.goto(`/live/${id}`);
    // Everyone is in the room: three people online on every page.
    for (const p of [h, a, b]) await expect(p.getByTestId("live-viewers")).toHaveText(viewers(3));
    for (const p of [h, a, b]) await markDocument(p);
    await expect(a.getByTestId("live-state")).toHaveAttribute("data-state", "live");

    // 1. Alice asks (the counter follows her typing). Moderated: only she and the host see it.
    const text = `老城区能不能建立体停车场？${marker("q")}`;
    const box = a.getByLabel("您的问题");
    await box.fill(text);
    await expect(a.getByTestId("ask-count")).toHaveText(`${[...text].length} / 500 字`);
    await a.getByRole("button", { name: "提交问题" }).click();
    await expect(a.getByText("问题已提交，审核通过后公开。")).toBeVisible();
    await expect(box).toHaveValue("");
    const onA = a.getByTestId("questions").locator("li.live-q", { hasText: text });
    await expect(onA).toHaveAttribute("data-status", "pending");
    const pendingOnH = h.getByTestId("presenter-pending").locator("li.live-q", { hasText: text });
    await expect(pendingOnH).toBeVisible();
    const onB = b.getByTestId("questions").locator("li.live-q", { hasText: text });
    await expect(onB).toHaveCount(0);

    // 2. The host approves it: Bob sees it appear, Alice sees it approved.
    await pendingOnH.getByRole("button", { name: "通过" }).click();
    await expect(onB).toBeVisible();
    await expect(onA).toHaveAttribute("data-status", "approved");
    await expect(pendingOnH).toHaveCount(0);
    const queued = h.getByTestId("presenter-queue").locator("li.live-q", { hasText: text });
    await expect(queued).toBeVisible();

    // 3. Bob upvotes: his button is pressed; Alice and the host see the count go to 1.
    const vote = onB.getByTestId("vote");
    await expect(vote).toHaveAttribute("aria-pressed", "false");
    await vote.click();
    await expect(vote).toHaveAttribute("aria-pressed", "true");
    await expect(onB.getByTestId("votes")).toHaveText("1");
    await expect(onA.getByTestId("votes")).toHaveText("1");
    await expect(queued.getByTestId("votes")).toHaveText("1");
    // Alice cannot upvote her own question.
    await expect(onA.getByTestId("vote")).toHaveCount(0);

    // 4. The host highlights it: both citizens see it as the question being answered.
    await queued.getByRole("button", { name: "标记为正在回答" }).click();
    const nowOnH = h.getByTestId("presenter-now");
    await expect(nowOnH).toContainText(text);
    for (const p of [a, b]) await expect(p.getByTestId("live-now")).toContainText(text);

    // 5. The host answers inline: the answer reaches both citizens.
    const answer = `已列入明年计划，年底前开工。${marker("a")}`;
    await nowOnH.getByLabel("回答内容").fill(answer);
    await nowOnH.getByRole("button", { name: "发布回答" }).click();
    await expect(onB.getByTestId("answer")).toContainText(answer);
    await expect(onA.getByTestId("answer")).toContainText(answer);
    await expect(onA.getByTestId("answer")).toContainText(demo.official.displayName);

    // 6. The host ends the session: both pages become the transcript, with its Public Information link.
    await h.getByText("结束访谈", { exact: true }).click();
    await h.getByRole("button", { name: "确定结束" }).click();
    for (const p of [a, b]) {
      await expect(p.getByTestId("live-state")).toHaveAttribute("data-state", "ended");
      const transcript = p.getByTestId("transcript");
      await expect(transcript).toContainText(text);
      await expect(transcript).toContainText(answer);
      await expect(p.getByRole("link", { name: "在公共资讯查看文字实录" }).first()).toBeVisible();
      await expect(p.getByLabel("您的问题")).toHaveCount(0);
    }
    for (const p of [h, a, b]) await sameDocument(p);

    // The transcript is a thread in Public Information, by the host.
    const href = await a.getByRole("link", { name: "在公共资讯查看文字实录" }).first().getAttribute("href");
    const thread = await api(`/threads/${href!.split("/").pop()}`);
    expect(thread.body.thread).toMatchObject({ section: "info", author: { username: demo.official.username } });
    expect(thread.body.thread.body).toContain(answer);
  } finally {
    await closeAll(ctxHost, ctxA, ctxB);
  }
});

test("without JavaScript: a citizen asks and upvotes through plain forms", async ({ browser }) => {
  const host = await loginDemo(demo.official);
  const asker = await loginDemo(demo.citizen3);
  const voter = await loginDemo(demo.citizen4);
  const me = await api("/me", { token: host.token });
  const now = Date.now();
  const created = await api("/live", {
    token: host.token,
    body: {
      title: `无脚本访谈 ${marker("nojs")}`,
      mailboxId: me.body.user.mailboxes[0].mailboxId,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      moderated: false,
    },
  });
  const id = created.body.session.id as string;
  const ctx = await signedInContext(browser, asker, { javaScriptEnabled: false });
  const ctxV = await signedInContext(browser, voter, { javaScriptEnabled: false });
  try {
    const p = await ctx.newPage();
    await p.goto(`/live/${id}`);
    const text = `公交站台遮雨棚${marker("nq")}`;
    await p.getByLabel("您的问题").fill(text);
    await p.getByRole("button", { name: "提交问题" }).click();
    await expect(p).toHaveURL(new RegExp(`/live/${id}$`));
    await expect(p.getByTestId("questions").locator("li.live-q", { hasText: text })).toHaveAttribute("data-status", "approved");

    const v = await ctxV.newPage();
    await v.goto(`/live/${id}`);
    const q = v.getByTestId("questions").locator("li.live-q", { hasText: text });
    await q.getByTestId("vote").click();
    await expect(v.getByTestId("questions").locator("li.live-q", { hasText: text }).getByTestId("votes")).toHaveText("1");
    await expect(v.getByTestId("questions").locator("li.live-q", { hasText: text }).getByTestId("vote")).toHaveAttribute("aria-pressed", "true");
  } finally {
    await closeAll(ctx, ctxV);
  }
});

test("no gaps: what happened while a reader was offline is there when the connection is back", async ({ browser }) => {
  const host = await loginDemo(demo.official);
  const asker = await loginDemo(demo.citizen2);
  const me = await api("/me", { token: host.token });
  const now = Date.now();
  const created = await api("/live", {
    token: host.token,
    body: {
      title: `断线重连 ${marker("gap")}`,
      mailboxId: me.body.user.mailboxes[0].mailboxId,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      moderated: false,
    },
  });
  const id = created.body.session.id as string;
  const first = await api(`/live/${id}/questions`, { token: asker.token, body: { body: `第一个问题 ${marker("q1")}` } });
  const ctx = await signedInContext(browser, null);
  try {
    const page = await ctx.newPage();
    await page.goto(`/live/${id}`);
    await expect(page.getByTestId("live-viewers")).toHaveText(viewers(1));
    await markDocument(page);
    await ctx.setOffline(true);
    await expect(page.getByRole("status").filter({ hasText: "连接已断开" })).toBeVisible();
    // Meanwhile: a new question, an answer to the first one, and a highlight.
    const missedText = `离线期间的问题 ${marker("q2")}`;
    const missed = await api(`/live/${id}/questions`, { token: asker.token, body: { body: missedText } });
    expect(missed.status).toBe(201);
    const answer = `离线期间的回答 ${marker("a")}`;
    expect((await api(`/live/questions/${first.body.question.id}/answer`, { token: host.token, body: { body: answer } })).status).toBe(200);
    expect((await api(`/live/${id}`, { method: "PATCH", token: host.token, body: { highlightedQuestionId: missed.body.question.id } })).status).toBe(200);
    await ctx.setOffline(false);
    const list = page.getByTestId("questions");
    await expect(list.locator("li.live-q", { hasText: missedText })).toBeVisible({ timeout: 15_000 });
    await expect(list.locator(`li[data-question-id="${first.body.question.id}"]`).getByTestId("answer")).toContainText(answer);
    await expect(page.getByTestId("live-now")).toContainText(missedText);
    await expect(list.locator("li.live-q")).toHaveCount(2);
    await sameDocument(page);
  } finally {
    await closeAll(ctx);
  }
});
