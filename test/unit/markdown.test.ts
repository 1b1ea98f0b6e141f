import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../app/.server/markdown";

describe("renderMarkdown", () => {
  it("escapes raw HTML instead of rendering it", () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror="alert(2)">');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain("&lt;script&gt;");
  });

  it.each([
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](foo:bar)",
    "[x](java&#x09;script:alert(1))",
    "[x](java%09script:alert(1))",
    "<javascript:alert(1)>",
  ])("drops unsafe link %s", (src) => {
    const html = renderMarkdown(src);
    expect(html).not.toMatch(/href="(?!https?:|mailto:|\/|#)/i);
    expect(html.toLowerCase()).not.toContain('href="javascript');
  });

  it("keeps http(s), mailto and relative links, marking outside links nofollow ugc", () => {
    const html = renderMarkdown("[a](https://www.heyuan.gov.cn) [b](mailto:x@y.cn) [c](/t/1)");
    expect(html).toContain('href="https://www.heyuan.gov.cn" rel="nofollow ugc noopener" target="_blank"');
    expect(html).toContain('href="mailto:x@y.cn"');
    expect(html).toContain('href="/t/1"');
    expect(html).not.toMatch(/href="\/t\/1" rel=/);
  });

  it("linkifies bare URLs and turns images into links", () => {
    expect(renderMarkdown("见 https://example.org/a")).toContain('<a href="https://example.org/a" rel="nofollow ugc noopener"');
    const img = renderMarkdown("![图](https://example.org/p.png)");
    expect(img).not.toContain("<img");
    expect(img).toContain('<a href="https://example.org/p.png"');
  });

  it("renders quotes, lists and emphasis", () => {
    const html = renderMarkdown("> 引用\n\n- 一\n- 二\n\n**加粗**");
    expect(html).toContain("<blockquote>");
    expect(html).toContain("<li>一</li>");
    expect(html).toContain("<strong>加粗</strong>");
  });
});
