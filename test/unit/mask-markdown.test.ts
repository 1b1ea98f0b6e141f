import { describe, expect, it } from "vitest";
import { maskMarkdown, masker } from "../../app/.server/petitions/dto";
import { renderMarkdown } from "../../app/.server/markdown";
import { findPersonalData } from "../../app/domain/petitions/privacy";

// A masker built as the published-case and tracking views build it.
const mask = masker({ contactName: "张伟", contactPhone: "13912345678", contactAddress: "大同路88号3栋" }, "李明华");
const plainMask = masker({ contactName: null, contactPhone: null, contactAddress: null }, null);

/** What a reader sees: the HTML without its tags, entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

const attributes = (html: string) => Array.from(html.matchAll(/\s[a-z-]+="([^"]*)"/g), (m) => m[1]!);
const MOBILE = /1[3-9][0-9]{9}/;

/** Nothing personal is left in what the reader sees, nor in the attributes. */
function expectClean(html: string) {
  expect(findPersonalData(visible(html).replace(/\s+/g, " "))).toEqual([]);
  expect(visible(html)).not.toMatch(MOBILE);
  for (const value of attributes(html)) expect(value).not.toMatch(MOBILE);
}

describe("maskMarkdown: numbers split by Markdown", () => {
  it.each([
    ["bold", "138**1234**5678"],
    ["bold with spaces", "138 **1234** 5678"],
    ["bold prefix", "**138**12345678"],
    ["italic", "138*1234*5678"],
    ["underscore italic", "电话 _138_ 12345678"],
    ["strikethrough", "138~~1234~~5678"],
    ["code span", "138`1234`5678"],
    ["escaped dots", "138\\.1234\\.5678"],
    ["escaped dashes", "138\\-1234\\-5678"],
    ["a link label", "138[1234](https://example.org)5678"],
    ["every digit in bold", "1**3**8**1**2**3**4**5**6**7**8"],
    ["the contact phone (a known value) in bold", "回电139**1234**5678"],
  ])("masks a phone split by %s", (_label, source) => {
    const { html } = maskMarkdown(mask, source);
    expect(visible(html)).toMatch(/1[3-9][0-9]\*{4}[0-9]{4}/);
    expectClean(html);
  });

  it("keeps the formatting around the masked digits", () => {
    expect(maskMarkdown(mask, "138**1234**5678").html).toBe("<p>138<strong>****</strong>5678</p>\n");
    expect(maskMarkdown(mask, "电话*138-1234-5678*").html).toBe("<p>电话<em>138****5678</em></p>\n");
  });

  it("masks the Markdown source in text as well", () => {
    expect(maskMarkdown(mask, "138**1234**5678").text).toBe("138****5678");
    expect(maskMarkdown(mask, "138~~1234~~5678").text).toBe("138****5678");
    expect(maskMarkdown(mask, "138`1234`5678").text).toBe("138****5678");
    expect(maskMarkdown(mask, "138\\.1234\\.5678").text).toBe("138****5678");
    expect(maskMarkdown(mask, "投诉人**王小明**说").text).toBe("投诉人王**说");
  });

  it("masks IDs and cards split by formatting", () => {
    const id = maskMarkdown(mask, "身份证441602**19900101**1238");
    expect(visible(id.html)).toBe("身份证4416************38\n");
    expect(id.text).toBe("身份证4416************38");
    const card = maskMarkdown(mask, "卡号6222`0212`3456`7894`");
    expect(visible(card.html)).toBe("卡号************7894\n");
  });
});

describe("maskMarkdown: entities", () => {
  it.each([
    ["a decimal entity", "&#49;3812345678"],
    ["hex entities", "&#x31;&#x33;&#x38;12345678"],
    ["every digit as an entity", "&#49;&#51;&#56;&#49;&#50;&#51;&#52;&#53;&#54;&#55;&#56;"],
    ["entity dashes", "138&#45;1234&#45;5678"],
    ["named dots", "138&period;1234&period;5678"],
    ["named spaces", "138&nbsp;1234&nbsp;5678"],
    ["a named zero-width space", "138&ZeroWidthSpace;12345678"],
    ["a numeric zero-width space", "138&#8203;12345678"],
    ["a full-width entity", "&#65297;3812345678"],
  ])("masks a phone written with %s", (_label, source) => {
    const { text, html } = maskMarkdown(mask, source);
    expectClean(html);
    expect(findPersonalData(text)).toEqual([]);
    expect(text).toContain("****");
  });

  it("masks an e-mail address with an entity for @", () => {
    const { text, html } = maskMarkdown(mask, "邮箱zhangwei&#64;example.com");
    expect(visible(html)).toBe("邮箱z***@example.com\n");
    expect(text).toBe("邮箱z***@example.com");
  });
});

describe("maskMarkdown: invisible characters", () => {
  it.each([
    ["U+200B", "\u200B"],
    ["U+200C", "\u200C"],
    ["U+200D", "\u200D"],
    ["U+2060", "\u2060"],
    ["U+FEFF", "\uFEFF"],
    ["U+00AD", "\u00AD"],
  ])("masks a phone with %s between the digits, and drops it", (_label, zw) => {
    const source = `电话138${zw}1234${zw}5678`;
    const { text, html } = maskMarkdown(mask, source);
    expect(text).toBe("电话138****5678");
    expect(html).toBe("<p>电话138****5678</p>\n");
  });

  it("masks a name with a zero-width space inside", () => {
    expect(maskMarkdown(mask, "我叫陈\u200B大文").html).toBe("<p>我叫陈**</p>\n");
  });

  it("keeps a zero-width joiner inside an emoji sequence", () => {
    const family = "👨\u200D👩\u200D👧";
    expect(maskMarkdown(mask, `${family} 一家`).html).toBe(`<p>${family} 一家</p>\n`);
  });
});

describe("maskMarkdown: code", () => {
  it("shows stars, not backslashes, in a code span", () => {
    const { text, html } = maskMarkdown(mask, "电话`13812345678`");
    expect(html).toBe("<p>电话<code>138****5678</code></p>\n");
    expect(html).not.toContain("\\");
    expect(text).toBe("电话`138****5678`");
  });

  it("masks fenced and indented code blocks", () => {
    const fenced = maskMarkdown(mask, "```\n电话13812345678\n我叫张伟\n```");
    expect(fenced.html).toBe("<pre><code>电话138****5678\n我叫张*\n</code></pre>\n");
    const indented = maskMarkdown(mask, "    13812345678");
    expect(indented.html).toBe("<pre><code>138****5678\n</code></pre>\n");
  });

  it("masks a fence's info string (it becomes a class)", () => {
    const { html } = maskMarkdown(mask, "```13812345678\ncode\n```");
    expect(html).not.toMatch(MOBILE);
  });
});

describe("maskMarkdown: names", () => {
  it.each([
    ["投诉人**王小明**说", "投诉人王**说"],
    ["**王小明**反映", "王**反映"],
    ["我是*陈大文*", "我是陈**"],
    ["举报人：`赵六`", "举报人：赵*"],
    ["张**伟**来信", "张*来信"], // a known name
  ])("masks %s", (source, seen) => {
    expect(visible(maskMarkdown(mask, source).html)).toBe(`${seen}\n`);
  });
});

describe("maskMarkdown: links and attributes", () => {
  it("masks a phone in a link target and title", () => {
    const { html } = maskMarkdown(mask, '[链接](https://example.org/u/13812345678 "13812345678")');
    expect(html).toContain('href="https://example.org/u/138****5678"');
    expect(html).toContain('title="138****5678"');
    expectClean(html);
  });

  it("masks a percent-encoded phone in a link target", () => {
    const { text, html } = maskMarkdown(mask, "[x](https://example.org/%31%33%38%31%32%33%34%35%36%37%38)");
    expect(html).toContain('href="https://example.org/138****5678"');
    expect(text).toBe("[x](https://example.org/138****5678)");
  });

  it("masks an autolinked e-mail address in the text and the mailto", () => {
    const { html } = maskMarkdown(mask, "<zhangwei@example.com>");
    expect(html).toBe('<p><a href="mailto:z***@example.com">z***@example.com</a></p>\n');
  });

  it("masks linkified URLs and image descriptions", () => {
    expectClean(maskMarkdown(mask, "见 https://example.org/13812345678").html);
    expectClean(maskMarkdown(mask, "![13812345678](https://example.org/p.png)").html);
    expectClean(maskMarkdown(mask, "![](https://example.org/13812345678.png)").html);
  });

  it("keeps links safe: the masked HTML is still escaped", () => {
    const { html } = maskMarkdown(mask, '<script>alert("13812345678")</script> [x](javascript:alert(1))');
    expect(html).not.toMatch(/<script|href="javascript/i);
    expect(html).toContain("&lt;script&gt;alert(&quot;138****5678&quot;)&lt;/script&gt;");
  });
});

describe("maskMarkdown: structure", () => {
  it("masks table cells, quotes and list items", () => {
    const source = "| 电话 | 备注 |\n|---|---|\n| 138**1234**5678 | 无 |\n\n> 138`1234`5678\n\n- 我叫**张伟**";
    const { html } = maskMarkdown(mask, source);
    expect(html).toContain("<td>138<strong>****</strong>5678</td>");
    expect(html).toContain("<blockquote>\n<p>138<code>****</code>5678</p>");
    expect(html).toContain("<li>我叫<strong>张*</strong></li>");
    expectClean(html);
  });

  it("does not join numbers across blocks or table cells", () => {
    const source = "| 138 | 1234 | 5678 |\n|---|---|---|\n\n138\n\n12345678";
    const { html } = maskMarkdown(mask, source);
    expect(html).toBe(renderMarkdown(source));
  });

  it("leaves text without personal data exactly as rendered, and the source as written", () => {
    const source =
      "**答复**：经核查，K12路、1路每天07:30发车，3*4米的站牌已于2026-11-27更换。\n\n" +
      "- 投资3.5亿元\n- 查询编号HY20261127000123\n\n`npm run build` 和 \\*星号\\* 与 _强调_ [链接](https://www.heyuan.gov.cn)";
    const { text, html } = maskMarkdown(mask, source);
    expect(text).toBe(source);
    expect(html).toBe(renderMarkdown(source));
  });

  it("masks plain text exactly as the masker does, and shows the masker's stars as stars", () => {
    const source = "我叫张伟，电话138-1234-5678，住红光村12号，邮箱zw@example.com。";
    const { text, html } = maskMarkdown(mask, source);
    expect(text).toBe(mask(source));
    expect(text).toBe("我叫张*，电话138****5678，住红光村**号，邮箱z***@example.com。");
    // Not read as emphasis: the stars stay visible.
    expect(html).toBe(`<p>${mask(source)}</p>\n`);
  });
});

describe("maskMarkdown: idempotence", () => {
  const samples = [
    "138**1234**5678",
    "&#49;3812345678 和 138\u200B12345678",
    "电话`13812345678`，我叫**张伟**，住大同路88号3栋2单元501室",
    "投诉人**王小明**说：被投诉人李四在路边占道经营。",
    "| 电话 |\n|---|\n| 138~~1234~~5678 |",
    "[x](https://example.org/13812345678) <zhangwei@example.com>",
    "本人张伟家住大同路，我是陈大文来信",
  ];
  it.each(samples)("masking the masked text of %s again changes nothing", (source) => {
    const once = maskMarkdown(mask, source);
    const twice = maskMarkdown(mask, once.text);
    expect(twice.text).toBe(once.text);
    expectClean(twice.html);
  });

  it.each(samples)("gives the same result every time for %s", (source) => {
    expect(maskMarkdown(mask, source)).toEqual(maskMarkdown(mask, source));
  });

  it("works with a masker that knows no values", () => {
    expect(maskMarkdown(plainMask, "138**1234**5678").html).toBe("<p>138<strong>****</strong>5678</p>\n");
  });
});

describe("maskMarkdown: adversarial input", () => {
  const adversarial: [string, string][] = [
    ["split phones", "138**1234**5678 ".repeat(1_250)],
    ["split phones on lines", "138**1234**5678\n".repeat(1_250)],
    ["entities", "&#49;".repeat(4_000)],
    ["entity phones", "&#49;3812345678 ".repeat(1_250)],
    ["zero-width between digits", "\u200B1".repeat(10_000)],
    ["bold digits", "**1**".repeat(4_000)],
    ["code digits", "`1`".repeat(6_666)],
    ["stars", "*".repeat(20_000)],
    ["underscores", "_".repeat(20_000)],
    ["tildes", "~".repeat(20_000)],
    ["backticks", "`".repeat(20_000)],
    ["backslashes", "\\".repeat(20_000)],
    ["mixed markers", "1*_~`\\".repeat(3_333)],
    ["links", "[1](x)".repeat(3_333)],
    ["link targets", "[x](https://e.org/13812345678)".repeat(650)],
    ["every digit in bold", "1**3**8**1**2**3**4**5**6**7**8 ".repeat(600).slice(0, 20_000)],
    ["formatted document", "**电话**138-1234-5678，**邮箱**a@b.cn，我叫*张伟*，".repeat(500).slice(0, 20_000)],
    ["table", "| 1 | 2 |\n|---|---|\n" + "| 13812345678 | 138**1234**5678 |\n".repeat(600)],
    ["emphasis pairs between Han", "王**小**".repeat(3_000)],
    ["nested emphasis", "*".repeat(5_000) + "13812345678" + "*".repeat(5_000)],
    ["many short blocks", "- 138**1234**5678\n".repeat(1_100)],
    ["many blocks with private-use characters", "- \uE000\uE001 1\n\n".repeat(2_000)],
    [
      "every private-use character",
      Array.from({ length: 0x1900 }, (_, k) => String.fromCharCode(0xe000 + k)).join("") + "\n\n" + "- 138**1234**5678\n".repeat(700),
    ],
    ["angle brackets", "<".repeat(20_000)],
    ["ampersands", "&".repeat(20_000)],
  ];
  it.each(adversarial)("returns quickly on a 20,000-character %s input", (_label, source) => {
    expect(source.length).toBeGreaterThan(9_000);
    const started = performance.now();
    const { text, html } = maskMarkdown(mask, source);
    // Generous for slow machines: each takes well under a second.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(typeof text).toBe("string");
    expect(visible(html)).not.toMatch(MOBILE);
    expect(text).not.toMatch(MOBILE);
  });
});
