// Demo content for emerging issues (苗头性、倾向性问题): in the last day, a burst of letters and
// forum posts about water cuts (停水) in 东源县 through the mailbox, the mobile channel and the 12345
// hotline, and the same complaint about a noisy night market in 源城区 through the hotline and the
// forum; then the detector runs once, so /stats/emerging is not empty on the first start. Filed
// through the real services with the clock set to each moment (as db/seed/petitions.ts does).
// Runs once (a marker in `meta`); call it after seedDemo has created the demo accounts.
import { eq, inArray, sql } from "drizzle-orm";
import { mailboxes, meta, threads, users } from "../schema";
import type { AppServices } from "../../app/.server/context";
import type { Viewer } from "../../app/domain/auth/types";
import { createPetition } from "../../app/.server/petitions/service";
import { createThread } from "../../app/.server/forum/service";
import { runInsight } from "../../app/.server/insight/job";

const HOUR = 3_600_000;
const MARKER = "demo_insight_seeded";

const water: [hoursAgo: number, user: string, channel: "mailbox" | "mobile" | "hotline", title: string, body: string][] = [
  [20, "zhang_wei", "mailbox", "仙塘镇连续三天停水", "东源县仙塘镇红光村一带从前天开始停水，一直没有通知什么时候恢复，家里老人做饭洗澡都很困难。"],
  [17, "liu_fang", "mobile", "船塘镇停水没有提前通知", "船塘镇圩镇今天早上突然停水，供水公司事先没有发任何通知，店铺都没法营业。"],
  [14, "admin_office", "hotline", "来电反映义合镇停水", "市民来电：东源县义合镇下屯村停水两天，村里的水井也干了，请求尽快安排送水车。"],
  [11, "wang_lei", "mailbox", "蓝口镇自来水停水后水质发黄", "蓝口镇停水一天后恢复供水，但水是黄色的，有异味，不敢饮用，请检测水质。"],
  [8, "chen_jing", "mobile", "黄田镇学校停水影响学生", "黄田镇中心小学停水，学生没有水洗手，食堂也无法做饭，请有关部门尽快处理。"],
  [5, "admin_office", "hotline", "来电反映东源县城停水", "市民来电：东源县城仙塘大道沿线小区停水，物业说是主管道爆裂，不知道修复进度。"],
  [2, "zhang_wei", "mobile", "顺天镇停水什么时候恢复", "顺天镇停水快二十个小时了，打供水公司电话一直占线，希望公布抢修进度。"],
];

const noise = "源城区新江路夜市的烧烤摊每天营业到凌晨两点，油烟和噪音严重扰民，附近居民晚上无法入睡，多次向城管反映都没有效果。";

export async function seedInsight(app: AppServices): Promise<boolean> {
  const claimed = await app.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(424245)`);
    const done = await tx.select().from(meta).where(eq(meta.key, MARKER));
    if (done.length) return false;
    await tx.insert(meta).values({ key: MARKER, value: app.now().toISOString() });
    return true;
  });
  if (!claimed) return false;

  const names = ["admin_office", "zhang_wei", "liu_fang", "wang_lei", "chen_jing"];
  const people = await app.db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
    .from(users)
    .where(inArray(users.username, names));
  const who = (u: string): Viewer => {
    const p = people.find((x) => x.username === u);
    if (!p) throw new Error(`demo insight seed: no user ${u}; run seedDemo first`);
    return p;
  };
  const boxes = await app.db.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes).where(inArray(mailboxes.slug, ["dongyuan", "yuancheng"]));
  const box = (slug: string) => String(boxes.find((b) => b.slug === slug)!.id);
  const now = app.now().getTime();
  const at = (hoursAgo: number): AppServices => ({ ...app, now: () => new Date(now - hoursAgo * HOUR) });
  const caller = { contactName: "来电市民", contactPhone: "07623333333" };

  for (const [hoursAgo, user, channel, title, body] of water) {
    await createPetition(at(hoursAgo), who(user), {
      mailboxId: box("dongyuan"),
      title,
      body,
      category: "utilities",
      channel,
      public: false,
      ...(channel === "hotline" ? caller : {}),
    });
  }
  const post = async (hoursAgo: number, user: string, title: string, body: string) => {
    const t = await createThread(at(hoursAgo), who(user), { section: "forum", title, body });
    const when = new Date(now - hoursAgo * HOUR);
    await app.db.update(threads).set({ createdAt: when, lastPostAt: when }).where(eq(threads.id, Number(t.id)));
  };
  await post(9, "liu_fang", "东源县这两天大面积停水，有人知道原因吗？", "仙塘、船塘、义合好几个镇都停水了，群里都在问，有没有官方说法？");
  await post(3, "wang_lei", "停水期间能不能安排送水车？", "村里停水两天了，老人和小孩最困难，建议在停水期间安排送水车定点供水。");

  // One complaint, two channels.
  await createPetition(at(30), who("admin_office"), { mailboxId: box("yuancheng"), title: "来电反映新江路夜市扰民", body: noise, category: "environment", channel: "hotline", public: false, ...caller });
  await post(26, "chen_jing", "新江路夜市烧烤扰民谁来管？", `${noise}大家有没有同样的困扰？`);

  await runInsight(app, { force: true });
  return true;
}
