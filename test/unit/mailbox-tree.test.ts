import { describe, expect, it } from "vitest";
import { counties, mailboxTree, type MailboxSeed } from "../../db/seed/mailboxes";
import { groupMailboxTree, tierRank } from "../../app/domain/petitions/mailboxes";

const byKey = new Map(mailboxTree.map((m) => [m.key, m]));
const ancestors = (m: MailboxSeed) => {
  const out: MailboxSeed[] = [];
  let p = m.parent ? byKey.get(m.parent) : undefined;
  while (p && out.length <= mailboxTree.length) {
    out.push(p);
    p = p.parent ? byKey.get(p.parent) : undefined;
  }
  return out;
};

describe("the seeded mailbox tree (三纵)", () => {
  it("has at least the 186 mailboxes the platform opened with, under unique keys and names", () => {
    expect(mailboxTree.length).toBeGreaterThanOrEqual(186);
    expect(new Set(mailboxTree.map((m) => m.key)).size).toBe(mailboxTree.length);
    expect(new Set(mailboxTree.map((m) => m.name)).size).toBe(mailboxTree.length);
    for (const m of mailboxTree) expect(m.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("keeps the keys the demo content and the tests use", () => {
    for (const key of ["city-party", "city-mayor", "city-transport", "city-education", "city-health", "city-environment", "city-housing", "yuancheng-shangcheng"]) {
      expect(byKey.has(key), key).toBe(true);
    }
    for (const key of ["yuancheng", "dongyuan", "heping", "longchuan", "zijin", "lianping"]) {
      expect(byKey.get(key)).toMatchObject({ tier: "county", kind: "leader", parent: "city-party" });
      expect(byKey.get(key)!.name).toMatch(/[区县]委书记信箱$/);
    }
  });

  it("names every mailbox in Chinese and in English", () => {
    for (const m of mailboxTree) {
      expect(m.name.trim(), m.key).not.toBe("");
      expect(m.nameEn.trim(), m.key).not.toBe("");
      expect(m.name, m.key).toMatch(/\p{Script=Han}/u);
      expect(m.nameEn, m.key).not.toMatch(/\p{Script=Han}/u);
    }
  });

  it("lists every parent before its children, and has no cycle", () => {
    const seen = new Set<string>();
    for (const m of mailboxTree) {
      if (m.parent) expect(seen.has(m.parent), `${m.key} → ${m.parent}`).toBe(true);
      seen.add(m.key);
      expect(ancestors(m).map((a) => a.key)).not.toContain(m.key);
      expect(ancestors(m).length).toBeLessThan(10);
    }
  });

  it("never rises in tier going down: towns hang from a county mailbox, counties from a county or the city", () => {
    for (const m of mailboxTree) {
      if (!m.parent) {
        expect(m.tier, m.key).toBe("city");
        continue;
      }
      const parent = byKey.get(m.parent)!;
      expect(tierRank[parent.tier], `${m.key} under ${parent.key}`).toBeLessThanOrEqual(tierRank[m.tier]);
      if (m.tier === "town") expect(parent.tier, m.key).toBe("county");
      if (m.tier === "city") expect(parent.tier, m.key).toBe("city");
      if (m.tier === "town") expect(m.kind, m.key).toBe("centre");
    }
  });

  it("has the city's leaders, its departments and its petition centre", () => {
    const cityMailboxes = mailboxTree.filter((m) => m.tier === "city");
    const names = cityMailboxes.map((m) => m.name);
    for (const n of ["市委书记信箱", "市长信箱", "市人大常委会主任信箱", "市政协主席信箱", "常务副市长信箱"]) expect(names).toContain(n);
    expect(cityMailboxes.filter((m) => m.kind === "leader" && m.name.startsWith("副市长")).length).toBeGreaterThanOrEqual(3);
    for (const n of [
      "市发展和改革局", "市教育局", "市科学技术局", "市工业和信息化局", "市公安局", "市民政局", "市司法局", "市财政局",
      "市人力资源和社会保障局", "市自然资源局", "市生态环境局", "市住房和城乡建设局", "市交通运输局", "市水务局",
      "市农业农村局", "市商务局", "市文化广电旅游体育局", "市卫生健康局", "市退役军人事务局", "市应急管理局", "市审计局",
      "市市场监督管理局", "市统计局", "市医疗保障局", "市城市管理和综合执法局", "市林业局", "市信访局",
      "市政务服务数据管理局", "市国资委", "市人民检察院", "市总工会", "团市委", "市妇联", "市残联", "市税务局",
    ]) {
      expect(names, n).toContain(n);
    }
    expect(cityMailboxes.filter((m) => m.kind === "department").length).toBeGreaterThanOrEqual(40);
    expect(cityMailboxes.some((m) => m.kind === "centre" && !m.parent)).toBe(true);
    // City departments answer to the mayor (directly or through their bureau), Party organs to the Party secretary.
    const transport = byKey.get("city-transport")!;
    expect(transport.parent).toBe("city-mayor");
  });

  it("has all six counties with their leaders, departments and every town", () => {
    expect(counties.map((c) => c.name)).toEqual(["源城区", "东源县", "和平县", "龙川县", "紫金县", "连平县"]);
    const expectedTowns: Record<string, number> = { yuancheng: 7, dongyuan: 21, heping: 17, longchuan: 24, zijin: 18, lianping: 13 };
    for (const c of counties) {
      const within = mailboxTree.filter((m) => m.key === c.key || ancestors(m).some((a) => a.key === c.key));
      const leaders = within.filter((m) => m.kind === "leader");
      const departments = within.filter((m) => m.kind === "department");
      const towns = within.filter((m) => m.tier === "town");
      expect(leaders.map((m) => m.name).sort(), c.name).toEqual(
        [c.district ? `${c.name.slice(0, -1)}区委书记信箱` : `${c.name.slice(0, -1)}县委书记信箱`, c.district ? `${c.name.slice(0, -1)}区长信箱` : `${c.name.slice(0, -1)}县长信箱`].sort(),
      );
      expect(departments.length, c.name).toBeGreaterThanOrEqual(10);
      expect(departments.length, c.name).toBeLessThanOrEqual(15);
      for (const d of departments) {
        expect(d.tier).toBe("county");
        expect(d.parent, d.key).toBe(`${c.key}-head`);
        expect(d.name).toContain(c.name.slice(0, -1));
      }
      expect(towns.length, c.name).toBe(expectedTowns[c.key]);
      for (const town of towns) {
        expect(town.parent).toBe(c.key);
        expect(town.name).toMatch(new RegExp(`^${c.name}.+(镇|街道|乡)综治信访维稳中心$`));
      }
    }
    expect(mailboxTree.filter((m) => m.tier === "town")).toHaveLength(100);
  });

  it("groups for the admin page: the city, then each county with its county and town mailboxes", () => {
    const items = mailboxTree.map((m) => ({ id: m.key, parentId: m.parent ?? null, tier: m.tier }));
    const g = groupMailboxTree(items);
    expect(g.city.length).toBe(mailboxTree.filter((m) => m.tier === "city").length);
    expect(g.counties.map((c) => c.root.id)).toEqual(["yuancheng", "dongyuan", "heping", "longchuan", "zijin", "lianping"]);
    expect(g.unassigned).toEqual([]);
    const dongyuan = g.counties[1];
    expect(dongyuan.county[0]).toEqual({ item: expect.objectContaining({ id: "dongyuan" }), depth: 0 });
    expect(dongyuan.county.find((r) => r.item.id === "dongyuan-head")?.depth).toBe(1);
    expect(dongyuan.county.find((r) => r.item.id === "dongyuan-education")?.depth).toBe(2);
    expect(dongyuan.town.every((r) => r.depth === 0)).toBe(true);
    expect(g.city.find((r) => r.item.id === "city-traffic-police")?.depth).toBe(2);
    // Every mailbox appears exactly once.
    const all = [...g.city, ...g.counties.flatMap((c) => [...c.county, ...c.town]), ...g.unassigned].map((r) => r.item.id);
    expect(all.sort()).toEqual(mailboxTree.map((m) => m.key).sort());
  });
});
