// The most helpful netizen award in real browsers: a vote cast in one browser moves the live
// tally in another, without a reload; the voter's page shows the vote and the votes left.
import { expect, test } from "@playwright/test";
import { api, closeAll, demo, loginDemo, marker, signedInContext } from "./support";

test("voting in one browser updates the live tally in another", async ({ browser }) => {
  const [admin, moderator, nominator, voter] = await Promise.all([
    loginDemo(demo.admin),
    loginDemo(demo.moderator),
    loginDemo(demo.citizen4),
    loginDemo(demo.citizen3),
  ]);
  // A live round whose nominations are open now and whose voting opens in a few seconds.
  const now = Date.now();
  const year = Number(new Date(now + 8 * 3_600_000).toISOString().slice(0, 4));
  const created = await api("/awards", {
    token: admin.token,
    body: {
      title: `最给力网友评选 ${marker("e2e")}`,
      year,
      nominationOpensAt: new Date(now - 60_000).toISOString(),
      votingOpensAt: new Date(now + 5_000).toISOString(),
      votingClosesAt: new Date(now + 3_600_000).toISOString(),
      votesPerVoter: 2,
      minAccountAgeDays: 0,
      minPosts: 0,
      resultsVisibility: "live",
      winners: 1,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const awardId = created.body.award.id as string;
  const candidateIds: Record<string, string> = {};
  for (const who of [demo.citizen, demo.citizen2]) {
    const n = await api(`/awards/${awardId}/nominations`, { token: nominator.token, body: { username: who.username, reason: "热心解答网友的问题" } });
    expect(n.status, JSON.stringify(n.body)).toBe(201);
    const ok = await api(`/awards/candidates/${n.body.candidate.id}`, { method: "PATCH", token: moderator.token, body: { approved: true } });
    expect(ok.status).toBe(200);
    candidateIds[who.username] = n.body.candidate.id;
  }
  await expect.poll(async () => (await api(`/awards/${awardId}`)).body.award.state, { timeout: 10_000 }).toBe("voting");

  const watcherCtx = await signedInContext(browser, null);
  const voterCtx = await signedInContext(browser, voter);
  try {
    // Someone signed out follows the live count.
    const watcher = await watcherCtx.newPage();
    await watcher.goto(`/awards/${awardId}`);
    const tally = watcher.getByTestId("tally");
    await expect(tally).toHaveAttribute("data-joined", "true");
    const bar = tally.locator(`li[data-candidate-id="${candidateIds.zhang_wei}"]`);
    await expect(bar).toHaveAttribute("data-votes", "0");
    await watcher.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));

    // The voter votes for 张伟 on the page.
    const page = await voterCtx.newPage();
    await page.goto(`/awards/${awardId}`);
    await expect(page.getByTestId("votes-left")).toHaveAttribute("data-left", "2");
    const card = page.locator(`li[data-testid="candidate"][data-candidate-id="${candidateIds.zhang_wei}"]`);
    await card.getByRole("button", { name: /投票/ }).click();
    await expect(card.getByTestId("voted")).toBeVisible();
    await expect(card.getByRole("status")).toContainText("已投给");
    await expect(page.getByTestId("votes-left")).toHaveAttribute("data-left", "1");

    // The watcher's tally moves without a reload, and says so to screen readers.
    await expect(bar).toHaveAttribute("data-votes", "1", { timeout: 3_000 });
    await expect(bar).toContainText("1 票");
    await expect(tally.locator("li").first()).toHaveAttribute("data-candidate-id", candidateIds.zhang_wei);
    await expect(watcher.getByTestId("tally-status")).toContainText("计票已更新");
    expect(await watcher.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);

    // The results page follows the same room.
    const results = await watcherCtx.newPage();
    await results.goto(`/awards/${awardId}/results`);
    await expect(results.getByTestId("tally")).toHaveAttribute("data-joined", "true");
    await card.page().locator(`li[data-testid="candidate"][data-candidate-id="${candidateIds.liu_fang}"]`).getByRole("button", { name: /投票/ }).click();
    await expect(results.getByTestId("tally").locator(`li[data-candidate-id="${candidateIds.liu_fang}"]`)).toHaveAttribute("data-votes", "1", { timeout: 3_000 });
    await expect(page.getByTestId("votes-left")).toHaveAttribute("data-left", "0");
  } finally {
    await closeAll(watcherCtx, voterCtx);
  }
});
