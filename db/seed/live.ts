// Demo content of officials online (公仆在线): one session coming up (with a few questions, one
// awaiting approval) and one that has ended, with answered questions and its transcript in
// Public Information. Times are relative to the clock (the upcoming one is always ahead); the
// rest is deterministic. Runs once (a marker in `meta`), after seedDemo has created the demo
// accounts; without them it does nothing.
import { eq, inArray, sql } from "drizzle-orm";
import { liveQuestions, liveSessions, liveVotes, mailboxes, meta, users } from "../schema";
import type { Tx } from "../client";
import type { AppServices } from "../../app/.server/context";
import { renderMarkdown } from "../../app/.server/markdown";
import { writeTranscript } from "../../app/.server/live/transcript";

const MARKER = "live_seeded";
const DAY = 86_400_000;

/** hh:mm on the Shanghai calendar day `days` after today's. */
function shanghaiDay(now: Date, days: number, hhmm: string) {
  const ymd = new Date(now.getTime() + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);
  return new Date(`${ymd}T${hhmm}:00+08:00`);
}

interface QuestionSeed {
  by: string;
  body: string;
  status: "pending" | "approved" | "hidden";
  voters: string[];
  /** Minutes after the start; negative = asked before the session began. */
  at: number;
  answer?: { body: string; at: number };
}

async function addQuestions(tx: Tx, sessionId: number, startsAt: Date, ids: Map<string, number>, hostId: number, seeds: QuestionSeed[]) {
  for (const q of seeds) {
    const [row] = await tx
      .insert(liveQuestions)
      .values({
        sessionId,
        authorId: ids.get(q.by)!,
        body: q.body,
        status: q.status,
        votes: q.voters.length,
        createdAt: new Date(startsAt.getTime() + q.at * 60_000),
        ...(q.answer
          ? {
              answerBody: q.answer.body,
              answerHtml: renderMarkdown(q.answer.body),
              answeredBy: hostId,
              answeredAt: new Date(startsAt.getTime() + q.answer.at * 60_000),
            }
          : {}),
      })
      .returning({ id: liveQuestions.id });
    if (q.voters.length) {
      await tx.insert(liveVotes).values(
        q.voters.map((v, i) => ({ questionId: row.id, userId: ids.get(v)!, createdAt: new Date(startsAt.getTime() + (q.at + i + 1) * 60_000) })),
      );
    }
  }
}

/** Creates the two demo sessions once; returns a line for the start-up log, or null. */
export async function seedLive(app: AppServices): Promise<string | null> {
  const { db } = app;
  if ((await db.select().from(meta).where(eq(meta.key, MARKER))).length) return null;
  const names = ["official_chen", "official_huang", "zhang_wei", "liu_fang", "wang_lei", "chen_jing", "mod_lixia"];
  const now = app.now();
  const created = await db.transaction(async (tx) => {
    // Two nodes starting at once must not seed twice.
    await tx.execute(sql`select pg_advisory_xact_lock(424243)`);
    if ((await tx.select().from(meta).where(eq(meta.key, MARKER))).length) return false;
    const found = await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, names));
    const ids = new Map(found.map((u) => [u.username, u.id]));
    const mbs = await tx.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes).where(inArray(mailboxes.slug, ["city-transport", "city-education"]));
    const mb = new Map(mbs.map((m) => [m.slug!, m.id]));
    if (names.some((n) => !ids.has(n)) || mb.size < 2) return false;

    // ---- coming up: the city's bus network, in three days
    const upStart = shanghaiDay(now, 3, "15:00");
    const [up] = await tx
      .insert(liveSessions)
      .values({
        title: "公交线网优化和新能源公交车投放，听听您的意见",
        description:
          "市交通运输局将在线回答网友关于**新开通10条公交线路**、**100辆新能源公交车投放**以及早晚高峰加密班次的问题。\n\n欢迎提前提问，点赞您最关心的问题，票数高的问题优先回答。",
        hostId: ids.get("official_chen")!,
        mailboxId: mb.get("city-transport")!,
        startsAt: upStart,
        endsAt: new Date(upStart.getTime() + 90 * 60_000),
        moderated: true,
        createdBy: ids.get("official_chen")!,
        createdAt: new Date(now.getTime() - 2 * DAY),
      })
      .returning({ id: liveSessions.id });
    // Asked after the session was announced (two days ago) and before now: it starts between
    // 2 d 15 h and 3 d 15 h from now, so these offsets from its start fall 21–45, 9–33 and
    // 1–25 hours ago.
    await addQuestions(tx, up.id, upStart, ids, ids.get("official_chen")!, [
      {
        by: "zhang_wei",
        body: "K12路早上7点首班太晚了，高新区很多工厂7点半上班，能不能提前到6点半？",
        status: "approved",
        voters: ["liu_fang", "wang_lei", "chen_jing"],
        at: -(4 * 24 + 12) * 60,
      },
      {
        by: "liu_fang",
        body: "新能源公交车投放后，老旧车辆是报废还是调到县区线路？希望县城也能用上新车。",
        status: "approved",
        voters: ["zhang_wei"],
        at: -4 * 24 * 60,
      },
      { by: "wang_lei", body: "市人民医院站什么时候能装上候车亭？", status: "pending", voters: [], at: -(3 * 24 + 16) * 60 },
    ]);

    // ---- ended a week ago: school admissions, with its transcript
    const pastStart = shanghaiDay(now, -7, "15:00");
    const pastEnd = new Date(pastStart.getTime() + 90 * 60_000);
    const [past] = await tx
      .insert(liveSessions)
      .values({
        title: "2027年秋季义务教育招生政策在线解读",
        description: "市教育局局长黄建华在线解读2027年秋季义务教育阶段招生政策，回答网友关于划片、随迁子女入学和新建学校的问题。",
        hostId: ids.get("official_huang")!,
        mailboxId: mb.get("city-education")!,
        startsAt: pastStart,
        endsAt: pastEnd,
        moderated: true,
        createdBy: ids.get("official_huang")!,
        createdAt: new Date(pastStart.getTime() - 5 * DAY),
      })
      .returning({ id: liveSessions.id });
    await addQuestions(tx, past.id, pastStart, ids, ids.get("official_huang")!, [
      {
        by: "chen_jing",
        body: "随迁子女入学需要连续缴纳多少个月社保？断缴一个月还算吗？",
        status: "approved",
        voters: ["zhang_wei", "liu_fang", "wang_lei"],
        at: -60,
        answer: {
          body: "需要在河源市区**连续缴纳满12个月**社保。因换工作等原因断缴不超过1个月、且已补缴的，视为连续缴纳。具体材料清单以市教育局网站公布为准。",
          at: 8,
        },
      },
      {
        by: "wang_lei",
        body: "江东第二小学明年能按时开学吗？招生范围什么时候公布？",
        status: "approved",
        voters: ["chen_jing", "zhang_wei"],
        at: 5,
        answer: { body: "江东第二小学主体工程已完工，计划2027年秋季开学，首期1,080个学位。招生范围将于**2027年4月**在市教育局网站和公共资讯栏目公布。", at: 21 },
      },
      {
        by: "zhang_wei",
        body: "划片范围调整会不会影响已经买了学区房的家庭？",
        status: "approved",
        voters: ["liu_fang"],
        at: 12,
        answer: { body: "2027年市区学校划片范围总体保持稳定，个别新建学校周边片区会微调，调整方案公布前会公开征求意见。", at: 35 },
      },
      {
        by: "liu_fang",
        body: "特殊教育学校的学位够不够？孩子有轻度自闭症，能不能随班就读？",
        status: "approved",
        voters: ["chen_jing"],
        at: 40,
      },
      { by: "wang_lei", body: "（与本场访谈无关的广告内容）", status: "hidden", voters: [], at: 44 },
    ]);
    await writeTranscript(tx, past.id, pastEnd);
    await tx.insert(meta).values({ key: MARKER, value: now.toISOString() });
    return true;
  });
  return created ? "Officials online: one session coming up and one past session with its transcript." : null;
}
