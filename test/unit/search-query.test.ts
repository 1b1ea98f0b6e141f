// Search queries before the database: normalisation (bounded, controls gone, terms), LIKE
// escaping, plain text of Markdown, snippets and highlight ranges (safe at surrogate pairs).
import { describe, expect, it } from "vitest";

/** No lone surrogate (String.prototype.isWellFormed is not in this TypeScript lib). */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
import {
  QUERY_MAX,
  escapeLike,
  findRanges,
  hanPieces,
  highlight,
  normaliseQuery,
  plainText,
  segments,
  snippet,
  wordSimilarity,
} from "../../app/domain/search/query";

describe("normaliseQuery", () => {
  it("trims, collapses any whitespace, strips controls and bidi marks, folds full-width", () => {
    const q = normaliseQuery("  公交\u3000\t线路\u0000\u202e\u200b  ＰＭ２．５\n ");
    expect(q.text).toBe("公交 线路 PM2.5");
    expect(q.terms).toEqual(["pm2.5", "公交", "线路"]);
    expect(q).toMatchObject({ length: 9, cut: false, indexed: true });
  });

  it("cuts to QUERY_MAX code points without splitting a surrogate pair, and says so", () => {
    const q = normaliseQuery("😀".repeat(500));
    expect(Array.from(q.text)).toHaveLength(QUERY_MAX);
    expect(wellFormed(q.text)).toBe(true);
    expect(q.cut).toBe(true);
    const huge = normaliseQuery("a".repeat(1_000_000));
    expect(huge.text).toHaveLength(QUERY_MAX);
    expect(huge.cut).toBe(true);
  });

  it("counts characters without spaces; one character is too short, two search recent items only", () => {
    expect(normaliseQuery(" 路 ").length).toBe(1);
    expect(normaliseQuery("公交").indexed).toBe(false);
    expect(normaliseQuery("公交 线路").indexed).toBe(false);
    expect(normaliseQuery("东源县").indexed).toBe(true);
    expect(normaliseQuery(undefined).text).toBe("");
    expect(normaliseQuery(["x", "y"]).text).toBe("x");
  });

  it("keeps at most five distinct terms, longest first", () => {
    expect(normaliseQuery("a bb ccc dddd eeeee ffffff BB").terms).toEqual(["ffffff", "eeeee", "dddd", "ccc", "bb"]);
  });
});

describe("escapeLike", () => {
  it("makes %, _ and backslash literal", () => {
    expect(escapeLike("100%_\\x")).toBe("100\\%\\_\\\\x");
  });
});

describe("plainText", () => {
  it("keeps the words of Markdown, drops its markers", () => {
    expect(plainText("# 标题\n\n**加粗** 和 [链接](https://example.com) `代码`\n> 引用\n- 列表")).toBe("标题 加粗 和 链接 代码 引用 列表");
  });
});

describe("highlights and snippets", () => {
  it("finds every occurrence case-insensitively, merged", () => {
    expect(findRanges("Bus bus BUS", ["bus"])).toEqual([[0, 3], [4, 7], [8, 11]]);
    expect(findRanges("公交线路", ["公交", "交线"])).toEqual([[0, 3]]);
  });

  it("marks a look-alike word when the exact term does not occur", () => {
    expect(wordSimilarity("polution", "pollution")).toBeGreaterThan(0.4);
    const h = highlight("Air pollution near school", ["polution"]);
    expect(h.ranges.map(([a, b]) => h.text.slice(a, b))).toEqual(["pollution"]);
  });

  it("cuts Chinese terms into three-character pieces for look-alikes, and marks those found", () => {
    expect(hanPieces("公交线录")).toEqual(["公交线", "交线录"]);
    expect(hanPieces("东源县")).toEqual([]);
    expect(hanPieces("pollution")).toEqual([]);
    const h = highlight("希望优化公交线路", ["公交线录"]);
    expect(h.ranges.map(([a, b]) => h.text.slice(a, b))).toEqual(["公交线"]);
  });

  it("cuts a window around the first match with ellipses and shifted ranges", () => {
    const text = "前".repeat(300) + "公交线路" + "后".repeat(300);
    const s = snippet(text, ["公交线路"], 100);
    expect(s.text.startsWith("…")).toBe(true);
    expect(s.text.endsWith("…")).toBe(true);
    expect(s.ranges).toHaveLength(1);
    const [a, b] = s.ranges[0];
    expect(s.text.slice(a, b)).toBe("公交线路");
  });

  it("never splits a surrogate pair at the window's edges", () => {
    const text = "😀".repeat(200) + "match" + "😀".repeat(200);
    for (const len of [99, 100, 101]) {
      const s = snippet(text, ["match"], len);
      expect(wellFormed(s.text)).toBe(true);
      expect(s.ranges.map(([a, b]) => s.text.slice(a, b))).toEqual(["match"]);
    }
  });

  it("splits into plain and marked segments that rebuild the text exactly", () => {
    const h = { text: "<b>公交</b> & 线路", ranges: [[3, 5], [12, 13], [13, 40]] as [number, number][] };
    const seg = segments(h);
    expect(seg.map((x) => x.text).join("")).toBe(h.text);
    expect(seg.filter((x) => x.mark).map((x) => x.text)).toEqual(["公交", "线路"]);
  });
});
