// The emerging-issue run: reads the last BASELINE_DAYS + 1 days of petitions, forum threads and
// live questions, runs the detector (app/domain/insight/detector.ts), and stores the day's
// topics and near-duplicate groups. Scheduled daily on every node (server/scheduler.ts): each
// tick first looks for today's run (cheap), and the run itself holds a transaction-scoped
// advisory lock, re-checks, and writes insight_runs' row for the day (its primary key), so with N
// nodes a day is computed once. An administrator's "recompute now" (POST /api/v1/insight/runs)
// runs it again for today with the clock at that moment: topics are upserted by (day, kind,
// key), so their ids, statuses and forum threads survive; topics still "new" that no longer
// qualify are dropped, and the day's duplicate groups are replaced.
//
// What is read (a petition that came from a thread or a live question stands for it, so one
// voice is counted once): every petition; forum threads (Development Forum, not hidden, not
// posted by an official, not a discussion topic opened from this page) without a petition; approved live questions without a petition. Text: the title and the first 2,000
// characters of the body.
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { rowsOf } from "../../../db/rows";
import { duplicateGroupItems, duplicateGroups, emergingTopicItems, emergingTopics, insightRuns } from "../../../db/schema";
import { DAY_MS, detect, type DetectorItem, type DetectorOptions } from "~/domain/insight/detector";
import { BASELINE_DAYS } from "~/domain/insight/spikes";
import { MAX_TOPIC_ITEMS, type InsightItemType, type InsightRunDto } from "~/domain/insight/types";
import { shanghaiDate } from "~/domain/petitions/assessment";
import type { AppServices } from "../context";
import { conflict } from "../errors";

/** Any stable 64-bit key shared by all nodes (deadline notices and transcripts use others). */
const LOCK_KEY = 0x696e_7369_6768; // "insigh"

type RunRow = typeof insightRuns.$inferSelect;

export function runDto(r: RunRow): InsightRunDto {
  return {
    day: r.day,
    asOf: r.asOf.toISOString(),
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
    itemsRead: r.itemsRead,
    topics: r.topics,
    groups: r.groups,
    durationMs: r.durationMs,
    manual: r.triggeredBy !== null,
  };
}

interface ItemRow {
  type: InsightItemType;
  id: string | number;
  channel: string;
  category: string | null;
  at: string | Date;
  text: string;
}

/** The items of (asOf − days·24 h, asOf]. */
export async function loadItems(db: AppServices["db"], asOf: Date, days: number): Promise<DetectorItem[]> {
  const since = new Date(asOf.getTime() - days * DAY_MS).toISOString();
  const until = asOf.toISOString();
  const rows = rowsOf<ItemRow>(
    await db.execute(sql`
      select 'petition' as type, p.id, p.channel, p.category, p.created_at as at, p.title || chr(10) || left(p.body, 2000) as text
      from petitions p
      where p.created_at > ${since}::timestamptz and p.created_at <= ${until}::timestamptz
      union all
      select 'thread', t.id, 'forum', null, t.created_at, t.title || chr(10) || left(t.body, 2000)
      from threads t
      where t.created_at > ${since}::timestamptz and t.created_at <= ${until}::timestamptz
        and t.section = 'forum' and not t.hidden and not t.official
        and not exists (select 1 from petitions p where p.thread_id = t.id)
        and not exists (select 1 from emerging_topics e where e.thread_id = t.id)
      union all
      select 'live_question', q.id, 'live', null, q.created_at, q.body
      from live_questions q
      where q.created_at > ${since}::timestamptz and q.created_at <= ${until}::timestamptz and q.status = 'approved'
        and not exists (select 1 from petitions p where p.live_question_id = q.id)`),
  );
  return rows.map((r) => ({ type: r.type, id: Number(r.id), channel: r.channel, category: r.category, at: new Date(r.at), text: r.text }));
}

export interface RunOptions {
  /** Compute again even if today's run exists (an administrator's "recompute now"). */
  force?: boolean;
  triggeredBy?: number | null;
  detector?: DetectorOptions;
}

export interface RunOutcome {
  /** Why nothing was computed: today's run exists, or another node holds the lock. */
  skipped: null | "done" | "busy";
  run: InsightRunDto | null;
}

export async function runInsight(app: AppServices, opts: RunOptions = {}): Promise<RunOutcome> {
  const startedAt = app.now();
  const day = shanghaiDate(startedAt);
  if (!opts.force) {
    const [done] = await app.db.select().from(insightRuns).where(eq(insightRuns.day, day));
    if (done) return { skipped: "done", run: runDto(done) };
  }
  const t0 = performance.now();
  const outcome = await app.db.transaction(async (tx): Promise<RunOutcome> => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as ok`));
    if (!lock?.ok) return { skipped: "busy", run: null };
    const [existing] = await tx.select().from(insightRuns).where(eq(insightRuns.day, day));
    if (existing && !opts.force) return { skipped: "done", run: runDto(existing) };

    const asOf = startedAt;
    const baselineDays = opts.detector?.baselineDays ?? BASELINE_DAYS;
    const items = await loadItems(tx as unknown as AppServices["db"], asOf, baselineDays + 1);
    const found = detect(items, asOf, opts.detector);

    const values = {
      day,
      asOf,
      startedAt,
      finishedAt: asOf,
      itemsRead: items.length,
      topics: found.topics.length,
      groups: found.groups.length,
      durationMs: 0,
      triggeredBy: opts.triggeredBy ?? null,
    };
    await tx.insert(insightRuns).values(values).onConflictDoUpdate({ target: insightRuns.day, set: values });

    // Topics: upsert by (day, kind, key); their items replaced.
    const keep: number[] = [];
    for (const t of found.topics) {
      const [row] = await tx
        .insert(emergingTopics)
        .values({ day, kind: t.kind, key: t.key, count: t.count, baseline: t.baseline, sigma: t.sigma, score: t.score, series: t.series })
        .onConflictDoUpdate({
          target: [emergingTopics.day, emergingTopics.kind, emergingTopics.key],
          set: { count: t.count, baseline: t.baseline, sigma: t.sigma, score: t.score, series: t.series },
        })
        .returning({ id: emergingTopics.id });
      keep.push(row.id);
      await tx.delete(emergingTopicItems).where(eq(emergingTopicItems.topicId, row.id));
      const refs = t.items.slice(0, MAX_TOPIC_ITEMS).map((i, position) => ({ topicId: row.id, itemType: items[i].type, itemId: items[i].id, position }));
      if (refs.length) await tx.insert(emergingTopicItems).values(refs);
    }
    const stale = await tx
      .select({ id: emergingTopics.id })
      .from(emergingTopics)
      .where(and(eq(emergingTopics.day, day), eq(emergingTopics.status, "new"), keep.length ? notInArray(emergingTopics.id, keep) : sql`true`));
    if (stale.length) {
      const ids = stale.map((s) => s.id);
      await tx.delete(emergingTopicItems).where(inArray(emergingTopicItems.topicId, ids));
      await tx.delete(emergingTopics).where(inArray(emergingTopics.id, ids));
    }

    // Near-duplicate groups: the day's are replaced.
    const old = await tx.select({ id: duplicateGroups.id }).from(duplicateGroups).where(eq(duplicateGroups.day, day));
    if (old.length) {
      const ids = old.map((g) => g.id);
      await tx.delete(duplicateGroupItems).where(inArray(duplicateGroupItems.groupId, ids));
      await tx.delete(duplicateGroups).where(inArray(duplicateGroups.id, ids));
    }
    // One statement for the groups and a few for their items, whatever their number.
    if (found.groups.length) {
      const rows = await tx
        .insert(duplicateGroups)
        .values(found.groups.map((g, position) => ({ day, similarity: g.similarity, channels: g.channels, size: g.items.length, position })))
        .returning({ id: duplicateGroups.id, position: duplicateGroups.position });
      const idAt = new Map(rows.map((r) => [r.position, r.id]));
      const members = found.groups.flatMap((g, position) =>
        g.items.slice(0, MAX_TOPIC_ITEMS).map((i, p) => ({ groupId: idAt.get(position)!, itemType: items[i].type, itemId: items[i].id, channel: items[i].channel, position: p })),
      );
      for (let i = 0; i < members.length; i += 2000) await tx.insert(duplicateGroupItems).values(members.slice(i, i + 2000));
    }

    const durationMs = Math.round(performance.now() - t0);
    const finishedAt = new Date(startedAt.getTime() + durationMs);
    const [run] = await tx.update(insightRuns).set({ durationMs, finishedAt }).where(eq(insightRuns.day, day)).returning();
    return { skipped: null, run: runDto(run) };
  });
  return outcome;
}

/** The scheduler's entry: today's run, once. */
export async function runDailyInsight(app: AppServices) {
  return runInsight(app);
}

/** An administrator's "recompute now": 409 while another run holds the lock. */
export async function recomputeInsight(app: AppServices, triggeredBy: number) {
  const r = await runInsight(app, { force: true, triggeredBy });
  if (r.skipped === "busy") throw conflict("insight_run_in_progress");
  return r.run!;
}
