// Demo data for the most helpful netizen award: this year's round, in its voting window (times
// relative to app.now()), with three approved candidates, one nomination waiting for review and a
// few votes already cast — with ballots and counters exactly as the voting code keeps them.
// Runs once (a marker in `meta`), after seedDemo has created the demo accounts.
import { eq, inArray, sql } from "drizzle-orm";
import { awardBallots, awardCandidates, awardRounds, awardVotes, meta, users } from "../schema";
import type { AppServices } from "../../app/.server/context";
import { networkHash } from "../../app/.server/awards/network";
import { DAY_MS, toShanghaiLocal } from "../../app/domain/awards/rules";

const MARKER = "awards_seeded";

/** Creates the demo round once; returns a line to print, or null when it existed (or no demo accounts). */
export async function seedAwards(app: AppServices): Promise<string | null> {
  const { db } = app;
  if ((await db.select().from(meta).where(eq(meta.key, MARKER))).length) return null;
  const names = ["admin_office", "mod_lixia", "official_chen", "zhang_wei", "liu_fang", "wang_lei", "chen_jing"];
  const found = await db.select({ id: users.id, username: users.username, createdAt: users.createdAt }).from(users).where(inArray(users.username, names));
  const u = new Map(found.map((r) => [r.username, r]));
  if (names.some((n) => !u.has(n))) return null;
  const id = (n: string) => u.get(n)!.id;

  const now = app.now();
  const year = Number(toShanghaiLocal(now).slice(0, 4));
  const nets = new Map<string, string>();
  for (const [n, ip] of [
    ["wang_lei", "203.0.113.25"],
    ["chen_jing", "198.51.100.7"],
    ["official_chen", "192.0.2.40"],
  ] as const) {
    nets.set(n, await networkHash(app, ip));
  }

  let created = false;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(424243)`);
    if ((await tx.select().from(meta).where(eq(meta.key, MARKER))).length) return;
    const [round] = await tx
      .insert(awardRounds)
      .values({
        title: `${year}年度最给力网友评选`,
        year,
        description:
          "感谢一年来在公仆信箱和河源发展论坛里理性发言、热心解答、帮助邻里的网友。\n由网友提名、版主审核，符合条件的网友每人可投 3 票，得票前三名获得“最给力网友”徽章。",
        nominationOpensAt: new Date(now.getTime() - 10 * DAY_MS),
        votingOpensAt: new Date(now.getTime() - 2 * DAY_MS),
        votingClosesAt: new Date(now.getTime() + 12 * DAY_MS),
        votesPerVoter: 3,
        minAccountAgeDays: 7,
        minPosts: 1,
        resultsVisibility: "live",
        winners: 3,
        createdBy: id("admin_office"),
        createdAt: new Date(now.getTime() - 11 * DAY_MS),
      })
      .returning({ id: awardRounds.id });
    const candidate = async (who: string, by: string, source: "nomination" | "suggested", reason: string, approved: boolean | null, daysAgo: number) => {
      const [c] = await tx
        .insert(awardCandidates)
        .values({
          roundId: round.id,
          userId: id(who),
          source,
          reason,
          nominatedBy: id(by),
          approved,
          reviewedBy: approved === null ? null : id("mod_lixia"),
          createdAt: new Date(now.getTime() - daysAgo * DAY_MS),
        })
        .returning({ id: awardCandidates.id });
      return c.id;
    };
    const zhang = await candidate("zhang_wei", "liu_fang", "nomination", "经常在公交线路的讨论里整理大家的意见，帮新来的网友找到对口的信箱，发言理性又有建设性。", true, 9);
    const liu = await candidate("liu_fang", "chen_jing", "nomination", "提出在市人民医院站增设候车亭的建议并持续跟进，帮助许多老人解决了雨天候车难的问题。", true, 8);
    await candidate("chen_jing", "mod_lixia", "suggested", "今年多次就入学政策提问并把官方答复整理分享给其他家长。", true, 6);
    await candidate("wang_lei", "zhang_wei", "nomination", "在停车难的讨论中提出了很多具体可行的办法。", null, 3);

    const votes: [voter: string, candidateId: number, hoursAgo: number][] = [
      ["wang_lei", zhang, 40],
      ["wang_lei", liu, 39],
      ["chen_jing", zhang, 30],
      ["official_chen", liu, 20],
    ];
    for (const [voter, candidateId, hoursAgo] of votes) {
      await tx
        .insert(awardBallots)
        .values({ roundId: round.id, voterId: id(voter), allowed: 3, used: 1 })
        .onConflictDoUpdate({ target: [awardBallots.roundId, awardBallots.voterId], set: { used: sql`${awardBallots.used} + 1` } });
      await tx.insert(awardVotes).values({
        roundId: round.id,
        voterId: id(voter),
        candidateId,
        network: nets.get(voter)!,
        voterCreatedAt: u.get(voter)!.createdAt,
        createdAt: new Date(now.getTime() - hoursAgo * 3_600_000),
      });
      await tx
        .update(awardCandidates)
        .set({ votes: sql`${awardCandidates.votes} + 1` })
        .where(eq(awardCandidates.id, candidateId));
    }
    await tx.insert(meta).values({ key: MARKER, value: now.toISOString() });
    created = true;
  });
  return created ? "Demo award round created: /awards (voting open, live count)." : null;
}
