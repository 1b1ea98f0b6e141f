// Phone: at 375×812 the pages do not scroll sideways, nothing is cut off at the right edge,
// and the reply form can be used.
import { expect, test, type Page } from "@playwright/test";
import { closeAll, createPost, createThread, loginDemo, demo, marker, openThread, post, register, signedInContext } from "./support";

const WIDTH = 375;
const phone = { viewport: { width: WIDTH, height: 812 }, isMobile: true, hasTouch: true };
test.use(phone);

/**
 * The document's scroll width, and the elements that stick out past the right edge without a
 * scrolling box of their own to hold them (body has overflow-x: hidden, which would cut such
 * content off rather than let the page scroll, so scrollWidth alone could hide it).
 */
async function overflow(page: Page) {
  return page.evaluate((width) => {
    const out: string[] = [];
    const scrolls = (el: Element) => {
      const s = getComputedStyle(el);
      return ["auto", "scroll"].includes(s.overflowX) && el.clientWidth <= width;
    };
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= width + 1) continue;
      const s = getComputedStyle(el);
      if (s.visibility === "hidden" || s.position === "fixed") continue;
      let held = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) held = true;
      if (held) continue;
      if (el.classList.contains("visually-hidden") || el.classList.contains("skip-link")) continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""}`;
      out.push(`${name} right=${Math.round(r.right)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, outside: out.slice(0, 10) };
  }, WIDTH);
}

async function expectFits(page: Page, what: string) {
  const o = await overflow(page);
  expect(o.scrollWidth, `${what}: document scrollWidth`).toBeLessThanOrEqual(WIDTH);
  expect(o.outside, `${what}: elements past the right edge`).toEqual([]);
}

let threadId: string;
test.beforeAll(async () => {
  // Content that tends to push pages wide: a long title, a table, a long unbroken URL, code.
  const author = await loginDemo(demo.citizen3);
  const thread = await createThread(
    author,
    `关于东江大桥至河源大道晚高峰拥堵情况的长期观察与信号灯配时优化建议${marker("w")}`,
    [
      "| 路段 | 早高峰 | 晚高峰 | 建议 |",
      "|---|---|---|---|",
      "| 东江大桥东侧引桥至河源大道交叉口 | 12分钟 | 25分钟 | 延长左转绿灯并设置待转区 |",
      "",
      "数据来源：https://example.org/heyuan/traffic/reports/2026/11/dongjiang-bridge-evening-peak-observations-full-dataset.csv",
      "",
      "```",
      "curl https://example.org/api/v1/traffic?segment=dongjiang-bridge-east&from=2026-11-01&to=2026-11-30&granularity=5min",
      "```",
    ].join("\n"),
  );
  threadId = thread.id;
  await createPost(author, threadId, "补充：aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  await createPost(await loginDemo(demo.official), threadId, "已转交交警支队研究。");
});

test("home and forum list fit a phone screen", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
  await expectFits(page, "home");
  await page.goto("/forum");
  await expectFits(page, "/forum");
});

test("a thread page fits a phone screen and its reply form works", async ({ browser }) => {
  const reader = await register("mobile");
  const ctx = await signedInContext(browser, reader, phone);
  try {
    const page = await ctx.newPage();
    await openThread(page, threadId);
    await expectFits(page, "thread page");

    const box = page.getByLabel("回复内容", { exact: true });
    const send = page.getByRole("button", { name: "发表回复" });
    await box.scrollIntoViewIfNeeded();
    for (const el of [box, send]) {
      const r = (await el.boundingBox())!;
      expect(r.x, "reply form starts inside the screen").toBeGreaterThanOrEqual(0);
      expect(r.x + r.width, "reply form ends inside the screen").toBeLessThanOrEqual(WIDTH);
      expect(r.height, "reply form controls are big enough to tap").toBeGreaterThanOrEqual(24);
    }
    const text = `手机上回复：支持优化。${marker("m")}`;
    await box.tap();
    await box.fill(text);
    await send.tap();
    const mine = page.locator("li.post", { hasText: text });
    await expect(mine).toBeVisible();
    await expect(box).toHaveValue("");
    await expectFits(page, "thread page after replying");
  } finally {
    await closeAll(ctx);
  }
});

test("the administrator's user table and a user's mailbox table scroll in their own box, not the page", async ({ browser }) => {
  // Its last header is a visually hidden (absolutely positioned) label past the screen's edge.
  const admin = await loginDemo(demo.admin);
  const ctx = await signedInContext(browser, admin, phone);
  try {
    const page = await ctx.newPage();
    await page.goto("/admin");
    await expect(page.locator(".table-wrap table")).toBeVisible();
    await expectFits(page, "/admin");
    // A user's page in English: the mailbox table sits in a fieldset, as wide as its content
    // unless told otherwise.
    await ctx.addCookies([{ name: "lang", value: "en", url: page.url() }]);
    await page.goto(`/admin/users/${admin.id}`);
    await expect(page.getByRole("group", { name: "Mailbox memberships" })).toBeVisible();
    await expectFits(page, "/admin/users/:id in English");
  } finally {
    await closeAll(ctx);
  }
});

test("statistics and a commitment's charts keep readable labels on a phone, scrolling in their own box", async ({ page }) => {
  // The rendered height of the charts' axis labels (12 units in a 640–960-unit chart).
  const labelHeight = (chart: string) =>
    page.locator(`${chart} svg text`).first().evaluate((el) => el.getBoundingClientRect().height);
  for (const [path, chart] of [
    ["/stats", ".assessment-chart--wide"],
    ["/stats/assessment", ".assessment-chart--wide"],
    ["/commitments/1", ".cm-chart"],
  ]) {
    await page.goto(path);
    await expect(page.locator(`${chart} svg`).first()).toBeVisible();
    expect(await labelHeight(chart), `${path}: chart label height`).toBeGreaterThanOrEqual(8);
    await expectFits(page, path);
  }
});
