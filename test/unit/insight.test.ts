// The emerging-issue detector on generated data: planted spikes are found (a category and a
// Chinese keyword), planted near-duplicates are grouped across channels, a flat series with
// noise raises nothing, and stop words never become topics.
import { describe, expect, it } from "vitest";
import { DAY_MS, detect, type DetectorItem } from "../../app/domain/insight/detector";
import { groupNearDuplicates, jaccard, shingles } from "../../app/domain/insight/duplicates";
import { testSpike } from "../../app/domain/insight/spikes";
import { STOP_WORDS } from "../../app/domain/insight/stopwords";
import { tokenize } from "../../app/domain/insight/tokenize";

const asOf = new Date("2026-11-28T02:00:00Z");

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Everyday letters: varied topics, each wrapped in the filler every letter carries.
const subjects = [
  ["transport", "公交线路班次太少等车时间长"],
  ["education", "学校学位紧张班级人数过多"],
  ["health", "医院挂号排队时间太长"],
  ["urban_construction", "道路破损坑洼雨天积水"],
  ["housing", "老旧小区加装电梯审批慢"],
  ["market_regulation", "菜市场缺斤少两价格混乱"],
  ["civil_affairs", "养老院床位不足收费偏高"],
  ["culture_tourism", "景区停车难门票价格贵"],
] as const;

let nextId = 1;
function background(days: number, perDay: () => number, random: () => number): DetectorItem[] {
  const out: DetectorItem[] = [];
  for (let d = 0; d <= days; d++) {
    const n = perDay();
    for (let j = 0; j < n; j++) {
      const [category, text] = subjects[Math.floor(random() * subjects.length)];
      const at = new Date(asOf.getTime() - d * DAY_MS - Math.floor(random() * (DAY_MS - 1000)) - 1);
      out.push({
        type: "petition",
        id: nextId++,
        channel: ["mailbox", "mobile", "hotline"][j % 3],
        category,
        at,
        text: `您好领导，我想反映一个问题：${text}，希望有关部门尽快处理。编号${nextId * 7919}`,
      });
    }
  }
  return out;
}

describe("tokenizer", () => {
  it("segments Chinese into words and drops stop words, single characters and numbers", () => {
    const words = tokenize("您好领导！东源县仙塘镇最近经常停水，希望有关部门尽快处理。2026年11月 please help");
    expect(words).toContain("停水");
    expect(words).toContain("最近");
    for (const w of words) {
      expect(STOP_WORDS.has(w)).toBe(false);
      expect([...w].length).toBeGreaterThan(1);
      expect(/^\d+$/.test(w)).toBe(false);
    }
    expect(words).not.toContain("please");
  });
});

describe("spike test", () => {
  it("needs both the minimum count and K σ above the baseline", () => {
    expect(testSpike([...new Array(28).fill(0), 4]).flagged).toBe(false); // below the minimum
    expect(testSpike([...new Array(28).fill(0), 5]).flagged).toBe(true); // 5 ≥ 0 + 3·1
    expect(testSpike([...new Array(28).fill(10), 15]).flagged).toBe(false); // σ floor √10: 15 < 19.5
    expect(testSpike([...new Array(28).fill(10), 20]).flagged).toBe(true);
  });
});

describe("detector", () => {
  it("a flat series with noise raises nothing", () => {
    const random = rng(42);
    const items = background(34, () => 60 + Math.floor(random() * 17) - 8, random);
    const r = detect(items, asOf);
    expect(r.topics).toEqual([]);
  });

  it("finds a planted category spike and a planted Chinese keyword spike", () => {
    const random = rng(7);
    const items = background(34, () => 18 + Math.floor(random() * 5) - 2, random);
    // The spike: 9 letters about water cuts (utilities) in the last 24 hours, in varied wording,
    // against none before.
    const towns = ["仙塘镇", "船塘镇", "义合镇", "蓝口镇", "黄田镇", "柳城镇", "漳溪乡", "新港镇", "顺天镇"];
    towns.forEach((town, i) => {
      items.push({
        type: "petition",
        id: nextId++,
        channel: i % 2 ? "hotline" : "mobile",
        category: "utilities",
        at: new Date(asOf.getTime() - (i + 1) * 3_600_000),
        text: `东源县${town}第${i + 2}天停水了，家里老人小孩${i % 3 === 0 ? "用水" : "生活"}非常困难，自来水公司一直没有通知。`,
      });
    });
    const r = detect(items, asOf);
    const cat = r.topics.find((t) => t.kind === "category");
    expect(cat).toMatchObject({ key: "utilities", count: 9, baseline: 0 });
    expect(cat!.items).toHaveLength(9);
    const kw = r.topics.filter((t) => t.kind === "keyword").map((t) => t.key);
    expect(kw).toContain("停水");
    const stop = r.topics.find((t) => t.key === "停水")!;
    expect(stop.series).toHaveLength(29);
    expect(stop.series.at(-1)).toBe(9);
    // Nothing else spiked: the everyday categories and words stay quiet.
    expect(r.topics.filter((t) => t.kind === "category")).toHaveLength(1);
    for (const t of r.topics) expect(STOP_WORDS.has(t.key)).toBe(false);
  });

  it("stop words never become topics, however often they appear", () => {
    const items: DetectorItem[] = [];
    for (let i = 0; i < 40; i++) {
      items.push({
        type: "thread",
        id: i + 1,
        channel: "forum",
        category: null,
        at: new Date(asOf.getTime() - 60_000 * (i + 1)),
        text: `您好 领导 请问 希望 反映 问题 the and please 我们 他们 ${"一二三四五六七八九十".slice(i % 10, (i % 10) + 1)}`,
      });
    }
    const r = detect(items, asOf);
    expect(r.topics).toEqual([]);
  });

  it("groups planted near-duplicates across channels and leaves distinct letters apart", () => {
    const random = rng(3);
    const items = background(10, () => 6, random).map((it, i) => ({ ...it, text: `${it.text}${"甲乙丙丁戊己庚辛壬癸"[i % 10]}区${i}号楼` }));
    const base = "和平县阳明镇中山路菜市场旁边的烧烤摊每天晚上营业到凌晨两点，油烟和噪音严重扰民，附近居民无法入睡，多次向城管反映没有效果";
    const planted: DetectorItem[] = [
      { type: "petition", id: 9001, channel: "hotline", category: "environment", at: new Date(asOf.getTime() - 3_600_000), text: base },
      { type: "petition", id: 9002, channel: "mobile", category: "environment", at: new Date(asOf.getTime() - 2 * DAY_MS), text: base.replace("两点", "三点").replace("无法入睡", "睡不着觉") },
      { type: "thread", id: 9003, channel: "forum", category: null, at: new Date(asOf.getTime() - 3 * DAY_MS), text: `【求助】${base}，大家有没有同样遭遇？` },
      { type: "live_question", id: 9004, channel: "live", category: null, at: new Date(asOf.getTime() - 5 * DAY_MS), text: `请问${base.replace("城管", "城管局")}，什么时候能解决？` },
    ];
    const r = detect([...items, ...planted], asOf);
    const plantedIdx = new Set(planted.map((_, i) => items.length + i));
    const g = r.groups.find((x) => x.items.some((i) => plantedIdx.has(i)));
    expect(g).toBeDefined();
    expect(new Set(g!.items)).toEqual(plantedIdx);
    expect(g!.channels).toEqual(["forum", "hotline", "live", "mobile"]);
    // No other group contains a planted item, and unrelated letters are not glued to them.
    expect(r.groups.filter((x) => x.items.some((i) => plantedIdx.has(i)))).toHaveLength(1);
  });

  it("measures similarity on character shingles", () => {
    const a = shingles("东源县仙塘镇停水三天了");
    expect(jaccard(a, a)).toBe(1);
    expect(jaccard(a, shingles("市人民医院挂号太难"))).toBe(0);
    expect(groupNearDuplicates(["市人民医院挂号太难了", "学校学位紧张", "道路积水"])).toEqual([]);
  });
});
