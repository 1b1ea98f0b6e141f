// Demo: the city's ten practical things (十件民生实事) for 2026, each with its owner mailbox,
// budget, milestones, a progress history reported by the owners through the year, followers,
// its discussion thread in the forum, and links to the demo threads and published letters that
// raised it; plus one proposal still under consideration. Runs once (a marker in `meta`);
// call it after seedDemo has created the accounts, threads and cases.
import { and, eq, inArray, sql } from "drizzle-orm";
import {
  commitmentFollows,
  commitmentLinks,
  commitmentMilestones,
  commitmentProgress,
  commitments,
  mailboxes,
  meta,
  petitions,
  threads,
  users,
} from "../schema";
import type { AppServices } from "../../app/.server/context";
import { createThreadInTx } from "../../app/.server/forum/service";
import { renderMarkdown } from "../../app/.server/markdown";
import { getT } from "../../app/i18n";

const MARKER = "demo_commitments_seeded";
const at = (s: string) => new Date(`${s.replace(" ", "T")}:00+08:00`);

interface Seed {
  ordinal: number | null;
  title: string;
  owner: string; // mailbox slug
  reporter: string; // who reports progress
  budget: number | null;
  summary: string;
  milestones: [title: string, due: string, done: boolean][];
  progress: [at: string, value: number, note: string][];
  threads: string[]; // demo thread titles
  petitions: string[]; // demo letter titles (only published ones are linked)
  followers: string[];
}

const ADOPTED = "2026-02-20 09:00";

const seeds: Seed[] = [
  {
    ordinal: 1,
    title: "优化市区公交线网：新开通10条线路，投放100辆新能源公交车",
    owner: "city-transport",
    reporter: "official_chen",
    budget: 180_000_000,
    summary:
      "针对网友集中反映的老旧公交车多、线路绕、早晚高峰挤的问题：\n\n- 新开通 **10 条**公交线路，覆盖高新区、江东新区和主要学校、医院；\n- 投放 **100 辆**新能源公交车，替换运营超过 8 年的车辆；\n- 1、3、8 路早晚高峰发车间隔缩短至 8 分钟。",
    milestones: [
      ["完成线网优化方案并公开征求意见", "2026-04-30", true],
      ["新能源公交车采购招标", "2026-06-30", true],
      ["首批50辆新车投入运营", "2026-09-30", true],
      ["10条新线路全部开通", "2026-12-01", false],
    ],
    progress: [
      ["2026-04-28 10:00", 20, "线网优化方案已在公共资讯栏目公开征求意见，收到网友建议 1,286 条。"],
      ["2026-07-02 10:00", 45, "新能源公交车采购完成招标，首批 50 辆 8 月底交付。"],
      ["2026-10-08 10:00", 70, "首批 50 辆新车已投入 1 路、3 路、8 路运营，早高峰发车间隔缩短至 8 分钟。"],
      ["2026-11-20 10:00", 90, "其余 50 辆新车到位，10 条新线路将于 12 月 1 日开通，走向见公告。"],
    ],
    threads: ["市区早高峰公交太挤，8路车能不能加密班次？", "关于新开通10条公交线路和投放100辆新能源公交车的公告"],
    petitions: ["K12路晚高峰班次太少，等车要半小时"],
    followers: ["zhang_wei", "liu_fang", "wang_lei"],
  },
  {
    ordinal: 2,
    title: "新增公办学位2160个：江东第二小学、源城实验学校建成招生",
    owner: "city-education",
    reporter: "official_huang",
    budget: 420_000_000,
    summary: "加快江东新区和老城区学校建设，2027 年秋季学期新增公办学位 **2,160** 个，缓解江东新区学位紧张、孩子跨区上学的问题。",
    milestones: [
      ["江东第二小学主体结构封顶", "2026-06-30", true],
      ["源城实验学校主体结构封顶", "2026-08-31", true],
      ["两校竣工验收", "2027-05-31", false],
      ["2027年秋季招生", "2027-09-01", false],
    ],
    progress: [
      ["2026-03-15 09:30", 15, "两所学校完成施工招标，3 月开工。"],
      ["2026-07-05 09:30", 40, "江东第二小学主体结构封顶。"],
      ["2026-09-10 09:30", 60, "源城实验学校主体结构封顶，开始内部装修和室外工程。"],
    ],
    threads: ["江东新区学位紧张，新学校什么时候能开学？", "2027年秋季义务教育阶段学校招生政策解读"],
    petitions: ["江东新区小学学位紧张，孩子要跨区上学"],
    followers: ["chen_jing", "liu_fang"],
  },
  {
    ordinal: 3,
    title: "市人民医院新增床位300张，全面推行线上分时段预约",
    owner: "city-health",
    reporter: "admin_office",
    budget: 260_000_000,
    summary: "市人民医院住院综合楼投入使用，新增床位 **300 张**；门诊全面推行线上分时段预约，减少排队等候。",
    milestones: [
      ["线上分时段预约覆盖全部门诊科室", "2026-05-31", true],
      ["住院综合楼竣工验收", "2026-10-31", true],
      ["新增床位全部开放", "2026-12-31", false],
    ],
    progress: [
      ["2026-05-30 15:00", 35, "线上分时段预约已覆盖全部 42 个门诊科室，平均候诊时间缩短 26 分钟。"],
      ["2026-11-05 15:00", 75, "住院综合楼通过竣工验收，首批 120 张床位开放。"],
    ],
    threads: ["市人民医院挂号难，能否推广线上分时段预约？"],
    petitions: ["市人民医院周边停车难、道路拥堵"],
    followers: ["liu_fang"],
  },
  {
    ordinal: 4,
    title: "新丰江水库及东江沿岸水环境综合整治",
    owner: "city-environment",
    reporter: "admin_office",
    budget: 95_000_000,
    summary: "整治新丰江水库周边农家乐污水直排，建设污水收集管网 **46 公里**，东江沿岸排污口全部完成排查整治。",
    milestones: [
      ["排污口排查建档", "2026-04-30", true],
      ["农家乐污水纳管改造", "2026-10-31", true],
      ["污水收集管网建成", "2026-12-31", false],
    ],
    progress: [
      ["2026-05-06 11:00", 30, "完成东江沿岸 312 个排污口排查建档，关停直排口 27 个。"],
      ["2026-09-18 11:00", 65, "新丰江水库周边 58 家农家乐完成污水纳管改造。"],
    ],
    threads: ["新丰江水库周边农家乐污水直排问题"],
    petitions: [],
    followers: ["wang_lei"],
  },
  {
    ordinal: 5,
    title: "源城区老城区道路修复及雨污分流改造",
    owner: "yuancheng",
    reporter: "official_luo",
    budget: 150_000_000,
    summary: "修复文明路、长塘路等老城区破损道路 **18 公里**，同步实施雨污分流改造，解决雨天内涝。",
    milestones: [
      ["文明路段完工", "2026-12-10", false],
      ["长塘路东段完工", "2026-12-31", false],
    ],
    progress: [
      ["2026-06-12 16:00", 25, "完成 6 公里道路修复。"],
      ["2026-11-18 16:00", 55, "文明路、长塘路进入封闭施工，绕行方案见施工通告。"],
    ],
    threads: ["源城区2026年第四季度道路施工及交通管制通告"],
    petitions: [],
    followers: ["wang_lei", "zhang_wei"],
  },
  {
    ordinal: 6,
    title: "建设30个社区长者饭堂",
    owner: "city-civil-affairs",
    reporter: "admin_office",
    budget: 18_000_000,
    summary: "在市区和各县城建设 **30 个**社区长者饭堂，为 60 岁以上老人提供助餐服务，困难老人享受补贴。",
    milestones: [
      ["选址确定", "2026-04-30", true],
      ["首批15个饭堂开业", "2026-09-30", true],
      ["30个饭堂全部开业", "2026-12-31", false],
    ],
    progress: [
      ["2026-04-25 10:00", 20, "30 个饭堂选址确定，其中源城区 12 个。"],
      ["2026-09-28 10:00", 60, "首批 15 个长者饭堂开业，日均服务老人 1,900 人次。"],
      ["2026-11-25 10:00", 85, "已开业 26 个，其余 4 个 12 月开业。"],
    ],
    threads: [],
    petitions: [],
    followers: ["chen_jing"],
  },
  {
    ordinal: 7,
    title: "老旧小区加装电梯100台",
    owner: "city-housing",
    reporter: "admin_office",
    budget: 60_000_000,
    summary: "简化审批流程，对老旧小区加装电梯给予每台 **20 万元**补贴，全年完成加装 **100 台**。",
    milestones: [
      ["出台加装电梯补贴办法", "2026-03-31", true],
      ["完成加装50台", "2026-08-31", true],
      ["完成加装100台", "2026-12-31", false],
    ],
    progress: [
      ["2026-03-28 14:00", 10, "《老旧小区加装电梯补贴办法》印发实施。"],
      ["2026-08-30 14:00", 50, "已完成加装 52 台。"],
      ["2026-11-10 14:00", 78, "已完成加装 81 台，另有 23 台在施工。"],
    ],
    threads: ["征集2027年“十件民生实事”建议"],
    petitions: [],
    followers: ["wang_lei"],
  },
  {
    ordinal: 8,
    title: "东江大桥等拥堵节点信号灯智能配时",
    owner: "city-traffic-police",
    reporter: "admin_office",
    budget: 12_000_000,
    summary: "对东江大桥、新华大道等 **20 个**拥堵节点实施信号灯智能配时改造，晚高峰通行时间缩短 15% 以上。",
    milestones: [
      ["完成拥堵节点流量调查", "2026-05-31", true],
      ["智能信号系统上线", "2026-11-30", true],
    ],
    progress: [
      ["2026-05-31 17:00", 30, "完成 20 个节点早晚高峰流量调查。"],
      ["2026-11-26 17:00", 100, "智能信号系统上线，东江大桥晚高峰平均通行时间由 19 分钟缩短至 12 分钟。"],
    ],
    threads: ["东江大桥晚高峰拥堵严重，建议优化信号灯配时"],
    petitions: [],
    followers: ["wang_lei", "zhang_wei", "liu_fang", "chen_jing"],
  },
  {
    ordinal: 9,
    title: "垃圾分类投放点改造提升",
    owner: "city-urban-management",
    reporter: "admin_office",
    budget: 25_000_000,
    summary: "按照方便居民的原则调整投放时间和点位，改造提升 **600 个**垃圾分类投放点，加装洗手池和雨棚。",
    milestones: [
      ["征求居民意见调整投放时间", "2026-05-31", true],
      ["完成600个投放点改造", "2026-12-31", false],
    ],
    progress: [["2026-07-20 09:00", 40, "已完成 240 个投放点改造，投放时间调整为早晚各两小时。"]],
    threads: ["小区垃圾分类投放点设置不合理"],
    petitions: [],
    followers: ["chen_jing"],
  },
  {
    ordinal: 10,
    title: "农村饮水安全巩固提升",
    owner: "city-water",
    reporter: "admin_office",
    budget: 88_000_000,
    summary: "实施农村供水规模化和标准化改造，新增受益人口 **12 万人**，农村自来水普及率达到 98%。",
    milestones: [
      ["东源、和平两县水厂扩建开工", "2026-04-30", true],
      ["管网延伸工程完工", "2026-12-31", false],
    ],
    progress: [
      ["2026-04-29 10:00", 20, "东源、和平两县水厂扩建开工。"],
      ["2026-10-15 10:00", 60, "新增受益人口 7.6 万人。"],
    ],
    threads: [],
    petitions: [],
    followers: [],
  },
  {
    ordinal: null,
    title: "市人民医院周边建设立体停车场",
    owner: "city-housing",
    reporter: "admin_office",
    budget: null,
    summary: "网友和来信反映医院周边停车难、车辆占道等候造成拥堵，建议在医院周边建设立体停车场，列入 2026 年增补实事研究。",
    milestones: [],
    progress: [],
    threads: ["市人民医院挂号难，能否推广线上分时段预约？"],
    petitions: ["市人民医院周边停车难、道路拥堵"],
    followers: ["liu_fang"],
  },
];

/** Creates the demo commitments once; returns how many, or null if they existed already. */
export async function seedCommitments(app: AppServices): Promise<number | null> {
  const t = getT("zh-CN");
  return app.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(424245)`);
    if ((await tx.select().from(meta).where(eq(meta.key, MARKER))).length) return null;

    const names = ["admin_office", "mod_lixia", "official_chen", "official_huang", "official_luo", "zhang_wei", "liu_fang", "wang_lei", "chen_jing"];
    const people = await tx.select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role }).from(users).where(inArray(users.username, names));
    const who = new Map(people.map((u) => [u.username, u]));
    if (names.some((n) => !who.has(n))) return null; // demo accounts missing: nothing to attach to

    const slugs = [...new Set(seeds.map((s) => s.owner))];
    const mbs = await tx.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes).where(inArray(mailboxes.slug, slugs));
    const box = new Map(mbs.map((m) => [m.slug!, m.id]));
    const threadTitles = [...new Set(seeds.flatMap((s) => s.threads))];
    const ts = await tx.select({ id: threads.id, title: threads.title }).from(threads).where(inArray(threads.title, threadTitles));
    const threadId = new Map(ts.map((r) => [r.title, r.id]));
    const letterTitles = [...new Set(seeds.flatMap((s) => s.petitions))];
    const ps = letterTitles.length
      ? await tx
          .select({ id: petitions.id, title: petitions.title })
          .from(petitions)
          .where(and(inArray(petitions.title, letterTitles), sql`${petitions.public} and ${petitions.status} not in ('submitted', 'rejected')`))
      : [];
    const letterId = new Map(ps.map((r) => [r.title, r.id]));

    const admin = who.get("admin_office")!;
    for (const s of seeds) {
      const owner = box.get(s.owner);
      if (!owner) continue;
      const created = at(s.ordinal === null ? "2026-11-22 10:00" : "2026-02-10 09:00");
      const creator = s.ordinal === null ? who.get("mod_lixia")! : admin;
      const last = s.progress.at(-1);
      const progress = last ? last[1] : 0;
      const status = s.ordinal === null ? "proposed" : progress >= 100 ? "done" : "adopted";
      const [row] = await tx
        .insert(commitments)
        .values({
          year: 2026,
          ordinal: s.ordinal,
          title: s.title,
          summary: s.summary,
          summaryHtml: renderMarkdown(s.summary),
          status,
          ownerMailboxId: owner,
          budgetYuan: s.budget,
          progress,
          followers: s.followers.length,
          createdBy: creator.id,
          createdAt: created,
          updatedAt: last ? at(last[0]) : at(s.ordinal === null ? "2026-11-22 10:00" : ADOPTED),
        })
        .returning({ id: commitments.id });
      const title = t("commitments.thread.title", { year: 2026, title: s.title });
      const body = [s.summary, t("commitments.thread.body", { url: `/commitments/${row.id}` })].join("\n\n");
      const thread = await createThreadInTx(tx, creator, { section: "forum", title, body, at: created });
      await tx.update(commitments).set({ threadId: thread.id }).where(eq(commitments.id, row.id));
      if (s.milestones.length) {
        await tx.insert(commitmentMilestones).values(
          s.milestones.map(([title, due, done], i) => ({
            commitmentId: row.id,
            title,
            dueOn: at(`${due} 00:00`),
            doneAt: done ? at(`${due} 18:00`) : null,
            position: i,
          })),
        );
      }
      const reporter = who.get(s.reporter)!;
      for (const [when, value, note] of s.progress) {
        await tx.insert(commitmentProgress).values({ commitmentId: row.id, progress: value, note, noteHtml: renderMarkdown(note), authorId: reporter.id, createdAt: at(when) });
      }
      const links = [
        ...s.threads.flatMap((x) => (threadId.has(x) ? [{ commitmentId: row.id, threadId: threadId.get(x)!, createdAt: created }] : [])),
        ...s.petitions.flatMap((x) => (letterId.has(x) ? [{ commitmentId: row.id, petitionId: letterId.get(x)!, createdAt: created }] : [])),
      ];
      if (links.length) await tx.insert(commitmentLinks).values(links);
      if (s.followers.length) {
        await tx.insert(commitmentFollows).values(s.followers.map((u) => ({ commitmentId: row.id, userId: who.get(u)!.id, createdAt: created })));
      }
    }
    await tx.insert(meta).values({ key: MARKER, value: new Date().toISOString() });
    return seeds.length;
  });
}
