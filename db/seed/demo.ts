// Deterministic demo content: realistic accounts, information and debates from the city's
// everyday concerns (buses and routes, roads, schools, hospitals, environment).
// Runs once (a marker in `meta`); only in the embedded mode or with SEED_DEMO=1.
import { eq, inArray, sql } from "drizzle-orm";
import { mailboxes, mailboxMembers, meta, posts, threads, users, type Role } from "../schema";
import type { AppServices } from "../../app/.server/context";
import { hashPassword } from "../../app/.server/auth/service";
import { renderMarkdown } from "../../app/.server/markdown";
import { seedPetitions } from "./petitions";
import { seedLive } from "./live";
import { seedEvents } from "./events";
import { seedAwards } from "./awards";
import { seedCommitments } from "./commitments";
import { seedInsight } from "./insight";

export const DEMO_PASSWORD = "heyuan2026";

export const demoAccounts: { username: string; displayName: string; role: Role; mailbox?: [string, "handler" | "leader"] }[] = [
  { username: "admin_office", displayName: "市网络问政办", role: "admin" },
  { username: "mod_lixia", displayName: "版主李霞", role: "moderator" },
  { username: "official_chen", displayName: "陈志强（市交通运输局）", role: "official", mailbox: ["city-transport", "handler"] },
  { username: "official_huang", displayName: "黄建华（市教育局局长）", role: "official", mailbox: ["city-education", "leader"] },
  { username: "official_luo", displayName: "罗敏（源城区）", role: "official", mailbox: ["yuancheng", "leader"] },
  { username: "zhang_wei", displayName: "张伟", role: "citizen" },
  { username: "liu_fang", displayName: "刘芳", role: "citizen" },
  { username: "wang_lei", displayName: "王磊", role: "citizen" },
  { username: "chen_jing", displayName: "陈静", role: "citizen" },
];

type Reply = [author: string, body: string, minutesAfter: number];
interface ThreadSeed {
  section: "info" | "forum";
  author: string;
  title: string;
  body: string;
  at: string; // Shanghai time
  pinned?: boolean;
  featured?: boolean;
  replies: Reply[];
}

const threadsSeed: ThreadSeed[] = [
  {
    section: "info",
    author: "official_chen",
    title: "关于新开通10条公交线路和投放100辆新能源公交车的公告",
    at: "2026-11-02 09:00",
    pinned: true,
    body: "根据网友在公仆信箱和发展论坛反映的意见，市交通运输局会同公交公司对市区线路进行了优化：\n\n1. **新开通10条线路**，覆盖高新区、江东新区和市区主要学校、医院；\n2. **投放100辆新能源公交车**，替换运营超过8年的老旧车辆；\n3. 早晚高峰1路、3路、8路发车间隔由15分钟缩短至8分钟。\n\n新线路自2026年12月1日起运营，详细走向见附件。欢迎市民继续提出意见。",
    replies: [
      ["zhang_wei", "终于等到了！以前在高新区上班，每天要转两趟车，希望新线路能经过兴业大道。", 45],
      ["official_chen", "@zhang_wei 新开通的 **K12 路** 经过兴业大道全线，早上7点首班。", 120],
      ["liu_fang", "建议在市人民医院站增设候车亭，老人家下雨天等车很不方便。", 300],
    ],
  },
  {
    section: "info",
    author: "official_huang",
    title: "2027年秋季义务教育阶段学校招生政策解读",
    at: "2026-11-10 10:30",
    body: "市教育局就2027年秋季义务教育招生政策作如下解读：\n\n- 继续实行**划片招生、就近入学**；\n- 新建的江东第二小学、源城实验学校将新增学位 **2,160** 个；\n- 随迁子女凭居住证和社保缴费记录申请入学，材料清单见市教育局网站。\n\n如有疑问，可通过公仆信箱「市教育局」子信箱咨询。",
    replies: [["chen_jing", "请问社保缴费记录需要连续多少个月？", 90]],
  },
  {
    section: "info",
    author: "official_luo",
    title: "源城区2026年第四季度道路施工及交通管制通告",
    at: "2026-11-15 08:00",
    body: "为推进雨污分流改造，**2026年11月20日至12月31日**，以下路段分段封闭施工：\n\n| 路段 | 时间 | 绕行建议 |\n|---|---|---|\n| 文明路（新华路—建设大道） | 11月20日—12月10日 | 经永和路绕行 |\n| 长塘路东段 | 12月1日—12月31日 | 经沿江路绕行 |\n\n给市民出行带来不便，敬请谅解。",
    replies: [],
  },
  {
    section: "info",
    author: "admin_office",
    title: "征集2027年“十件民生实事”建议",
    at: "2026-11-18 09:00",
    body: "每年的“十件民生实事”都来自网友反映最集中的问题。即日起至12月20日，欢迎在发展论坛发帖或通过公仆信箱提出您的建议，网络问政办将汇总整理后提交市政府研究。",
    replies: [["wang_lei", "建议把老旧小区加装电梯列进去，我们小区六楼的老人下楼太难了。", 60]],
  },
  {
    section: "forum",
    author: "zhang_wei",
    title: "市区早高峰公交太挤，8路车能不能加密班次？",
    at: "2026-11-05 07:50",
    featured: true,
    body: "每天早上7点半在火车站等8路车，经常要等两三趟才挤得上去。这条线连接火车站、市一中和市人民医院，客流很大。\n\n建议：\n- 早高峰加密到5分钟一班；\n- 增开区间车。\n\n大家怎么看？",
    replies: [
      ["liu_fang", "同感，尤其是周一早上，车上挤得连书包都放不下。", 20],
      ["wang_lei", "可以考虑开通学生专线，错开上班族。", 65],
      ["official_chen", "感谢大家的建议。我们已安排在8路早高峰增加4台运力，下周一起实施，并会在一个月后评估效果。", 240],
      ["zhang_wei", "点赞！希望一个月后能公布评估数据。", 260],
    ],
  },
  {
    section: "forum",
    author: "liu_fang",
    title: "市人民医院挂号难，能否推广线上分时段预约？",
    at: "2026-11-08 21:15",
    featured: true,
    body: "带孩子去市人民医院儿科，早上6点去排队还只挂到上午最后几个号。很多城市已经实行分时段预约，到点就诊，能不能也推广一下？",
    replies: [
      ["chen_jing", "现在公众号上可以预约，但号源很少，大部分还是现场号。", 30],
      ["zhang_wei", "建议增加周末儿科门诊。", 95],
    ],
  },
  {
    section: "forum",
    author: "wang_lei",
    title: "东江大桥晚高峰拥堵严重，建议优化信号灯配时",
    at: "2026-11-12 18:40",
    body: "每天下班经过东江大桥往河源大道方向，从桥头到第一个路口要20分钟。观察发现左转绿灯只有15秒，直行车道又经常被左转车占用。建议交警部门做一次配时优化。",
    replies: [
      ["liu_fang", "大桥东侧也一样，尤其是下雨天。", 15],
      ["official_luo", "已转交交警支队研究，区里也在推进滨江路分流通道建设，预计明年上半年完工。", 180],
    ],
  },
  {
    section: "forum",
    author: "chen_jing",
    title: "江东新区学位紧张，新学校什么时候能开学？",
    at: "2026-11-14 12:00",
    body: "江东新区这两年入住的家庭很多，附近只有一所小学，每班都超过55人。听说江东第二小学在建，什么时候能招生？",
    replies: [["official_huang", "江东第二小学计划2027年秋季开学，首期提供1,080个学位，招生范围将在明年4月公布。", 300]],
  },
  {
    section: "forum",
    author: "zhang_wei",
    title: "新丰江水库周边农家乐污水直排问题",
    at: "2026-11-16 15:30",
    body: "周末去新丰江库区附近，看到有几家农家乐的污水管直接通向溪流。新丰江是全市的水源地，希望生态环境部门加强巡查。",
    replies: [
      ["wang_lei", "水源保护是大事，支持严查。", 40],
      ["chen_jing", "可以附上具体位置和照片，通过公仆信箱正式反映，处理会更快。", 75],
    ],
  },
  {
    section: "forum",
    author: "liu_fang",
    title: "小区垃圾分类投放点设置不合理",
    at: "2026-11-20 19:00",
    body: "我们小区只在大门口设了一个分类投放点，晚上7点到9点开放，很多上夜班的居民根本赶不上。建议每栋楼设一个，或者延长开放时间。",
    replies: [["zhang_wei", "我们小区是早晚各两小时，感觉还可以。可以向物业和街道反映。", 50]],
  },
];

function shanghai(at: string, plusMinutes = 0) {
  return new Date(new Date(`${at.replace(" ", "T")}:00+08:00`).getTime() + plusMinutes * 60_000);
}

/**
 * Officials online, meetups and the award round: each runs once under its own marker, also on
 * a data folder seeded before they existed.
 */
async function seedEngagement(app: AppServices) {
  await seedLive(app);
  await seedEvents(app);
  await seedAwards(app);
  await seedCommitments(app);
  await seedInsight(app);
}

/** Creates the demo content once; returns a message listing the accounts, or null if it existed. */
export async function seedDemo(app: AppServices): Promise<string | null> {
  const { db } = app;
  const done = await db.select().from(meta).where(eq(meta.key, "demo_seeded"));
  if (done.length) {
    await seedEngagement(app);
    return null;
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let seeded = false;
  await db.transaction(async (tx) => {
    // A concurrent first start of a second node must not seed twice.
    await tx.execute(sql`select pg_advisory_xact_lock(424242)`);
    const again = await tx.select().from(meta).where(eq(meta.key, "demo_seeded"));
    if (again.length) return;

    // The mailbox tree is reference data that ensureMailboxTree (run at every start, before
    // this) has already put in place; demo accounts join mailboxes by their slug.
    const slugs = demoAccounts.flatMap((a) => (a.mailbox ? [a.mailbox[0]] : []));
    const found = await tx.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes).where(inArray(mailboxes.slug, slugs));
    const mb = new Map(found.map((m) => [m.slug!, m.id]));
    const missing = slugs.filter((s) => !mb.has(s));
    if (missing.length) throw new Error(`demo seed: mailboxes ${missing.join(", ")} are missing; run ensureMailboxTree first`);

    const ids = new Map<string, { id: number; role: Role }>();
    for (const a of demoAccounts) {
      const [row] = await tx
        .insert(users)
        .values({ username: a.username, displayName: a.displayName, role: a.role, passwordHash, createdAt: shanghai("2026-10-01 09:00") })
        .onConflictDoNothing()
        .returning({ id: users.id });
      const id = row?.id ?? (await tx.select({ id: users.id }).from(users).where(eq(users.username, a.username)))[0].id;
      ids.set(a.username, { id, role: a.role });
      if (a.mailbox) {
        await tx
          .insert(mailboxMembers)
          .values({ mailboxId: mb.get(a.mailbox[0])!, userId: id, position: a.mailbox[1] })
          .onConflictDoNothing();
      }
    }
    const official = (u: string) => ["official", "admin"].includes(ids.get(u)!.role);

    for (const t of threadsSeed) {
      const createdAt = shanghai(t.at);
      const last = t.replies.length ? shanghai(t.at, t.replies.at(-1)![2]) : createdAt;
      const [th] = await tx
        .insert(threads)
        .values({
          section: t.section,
          title: t.title,
          body: t.body,
          bodyHtml: renderMarkdown(t.body),
          authorId: ids.get(t.author)!.id,
          official: official(t.author),
          pinned: t.pinned ?? false,
          featured: t.featured ?? false,
          postCount: t.replies.length,
          lastSeq: t.replies.length,
          lastPostAt: last,
          createdAt,
        })
        .returning({ id: threads.id });
      let seq = 0;
      for (const [author, body, minutes] of t.replies) {
        seq += 1;
        await tx.insert(posts).values({
          threadId: th.id,
          seq,
          authorId: ids.get(author)!.id,
          official: official(author),
          body,
          bodyHtml: renderMarkdown(body),
          helpfulCount: official(author) ? 3 : seq % 3,
          createdAt: shanghai(t.at, minutes),
        });
      }
    }
    await tx.insert(meta).values({ key: "demo_seeded", value: new Date().toISOString() });
    seeded = true;
  });
  // Cases go through the real services (their own transactions), after the accounts exist.
  if (seeded) await seedPetitions(app);
  await seedEngagement(app);

  const lines = demoAccounts.map((a) => `  ${a.username.padEnd(16)} ${a.role.padEnd(10)} ${a.displayName}`);
  return [`Demo content created. Every demo account's password is "${DEMO_PASSWORD}":`, ...lines].join("\n");
}
