// Demo meetups: an upcoming netizen meetup with some registrations, and an observe-the-sessions
// event whose applications have just closed (an administrator can run the public draw). Times
// are relative to the clock, so the meetup is always upcoming. Runs once (a marker in `meta`);
// call it after seedDemo has created the demo accounts.
import { eq, inArray, sql } from "drizzle-orm";
import { eventRegistrations, events, meta, users } from "../schema";
import type { AppServices } from "../../app/.server/context";
import { newCheckInCode } from "../../app/.server/events/service";
import { renderMarkdown } from "../../app/.server/markdown";

const DAY = 86_400_000;

/** A Beijing wall-clock time `days` from now: "14:30" on that day. */
function beijing(now: Date, days: number, hhmm: string): Date {
  const local = new Date(now.getTime() + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);
  return new Date(`${local}T${hhmm}:00+08:00`);
}

const meetupBody = `市交通运输局邀请关心公交出行的网友面对面交流。

**议程**

1. 新开通 10 条公交线路的运行情况通报；
2. 8 路、K12 路早高峰加密班次的方案讨论；
3. 市人民医院等站点候车亭建设征求意见；
4. 自由提问。

现场意见将整理成纪要，在本页公布，并跟踪办理。`;

const meetupTerms = `1. 请携带本人身份证，凭签到码签到入场；
2. 会场座位有限，不能参加请提前取消，把名额让给候补网友；
3. 发言请围绕议题，文明理性。`;

const sessionsBody = `河源市网络问政办公室邀请网友旁听市人民代表大会会议，现场了解政府工作报告和民生实事的审议过程。

报名截止后，网络问政办将**公开抽签**确定旁听人员，随机种子和抽签结果在本页公布，任何人都可以复核。`;

const sessionsTerms = `1. 须年满 18 周岁，本市户籍或在本市居住满一年；
2. 旁听期间遵守会场纪律，不得录音录像、不得发言；
3. 中签者凭身份证和签到码入场。`;

/** n distinct check-in codes (unique per event). */
function codes(n: number): string[] {
  const out = new Set<string>();
  while (out.size < n) out.add(newCheckInCode());
  return [...out];
}

/** Creates the two demo events once; returns their ids, or null if they existed already. */
export async function seedEvents(app: AppServices): Promise<{ meetupId: number; sessionsId: number } | null> {
  const now = app.now();
  return app.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(424243)`);
    const done = await tx.select().from(meta).where(eq(meta.key, "demo_events_seeded"));
    if (done.length) return null;

    const names = ["admin_office", "official_chen", "zhang_wei", "liu_fang", "wang_lei", "chen_jing", "mod_lixia"];
    const found = await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, names));
    const id = new Map(found.map((u) => [u.username, u.id]));
    const missing = names.filter((n) => !id.has(n));
    if (missing.length) throw new Error(`seedEvents: demo accounts ${missing.join(", ")} are missing; run seedDemo first`);

    // An upcoming meetup: three of twenty seats taken.
    const meetupAttendees = ["zhang_wei", "liu_fang", "wang_lei"];
    const meetupCodes = codes(meetupAttendees.length);
    const [meetup] = await tx
      .insert(events)
      .values({
        kind: "meetup",
        title: "网友见面会：市区公交线路优化与候车亭建设",
        description: meetupBody,
        descriptionHtml: renderMarkdown(meetupBody),
        startsAt: beijing(now, 9, "14:30"),
        endsAt: beijing(now, 9, "16:30"),
        place: "河源市民服务中心三楼第一会议室（源城区新华大道）",
        onlineUrl: null,
        capacity: 20,
        registrationClosesAt: beijing(now, 7, "18:00"),
        terms: meetupTerms,
        organizerId: id.get("official_chen")!,
        registered: meetupAttendees.length,
        waitlisted: 0,
        createdAt: new Date(now.getTime() - 3 * DAY),
      })
      .returning({ id: events.id });
    await tx.insert(eventRegistrations).values(
      meetupAttendees.map((u, i) => ({
        eventId: meetup.id,
        userId: id.get(u)!,
        status: "registered" as const,
        checkInCode: meetupCodes[i],
        createdAt: new Date(now.getTime() - (2 - i * 0.5) * DAY),
      })),
    );

    // Observe the two sessions: applications closed yesterday, four applicants for two seats.
    const applicants = ["zhang_wei", "chen_jing", "liu_fang", "mod_lixia"];
    const [sessions] = await tx
      .insert(events)
      .values({
        kind: "observe_sessions",
        title: "邀请网友旁听市人民代表大会会议",
        description: sessionsBody,
        descriptionHtml: renderMarkdown(sessionsBody),
        startsAt: beijing(now, 30, "09:00"),
        endsAt: beijing(now, 30, "12:00"),
        place: "河源市人民会堂（源城区长塘路）",
        onlineUrl: null,
        capacity: 2,
        registrationClosesAt: beijing(now, -1, "18:00"),
        terms: sessionsTerms,
        organizerId: id.get("admin_office")!,
        registered: 0,
        waitlisted: applicants.length,
        createdAt: new Date(now.getTime() - 10 * DAY),
      })
      .returning({ id: events.id });
    const sessionCodes = codes(applicants.length);
    await tx.insert(eventRegistrations).values(
      applicants.map((u, i) => ({
        eventId: sessions.id,
        userId: id.get(u)!,
        status: "applied" as const,
        checkInCode: sessionCodes[i],
        createdAt: new Date(now.getTime() - (8 - i) * DAY),
      })),
    );
    await tx.insert(meta).values({ key: "demo_events_seeded", value: now.toISOString() });
    return { meetupId: meetup.id, sessionsId: sessions.id };
  });
}
