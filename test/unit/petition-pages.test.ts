import { describe, expect, it } from "vitest";
import { mailboxTree } from "../../db/seed/mailboxes";
import {
  countOptions,
  countyName,
  filterChoiceGroups,
  mailboxChoiceGroups,
  plainExcerpt,
  type MailboxChoice,
} from "../../app/domain/petitions/mailbox-groups";
import { getT } from "../../app/i18n";
import pages from "../../app/locales/areas/petition-pages";

// The seeded tree as the picker receives it (ids are the keys here).
const items: MailboxChoice[] = mailboxTree.map((m) => ({
  id: m.key,
  name: m.name,
  nameEn: m.nameEn,
  tier: m.tier,
  kind: m.kind,
  parentId: m.parent ?? null,
}));

describe("mailbox picker groups", () => {
  const groups = mailboxChoiceGroups(items);

  it("lists every mailbox exactly once", () => {
    const ids = groups.flatMap((g) => g.options.map((o) => o.item.id));
    expect(ids.length).toBe(items.length);
    expect(new Set(ids).size).toBe(items.length);
  });

  it("starts with the front desk, then city leaders, then city departments", () => {
    expect(groups.slice(0, 3).map((g) => g.kind)).toEqual(["cityCentres", "cityLeaders", "cityDepartments"]);
    expect(groups[0].options.map((o) => o.item.id)).toEqual(["city-online-office"]);
    expect(groups[1].options.every((o) => o.item.tier === "city" && o.item.kind === "leader")).toBe(true);
    expect(groups[1].options[0].item.id).toBe("city-party");
    expect(groups[2].options.some((o) => o.item.id === "city-education")).toBe(true);
  });

  it("gives each county its leaders, departments and towns, in tree order", () => {
    const counties = groups.filter((g) => g.kind === "countyLeaders").map((g) => g.county!.id);
    expect(counties).toEqual(["yuancheng", "dongyuan", "heping", "longchuan", "zijin", "lianping"]);
    const longchuan = groups.filter((g) => g.county?.id === "longchuan");
    expect(longchuan.map((g) => g.kind)).toEqual(["countyLeaders", "countyDepartments", "countyTowns"]);
    expect(longchuan[0].options.map((o) => o.item.id)).toEqual(["longchuan", "longchuan-head"]);
    expect(longchuan[2].options.every((o) => o.item.tier === "town")).toBe(true);
    // The county head hangs from the Party secretary: indented under it.
    expect(longchuan[0].options.map((o) => o.depth)).toEqual([0, 1]);
    // Departments hang from the county head, which is in another group: not indented.
    expect(longchuan[1].options.every((o) => o.depth === 0)).toBe(true);
  });

  it("indents a unit under its department within the city departments", () => {
    const city = groups.find((g) => g.kind === "cityDepartments")!;
    const depths = new Map(city.options.map((o) => [o.item.id, o.depth]));
    const child = items.find((m) => m.tier === "city" && m.kind === "department" && m.parentId && items.find((p) => p.id === m.parentId)?.kind === "department");
    if (child) expect(depths.get(child.id)).toBe((depths.get(child.parentId!) ?? 0) + 1);
  });

  it("drops empty groups and puts towns without a county last", () => {
    const extra: MailboxChoice[] = [...items, { id: "lost-town", name: "某镇综治信访维稳中心", nameEn: "Some Town Centre", tier: "town", kind: "centre", parentId: null }];
    const g = mailboxChoiceGroups(extra);
    expect(g.at(-1)).toMatchObject({ kind: "unassigned", options: [{ item: { id: "lost-town" }, depth: 0 }] });
    expect(mailboxChoiceGroups([]).length).toBe(0);
  });

  it("names a county after its root mailbox", () => {
    const root = items.find((m) => m.id === "yuancheng")!;
    expect(countyName(root, "zh-CN")).toBe("源城区");
    expect(countyName(root, "en")).toBe("Yuancheng District");
    expect(countyName(items.find((m) => m.id === "longchuan")!, "zh-CN")).toBe("龙川县");
    expect(countyName({ name: "自定义信箱", nameEn: "" }, "en")).toBe("自定义信箱");
  });
});

describe("filtering the picker", () => {
  const groups = mailboxChoiceGroups(items);

  it("keeps everything for an empty query", () => {
    expect(filterChoiceGroups(groups, "  ")).toBe(groups);
  });

  it("matches Chinese and English names, case-insensitively, every word", () => {
    const edu = filterChoiceGroups(groups, "教育");
    expect(countOptions(edu)).toBeGreaterThanOrEqual(7); // the city's and each county's bureau
    expect(edu.flatMap((g) => g.options).every((o) => o.item.name.includes("教育"))).toBe(true);
    const both = filterChoiceGroups(groups, "longchuan EDUCATION");
    expect(both.flatMap((g) => g.options.map((o) => o.item.id))).toEqual(["longchuan-education"]);
  });

  it("finds a county's mailboxes by the county's name", () => {
    const r = filterChoiceGroups(groups, "龙川");
    expect(r.every((g) => g.county?.id === "longchuan")).toBe(true);
    expect(countOptions(r)).toBe(groups.filter((g) => g.county?.id === "longchuan").reduce((n, g) => n + g.options.length, 0));
  });

  it("never drops the current choice", () => {
    const r = filterChoiceGroups(groups, "教育", "city-mayor");
    expect(r.flatMap((g) => g.options.map((o) => o.item.id))).toContain("city-mayor");
    expect(filterChoiceGroups(groups, "no such mailbox")).toEqual([]);
  });
});

describe("plainExcerpt", () => {
  it("strips Markdown and collapses whitespace", () => {
    expect(plainExcerpt("# 标题\n\n> 引用 `代码` 和 [链接](https://x.example)\n\n- 一\n- 二")).toBe("标题 引用 代码 和 链接 一 二");
  });
  it("keeps the stars of masked personal data", () => {
    expect(plainExcerpt("电话 138****5678，张*反映")).toBe("电话 138****5678，张*反映");
  });
  it("cuts at a character count without splitting surrogate pairs", () => {
    expect(plainExcerpt("一二三四五", 3)).toBe("一二三…");
    expect(plainExcerpt("😀😀😀", 2)).toBe("😀😀…");
    expect(plainExcerpt("短", 10)).toBe("短");
  });
});

describe("petition page strings", () => {
  it("are merged into both languages, with English plurals", () => {
    expect(getT("zh-CN")("petitionPages.form.title")).toBe("写信");
    expect(getT("en")("petitionPages.form.title")).toBe("Write a letter");
    expect(Object.keys(pages["zh-CN"].petitionPages.form.groups).sort()).toEqual(Object.keys(pages.en.petitionPages.form.groups).sort());
    expect(getT("en")("petitionPages.form.filterCount", { count: 1 })).toBe("1 mailbox found");
    expect(getT("en")("petitionPages.form.filterCount", { count: 3 })).toBe("3 mailboxes found");
    expect(getT("zh-CN")("petitionPages.form.filterCount", { count: 3 })).toBe("找到 3 个信箱");
  });
});
