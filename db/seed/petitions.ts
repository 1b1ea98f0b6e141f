// Demo cases for the Public Servant Mailbox, filed and handled through the real services (so
// timelines, lights, notifications and the assessment rollup are exactly what the platform
// would produce), each step at a past moment relative to the seeding day: one case of every
// kind a visitor should see — closed and published with a reply, yellow and red ones on the
// officials' desks, one awaiting acceptance, a rejected one, and a forum discussion turned into
// a petition with co-signatures.
import { eq, inArray } from "drizzle-orm";
import { mailboxes, threads, users } from "../schema";
import type { AppServices } from "../../app/.server/context";
import type { Viewer } from "../../app/domain/auth/types";
import { actOnPetition, convertThread, cosign, createPetition } from "../../app/.server/petitions/service";

const DAY = 86_400_000;

export async function seedPetitions(app: AppServices) {
  const today = app.now().getTime();
  // The services read the clock through app.now(): give them one set `daysAgo` in the past.
  const at = (daysAgo: number, hour = 10): AppServices => {
    const t = new Date(today - daysAgo * DAY);
    t.setUTCHours(hour - 8, 0, 0, 0);
    return { ...app, now: () => new Date(Math.min(t.getTime(), today)) };
  };
  const people = await app.db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
    .from(users)
    .where(inArray(users.username, ["admin_office", "official_chen", "official_huang", "official_luo", "zhang_wei", "liu_fang", "wang_lei", "chen_jing"]));
  const who = (u: string): Viewer => people.find((p) => p.username === u)!;
  const boxes = await app.db
    .select({ id: mailboxes.id, slug: mailboxes.slug })
    .from(mailboxes)
    .where(inArray(mailboxes.slug, ["city-mayor", "city-transport", "city-education", "city-housing", "yuancheng"]));
  const box = (slug: string) => String(boxes.find((b) => b.slug === slug)!.id);
  const admin = who("admin_office");

  const file = async (daysAgo: number, user: string, mailbox: string, title: string, body: string, category: string, extra: Record<string, unknown> = {}) =>
    (await createPetition(at(daysAgo), who(user), { mailboxId: box(mailbox), title, body, category, public: true, ...extra })).petition.id;
  const act = (daysAgo: number, user: Viewer, id: string, action: Record<string, unknown>) => actOnPetition(at(daysAgo), user, Number(id), action);

  // 1. Answered, rated satisfied, published.
  const k12 = await file(40, "zhang_wei", "city-transport", "K12路晚高峰班次太少，等车要半小时", "K12路下午5点到7点之间班次间隔过长，经常要等半小时，车上非常拥挤。建议高峰期加密班次。", "transport", {
    contactName: "张伟",
    contactPhone: "13812345678",
  });
  await act(39, who("official_chen"), k12, { action: "accept" });
  await act(38, admin, k12, { action: "assign", mailboxIds: [box("city-transport")] });
  await act(30, who("official_chen"), k12, {
    action: "reply",
    body: "经与公交公司核实，自12月1日起K12路晚高峰（17:00—19:00）发车间隔由15分钟缩短至8分钟，并增加2辆新能源公交车。感谢您的建议。",
  });
  await act(28, who("zhang_wei"), k12, { action: "rate", satisfaction: "satisfied", comment: "已经感觉到班次多了，谢谢！" });

  // 2. Routed by the mayor's office to two departments, close to its time limit (yellow).
  const parking = await file(56, "liu_fang", "city-mayor", "市人民医院周边停车难、道路拥堵", "医院周边车位严重不足，车辆占道等候造成拥堵。建议增设立体停车场并优化周边交通组织。", "urban_construction");
  await act(55, admin, parking, { action: "accept" });
  await act(55, admin, parking, { action: "propose", opinion: "建议交市住房和城乡建设局主办，市交通运输局协办，研究停车设施建设和交通组织优化。" });
  await act(54, admin, parking, { action: "assign", mailboxIds: [box("city-housing"), box("city-transport")], leadMailboxId: box("city-housing") });
  await act(20, who("official_chen"), parking, { action: "reply", body: "已在医院周边增设临时停车引导标志，并调整两条公交线路停靠站点。" });

  // 3. Past its time limit and supervised (red).
  const school = await file(80, "chen_jing", "city-education", "江东新区小学学位紧张，孩子要跨区上学", "江东新区新建小区入住率很高，但周边只有一所小学，很多孩子只能到老城区上学。", "education");
  await act(78, who("official_huang"), school, { action: "accept" });
  await act(77, admin, school, { action: "assign", mailboxIds: [box("city-education")] });
  await act(3, admin, school, { action: "supervise", note: "本件已超过办理时限，请市教育局尽快答复并反馈进展。" });

  // 4. Awaiting acceptance, close to the 15-day limit (yellow).
  await file(13, "wang_lei", "yuancheng", "老城区雨天内涝，排水管网亟需改造", "每逢大雨，文明路、大同路一带积水严重，影响出行和商户经营。", "urban_construction");

  // 5. Not accepted, with the reason.
  const rejected = await file(10, "liu_fang", "city-education", "建议取消所有学校的寒假作业", "寒假作业太多，孩子没有时间休息。", "education", { public: false });
  await act(9, who("official_huang"), rejected, { action: "reject", reason: "该事项属于学校教学管理范围，已转学校研究；不属于信访受理范围。" });

  // 6. A forum discussion turned into a petition, backed by other residents.
  const [thread] = await app.db.select({ id: threads.id }).from(threads).where(eq(threads.title, "东江大桥晚高峰拥堵严重，建议优化信号灯配时"));
  if (thread) {
    const converted = await convertThread(at(2), who("wang_lei"), thread.id, { mailboxId: box("city-transport"), category: "transport", public: true });
    for (const u of ["zhang_wei", "liu_fang", "chen_jing"]) await cosign(at(1), who(u), Number(converted.petitionId));
  }
}
