// Script stays inert: markup and dangerous links in a reply render as text or safe links,
// for the author (form result), for a live reader (broadcast) and after a reload (server render).
import { expect, test, type Page } from "@playwright/test";
import { closeAll, createThread, marker, openThread, post, register, signedInContext } from "./support";

const payload = [
  `<script>window.__xss = "script"; alert("script")</script>`,
  `<img src=x onerror="window.__xss = 'img'; alert('img')">`,
  `[点我](javascript:window.__xss='md';alert('md'))`,
  `[大小写](JaVaScRiPt:window.__xss='case')`,
  `[编码](java&#x09;script:window.__xss='entity')`,
  `[未知协议](foo-bar://x?window.__xss=1)`,
  `<a href="javascript:window.__xss='raw'">raw</a>`,
  `<svg onload="window.__xss='svg'"></svg>`,
  `[正常链接](https://example.org/ok)`,
].join("\n\n");

/** Watches a page for any dialog and any script that ran from the payload. */
function guard(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return {
    async check(where: string, postId: string) {
      // Had an <img onerror> got through, it fires when its load fails: wait until every image
      // on the page has settled (loaded or broken) before looking for its traces.
      await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
      expect(dialogs, `${where}: dialogs`).toEqual([]);
      expect(await page.evaluate(() => (window as any).__xss ?? null), `${where}: window.__xss`).toBeNull();
      const li = post(page, postId);
      const body = li.locator(".post__body");
      await expect(body).toBeVisible();
      // No element that can run script, no handler attribute, no javascript: (or unknown) href.
      await expect(body.locator("script, img, svg, iframe, object, embed")).toHaveCount(0);
      const attrs = await body.locator("*").evaluateAll((els) =>
        els.flatMap((e) => Array.from(e.attributes).map((a) => `${e.tagName.toLowerCase()} ${a.name}=${a.value}`)),
      );
      expect(attrs.filter((a) => / on[a-z]+=/i.test(a)), `${where}: event handler attributes`).toEqual([]);
      // Every link, as the browser resolves it, goes to http(s) (a percent-encoded "java%09script:"
      // is a harmless relative path once resolved); none of the attributes says javascript:.
      const links = await body.locator("a").evaluateAll((els) =>
        els.map((e) => ({ attr: e.getAttribute("href") ?? "", protocol: new URL((e as HTMLAnchorElement).href).protocol, text: e.textContent })),
      );
      expect(links.filter((l) => !["http:", "https:"].includes(l.protocol)), `${where}: links`).toEqual([]);
      expect(links.filter((l) => /^\s*(javascript|foo-bar):/i.test(l.attr)), `${where}: javascript: hrefs`).toEqual([]);
      expect(links.find((l) => l.text === "正常链接")?.attr, `${where}: the safe link`).toBe("https://example.org/ok");
      await expect(page.locator('a[href^="javascript:" i], a[href^="foo-bar:" i]')).toHaveCount(0);
      await expect(body.getByRole("link", { name: "点我" })).toHaveCount(0);
      await expect(body.getByRole("link", { name: "未知协议" })).toHaveCount(0);
      // The markup shows as text.
      await expect(body).toContainText(`<script>window.__xss = "script"`);
      await expect(body).toContainText("<img src=x onerror=");
    },
  };
}

test("a reply with script, handlers and javascript: links runs nothing anywhere", async ({ browser }) => {
  const author = await register("xss");
  const reader = await register("xssread");
  const thread = await createThread(author, `富文本安全测试${marker("x")}`);
  const ctxA = await signedInContext(browser, author);
  const ctxB = await signedInContext(browser, reader);
  try {
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    const ga = guard(a);
    const gb = guard(b);
    await openThread(a, thread.id);
    await openThread(b, thread.id, 2);

    const tag = marker("inert");
    await a.getByLabel("回复内容", { exact: true }).fill(`${tag}\n\n${payload}`);
    await a.getByRole("button", { name: "发表回复" }).click();
    const onA = a.locator("li.post", { hasText: tag });
    await expect(onA).toBeVisible();
    const id = (await onA.getAttribute("data-post-id"))!;
    await expect(post(b, id)).toBeVisible();

    await ga.check("author's page", id);
    await gb.check("live reader", id);
    await b.reload();
    await expect(post(b, id)).toBeVisible();
    await gb.check("after reload", id);
    // Clicking the text of the blocked link does nothing either.
    await post(b, id).getByText("[点我]", { exact: false }).click();
    await gb.check("after a click", id);
    await expect(b).toHaveURL(new RegExp(`/t/${thread.id}`));
  } finally {
    await closeAll(ctxA, ctxB);
  }
});
