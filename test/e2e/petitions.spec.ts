// The Public Servant Mailbox in real browsers: a citizen turns a discussion into a petition; the
// office accepts it and proposes; a leader instructs; two departments reply; the citizen rates
// it — while a second browser on the thread watches the banner change live — and /track shows
// the timeline to anyone holding the tracking number and the query code.
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { api, closeAll, createThread, demo, loginDemo, marker, register, signedInContext } from "./support";

test.describe.configure({ timeout: 120_000 });

async function mailboxId(name: string): Promise<string> {
  const r = await api("/mailboxes");
  const m = r.body.items.find((x: { name: string }) => x.name === name);
  expect(m, `mailbox ${name}`).toBeDefined();
  return m.id;
}

/** Opens the case page and takes one action through its form. */
async function act(page: Page, id: string, action: string, fill?: (p: Page) => Promise<void>) {
  await page.goto(`/petitions/${id}`);
  const button = page.getByTestId(`action-${action}`);
  await expect(button).toBeVisible();
  if (fill) await fill(page);
  await button.click();
}

const status = (page: Page) => page.getByTestId("case-status");

test("a discussion becomes a petition, is routed to two departments, answered, rated — the thread's banner follows live", async ({ browser }) => {
  const citizen = await register("petitioner");
  const [admin, leader, transport, education] = await Promise.all([
    loginDemo(demo.admin),
    loginDemo({ username: "official_luo", displayName: "罗敏（源城区）" }),
    loginDemo(demo.official),
    loginDemo({ username: "official_huang", displayName: "黄建华（市教育局局长）" }),
  ]);
  const [yuancheng, transportBox, educationBox] = await Promise.all([
    mailboxId("源城区委书记信箱"),
    mailboxId("市交通运输局"),
    mailboxId("市教育局"),
  ]);
  const title = `学校门口早晚高峰交通拥堵 ${marker("case")}`;
  const thread = await createThread(citizen, title, "建议在实验小学门口设置接送车位并安排交警疏导。");

  const contexts: BrowserContext[] = [];
  try {
    const ctx = async (who: typeof citizen | null) => {
      const c = await signedInContext(browser, who);
      contexts.push(c);
      return c.newPage();
    };
    const [me, watcher] = await Promise.all([ctx(citizen), ctx(null)]);

    // A reader keeps the thread open in another browser.
    await watcher.goto(`/t/${thread.id}`);
    await expect(watcher.locator(".live-bar")).toContainText(/人在看/);
    await expect(watcher.getByTestId("petition-banner")).toHaveCount(0);

    // The author turns the discussion into a petition to the district's mailbox.
    await me.goto(`/t/${thread.id}`);
    await me.getByTestId("petition-convert").getByRole("link").click();
    await expect(me).toHaveURL(new RegExp(`/petitions/new\\?thread=${thread.id}`));
    await me.locator('select[name="mailboxId"]').selectOption(yuancheng);
    await me.locator('select[name="category"]').selectOption("transport");
    await me.locator("button.pp-submit").click();
    const trackingNo = (await me.getByTestId("tracking-no").innerText()).match(/HY\d{14}/)![0];
    const queryCode = (await me.getByTestId("query-code").innerText()).match(/[A-Z2-9]{8}/)![0];
    const caseLink = me.getByTestId("petition-confirmation").locator('a[href^="/petitions/"]').first();
    const petitionId = (await caseLink.getAttribute("href"))!.match(/\/petitions\/(\d+)/)![1];

    // The watcher sees the banner appear without reloading.
    const banner = watcher.getByTestId("petition-banner");
    await expect(banner).toContainText(trackingNo);
    await expect(banner).toContainText("待受理");

    // The online-governance office accepts it and writes a proposed opinion.
    const office = await ctx(admin);
    await act(office, petitionId, "accept");
    await expect(status(office)).toHaveAttribute("data-status", "accepted");
    await expect(banner).toContainText("已受理");
    await act(office, petitionId, "propose", (p) => p.locator('textarea[name="opinion"]').fill("建议交市交通运输局主办、市教育局协办。"));
    await expect(office.getByTestId("case-opinion")).toContainText("交通运输局主办");

    // The district's leader instructs.
    const lead = await ctx(leader);
    await act(lead, petitionId, "instruct", (p) => p.locator('textarea[name="instruction"]').fill("请两部门两周内拿出方案，并向网民反馈。"));
    await expect(lead.getByTestId("case-instruction")).toContainText("两周内");

    // The office assigns it to two departments, transport leading.
    await act(office, petitionId, "assign", async (p) => {
      await p.locator(`input[name="mailboxIds"][value="${transportBox}"]`).check();
      await p.locator(`input[name="mailboxIds"][value="${educationBox}"]`).check();
      await p.locator('select[name="leadMailboxId"]').selectOption(transportBox);
    });
    await expect(status(office)).toHaveAttribute("data-status", "assigned");
    await expect(banner).toContainText("办理中");

    // The co-handler replies first; the case is answered when the lead replies.
    const edu = await ctx(education);
    await act(edu, petitionId, "reply", (p) => p.locator('textarea[name="body"]').fill("市教育局：已要求学校错峰放学。"));
    await expect(status(edu)).toHaveAttribute("data-status", "assigned");
    const tr = await ctx(transport);
    await act(tr, petitionId, "reply", (p) => p.locator('textarea[name="body"]').fill("市交通运输局：将增设临时接送车位，交警高峰时段驻点疏导。"));
    await expect(status(tr)).toHaveAttribute("data-status", "replied");
    await expect(banner).toContainText("已答复");

    // The citizen sees both replies and rates the answer; the case closes.
    await act(me, petitionId, "rate", (p) => p.locator('input[name="satisfaction"][value="satisfied"]').check());
    await expect(status(me)).toHaveAttribute("data-status", "closed");
    await expect(me.getByRole("paragraph").filter({ hasText: "已要求学校错峰放学" })).toBeVisible();
    await expect(me.getByRole("paragraph").filter({ hasText: "增设临时接送车位" })).toBeVisible();
    await expect(banner).toContainText("已办结");

    // Anyone with both numbers follows the case on /track, without an account.
    const anon = await ctx(null);
    await anon.goto("/track");
    await anon.locator('input[name="trackingNo"]').fill(trackingNo);
    await anon.locator('input[name="queryCode"]').fill(queryCode);
    await anon.locator('input[name="queryCode"]').press("Enter");
    const result = anon.getByTestId("track-result");
    await expect(result).toContainText("已办结");
    for (const step of ["提交来信", "受理", "拟办意见", "领导批示", "交办", "答复", "满意度评价"]) await expect(result).toContainText(step);
    // No names in the public view.
    await expect(result).not.toContainText(citizen.displayName);
    await expect(result).not.toContainText("黄建华");

    // A wrong code reveals nothing.
    await anon.goto("/track");
    await anon.locator('input[name="trackingNo"]').fill(trackingNo);
    await anon.locator('input[name="queryCode"]').fill("AAAAAAAA");
    await anon.locator('input[name="queryCode"]').press("Enter");
    await expect(anon.getByTestId("track-result")).toHaveCount(0);
    await expect(anon.getByText(/查询编号或查询码不正确/)).toBeVisible();
  } finally {
    await closeAll(...contexts);
  }
});

test("the workbench lists a new case for the mailbox's official live", async ({ browser }) => {
  const citizen = await register("writer");
  const official = await loginDemo(demo.official); // handler of 市交通运输局
  const transportBox = await mailboxId("市交通运输局");
  const ctx = await signedInContext(browser, official);
  try {
    const page = await ctx.newPage();
    await page.goto("/workbench");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    const title = `公交站牌信息不准确 ${marker("desk")}`;
    const r = await api("/petitions", { token: citizen.token, body: { mailboxId: transportBox, title, body: "站牌上的首末班时间与实际不符。", category: "transport" } });
    expect(r.status).toBe(201);
    await expect(page.getByRole("link", { name: title })).toBeVisible({ timeout: 10_000 });
  } finally {
    await closeAll(ctx);
  }
});
