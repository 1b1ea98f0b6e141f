// The Content-Security-Policy in a real browser: pages with sockets, charts and forms work under
// it (nothing is refused), and it really is enforced (a script without the nonce does not run).
import { expect, test, type Page } from "@playwright/test";
import { createThread, demo, loginDemo, signedInContext } from "./support";

function watchRefusals(page: Page) {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  return refused;
}

test("the main pages hydrate, connect and draw charts with nothing refused by the policy", async ({ browser }) => {
  const citizen = await loginDemo(demo.citizen);
  const thread = await createThread(citizen, "内容安全策略下的实时讨论");
  const context = await signedInContext(browser, citizen);
  const page = await context.newPage();
  const refused = watchRefusals(page);
  for (const path of ["/", "/forum", "/stats/assessment", "/live", "/events"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBeLessThan(400);
  }
  // A thread page is live only once hydrated and connected: presence counts this reader.
  await page.goto(`/t/${thread.id}`);
  await expect(page.getByText(/1\s*人在看|1 (person|people) here/)).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(refused).toEqual([]);
  await context.close();
});

test("a script without the page's nonce does not run", async ({ page }) => {
  const refused = watchRefusals(page);
  await page.goto("/forum");
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__injected = true";
    document.body.appendChild(s);
  });
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect.poll(() => refused.length).toBeGreaterThan(0);
});
