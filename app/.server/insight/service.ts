// Emerging issues for officials, moderators and administrators: the latest run's topics with the
// items behind them, the near-duplicate groups, and what can be done with a topic — open a
// discussion topic in the Development Forum (once per topic), propose it as a commitment (a link
// to the commitments form, prefilled), or dismiss it. Petitions behind a topic follow the case's
// own visibility (canView): a viewer outside the case's mailboxes sees that it exists, its
// channel, category and date, but not its title, and gets no link.
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import {
  duplicateGroupItems,
  duplicateGroups,
  emergingTopicItems,
  emergingTopics,
  insightRuns,
  liveQuestions,
  petitionAssignments,
  petitions,
  threads,
} from "../../../db/schema";
import type { Tx } from "../../../db/client";
import { isAdmin, isModerator, isOfficial, type Viewer } from "~/domain/auth/types";
import { TITLE_MAX } from "~/domain/forum/types";
import type { DuplicateGroupDto, EmergingResult, EmergingTopicDto, InsightItemDto, InsightItemType, TopicStatus } from "~/domain/insight/types";
import { canView } from "~/domain/petitions/workflow";
import { getT } from "~/i18n";
import type { AppServices } from "../context";
import { conflict, forbidden, notFound, unauthorized } from "../errors";
import { renderMarkdown } from "../markdown";
import { caseState } from "../petitions/dto";
import { loadActor } from "../petitions/service";
import { take } from "../rate-limit";
import { recomputeInsight, runDto } from "./job";

/** Officials, moderators and administrators; 401 signed out, 403 for citizens. */
export function requireInsightViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthorized();
  if (!isOfficial(viewer) && !isModerator(viewer)) throw forbidden();
  return viewer;
}

export const canSeeInsight = (viewer: Viewer | null) => isOfficial(viewer) || isModerator(viewer);

type TopicRow = typeof emergingTopics.$inferSelect;
type Ref = { type: InsightItemType; id: number };
const refKey = (r: Ref) => `${r.type}:${r.id}`;

/** Titles and links of items as this viewer may see them. */
async function describeItems(app: AppServices, viewer: Viewer, refs: Ref[]): Promise<Map<string, InsightItemDto & { mailboxId?: number }>> {
  const out = new Map<string, InsightItemDto & { mailboxId?: number }>();
  const ids = (type: InsightItemType) => [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
  const petitionIds = ids("petition");
  const threadIds = ids("thread");
  const questionIds = ids("live_question");
  const [cases, assignments, actor, threadRows, questionRows] = await Promise.all([
    petitionIds.length ? app.db.select().from(petitions).where(inArray(petitions.id, petitionIds)) : [],
    petitionIds.length ? app.db.select().from(petitionAssignments).where(inArray(petitionAssignments.petitionId, petitionIds)) : [],
    loadActor(app, viewer),
    threadIds.length
      ? app.db.select({ id: threads.id, title: threads.title, hidden: threads.hidden, createdAt: threads.createdAt }).from(threads).where(inArray(threads.id, threadIds))
      : [],
    questionIds.length
      ? app.db
          .select({ id: liveQuestions.id, body: liveQuestions.body, status: liveQuestions.status, sessionId: liveQuestions.sessionId, createdAt: liveQuestions.createdAt })
          .from(liveQuestions)
          .where(inArray(liveQuestions.id, questionIds))
      : [],
  ]);
  for (const p of cases) {
    const visible = canView(
      caseState(
        p,
        assignments.filter((a) => a.petitionId === p.id),
      ),
      actor,
    );
    out.set(`petition:${p.id}`, {
      type: "petition",
      id: String(p.id),
      channel: p.channel,
      title: visible ? p.title : null,
      url: visible ? `/petitions/${p.id}` : null,
      createdAt: p.createdAt.toISOString(),
      category: p.category,
      mailboxId: p.mailboxId,
    });
  }
  for (const t of threadRows) {
    const visible = !t.hidden || isModerator(viewer);
    out.set(`thread:${t.id}`, { type: "thread", id: String(t.id), channel: "forum", title: visible ? t.title : null, url: visible ? `/t/${t.id}` : null, createdAt: t.createdAt.toISOString(), category: null });
  }
  for (const q of questionRows) {
    const visible = q.status === "approved" || isModerator(viewer);
    const text = [...q.body.trim()];
    out.set(`live_question:${q.id}`, {
      type: "live_question",
      id: String(q.id),
      channel: "live",
      title: visible ? (text.length > 80 ? `${text.slice(0, 79).join("")}…` : text.join("")) : null,
      url: visible ? `/live/${q.sessionId}` : null,
      createdAt: q.createdAt.toISOString(),
      category: null,
    });
  }
  return out;
}

/** The topic's name as people read it: a category's label, or the keyword itself. */
export function topicLabel(t: Pick<TopicRow, "kind" | "key">, lang: "zh-CN" | "en") {
  return t.kind === "category" ? getT(lang)(`petition.category.${t.key}`) : t.key;
}

/** /commitments/new, prefilled (the commitments area reads these parameters). */
export function commitmentUrl(t: Pick<TopicRow, "kind" | "key" | "count" | "baseline">, items: Pick<InsightItemDto, "type" | "id">[], mailboxId: number | null, threadId: number | null) {
  const t_ = getT("zh-CN");
  const label = topicLabel(t, "zh-CN");
  const p = new URLSearchParams();
  p.set("title", t_("insight.commitment.title", { topic: label }));
  p.set("summary", t_("insight.commitment.summary", { topic: label, count: t.count, baseline: t.baseline.toFixed(1) }));
  const threadIds = [...(threadId ? [String(threadId)] : []), ...items.filter((i) => i.type === "thread").map((i) => i.id)];
  const petitionIds = items.filter((i) => i.type === "petition").map((i) => i.id);
  if (threadIds.length) p.set("threads", threadIds.join(","));
  if (petitionIds.length) p.set("petitions", petitionIds.join(","));
  if (mailboxId !== null) p.set("mailbox", String(mailboxId));
  return `/commitments/new?${p.toString()}`;
}

/** The mailbox most of the topic's petitions were addressed to (ties: the lowest id). */
function mainMailbox(items: { mailboxId?: number }[]): number | null {
  const n = new Map<number, number>();
  for (const i of items) if (i.mailboxId !== undefined) n.set(i.mailboxId, (n.get(i.mailboxId) ?? 0) + 1);
  let best: number | null = null;
  for (const [id, c] of n) if (best === null || c > n.get(best)! || (c === n.get(best)! && id < best)) best = id;
  return best;
}

const statusOrder: Record<TopicStatus, number> = { new: 0, discussed: 1, proposed: 2, dismissed: 3 };

/** The latest run (or the run of `day`), with its topics and groups. */
export async function emergingIssues(app: AppServices, viewer: Viewer | null, opts: { day?: string | null } = {}): Promise<EmergingResult> {
  const user = requireInsightViewer(viewer);
  const [run] = opts.day
    ? await app.db.select().from(insightRuns).where(eq(insightRuns.day, opts.day))
    : await app.db.select().from(insightRuns).orderBy(desc(insightRuns.day)).limit(1);
  if (!run) return { run: null, topics: [], groups: [] };
  const [topicRows, groupRows] = await Promise.all([
    app.db.select().from(emergingTopics).where(eq(emergingTopics.day, run.day)),
    app.db.select().from(duplicateGroups).where(eq(duplicateGroups.day, run.day)).orderBy(asc(duplicateGroups.position)),
  ]);
  const [topicItems, groupItems] = await Promise.all([
    topicRows.length
      ? app.db
          .select()
          .from(emergingTopicItems)
          .where(
            inArray(
              emergingTopicItems.topicId,
              topicRows.map((t) => t.id),
            ),
          )
          .orderBy(asc(emergingTopicItems.position))
      : [],
    groupRows.length
      ? app.db
          .select()
          .from(duplicateGroupItems)
          .where(
            inArray(
              duplicateGroupItems.groupId,
              groupRows.map((g) => g.id),
            ),
          )
          .orderBy(asc(duplicateGroupItems.position))
      : [],
  ]);
  const described = await describeItems(app, user, [
    ...topicItems.map((i) => ({ type: i.itemType, id: i.itemId })),
    ...groupItems.map((i) => ({ type: i.itemType, id: i.itemId })),
  ]);
  const strip = (d: InsightItemDto & { mailboxId?: number }): InsightItemDto => {
    const { mailboxId: _m, ...rest } = d;
    void _m;
    return rest;
  };
  const topics: EmergingTopicDto[] = topicRows
    .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || b.score - a.score || a.id - b.id)
    .map((t) => {
      const items = topicItems
        .filter((i) => i.topicId === t.id)
        .map((i) => described.get(refKey({ type: i.itemType, id: i.itemId })))
        .filter((d): d is NonNullable<typeof d> => d !== undefined);
      return {
        id: String(t.id),
        day: t.day,
        kind: t.kind,
        key: t.key,
        count: t.count,
        baseline: t.baseline,
        score: t.score,
        series: t.series,
        status: t.status,
        threadId: t.threadId === null ? null : String(t.threadId),
        items: items.map(strip),
        commitmentUrl: commitmentUrl(t, items, mainMailbox(items), t.threadId),
      };
    });
  const groups: DuplicateGroupDto[] = groupRows.map((g) => ({
    id: String(g.id),
    similarity: g.similarity,
    channels: g.channels,
    items: groupItems
      .filter((i) => i.groupId === g.id)
      .map((i) => described.get(refKey({ type: i.itemType, id: i.itemId })))
      .filter((d): d is NonNullable<typeof d> => d !== undefined)
      .map(strip),
  }));
  return { run: runDto(run), topics, groups };
}

async function lockTopic(tx: Tx, id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  const [t] = await tx.select().from(emergingTopics).where(eq(emergingTopics.id, id)).for("update");
  if (!t) throw notFound();
  return t;
}

/** The opening post of the discussion topic: what rose, by how much, and the public items behind it. */
async function discussionBody(tx: Tx, t: TopicRow) {
  const tr = getT("zh-CN");
  const label = topicLabel(t, "zh-CN");
  const refs = await tx.select().from(emergingTopicItems).where(eq(emergingTopicItems.topicId, t.id)).orderBy(asc(emergingTopicItems.position));
  const threadIds = refs.filter((r) => r.itemType === "thread").map((r) => r.itemId);
  const questionIds = refs.filter((r) => r.itemType === "live_question").map((r) => r.itemId);
  const letters = refs.filter((r) => r.itemType === "petition").length;
  const publicThreads = threadIds.length
    ? await tx.select({ id: threads.id, title: threads.title }).from(threads).where(and(inArray(threads.id, threadIds), eq(threads.hidden, false)))
    : [];
  const publicQuestions = questionIds.length
    ? await tx
        .select({ id: liveQuestions.id, sessionId: liveQuestions.sessionId, body: liveQuestions.body })
        .from(liveQuestions)
        .where(and(inArray(liveQuestions.id, questionIds), eq(liveQuestions.status, "approved")))
    : [];
  const esc = (s: string) => s.replace(/([\\`*_[\]<>#])/g, "\\$1");
  const lines = [
    tr("insight.discussion.lead", { topic: label, count: t.count, baseline: t.baseline.toFixed(1) }),
    letters ? tr("insight.discussion.letters", { count: letters }) : "",
    publicThreads.length || publicQuestions.length
      ? [
          tr("insight.discussion.related"),
          ...publicThreads.map((th) => `- [${esc(th.title)}](/t/${th.id})`),
          ...publicQuestions.map((q) => `- [${esc([...q.body].slice(0, 60).join(""))}](/live/${q.sessionId})`),
        ].join("\n")
      : "",
    tr("insight.discussion.invite"),
    tr("insight.discussion.method"),
  ].filter(Boolean);
  return lines.join("\n\n");
}

/**
 * Opens a Development Forum discussion topic from an emerging topic, once: the topic's row lock
 * and the unique thread_id make a second attempt (or a concurrent one) 409 `topic_discussed`.
 */
export async function discussTopic(app: AppServices, viewer: Viewer | null, id: number) {
  const user = requireInsightViewer(viewer);
  await take(app, `thread:user:${user.id}`, 10, 600);
  const { topic, threadId } = await app.db.transaction(async (tx) => {
    const t = await lockTopic(tx, id);
    if (t.threadId !== null) throw conflict("topic_discussed");
    const body = await discussionBody(tx, t);
    const title = [...getT("zh-CN")("insight.discussion.title", { topic: topicLabel(t, "zh-CN") })].slice(0, TITLE_MAX).join("");
    const [thread] = await tx
      .insert(threads)
      .values({ section: "forum", title, body, bodyHtml: renderMarkdown(body), authorId: user.id, official: isOfficial(user) })
      .returning({ id: threads.id });
    const [updated] = await tx
      .update(emergingTopics)
      .set({ status: "discussed", threadId: thread.id, decidedBy: user.id, decidedAt: app.now() })
      .where(and(eq(emergingTopics.id, id), isNull(emergingTopics.threadId)))
      .returning();
    if (!updated) throw conflict("topic_discussed");
    return { topic: updated, threadId: thread.id };
  });
  return { topicId: String(topic.id), status: topic.status, threadId: String(threadId) };
}

/** Marks a topic dismissed (not one already opened for discussion: 409 `topic_discussed`). */
export async function dismissTopic(app: AppServices, viewer: Viewer | null, id: number) {
  const user = requireInsightViewer(viewer);
  const topic = await app.db.transaction(async (tx) => {
    const t = await lockTopic(tx, id);
    if (t.threadId !== null) throw conflict("topic_discussed");
    const [u] = await tx.update(emergingTopics).set({ status: "dismissed", decidedBy: user.id, decidedAt: app.now() }).where(eq(emergingTopics.id, id)).returning();
    return u;
  });
  return { topicId: String(topic.id), status: topic.status, threadId: null };
}

/**
 * Marks a topic proposed as a commitment and answers the prefilled form's address (the
 * commitments area creates the commitment; nothing is written there from here).
 */
export async function proposeTopic(app: AppServices, viewer: Viewer | null, id: number) {
  const user = requireInsightViewer(viewer);
  const topic = await app.db.transaction(async (tx) => {
    const t = await lockTopic(tx, id);
    const [u] = await tx.update(emergingTopics).set({ status: "proposed", decidedBy: user.id, decidedAt: app.now() }).where(eq(emergingTopics.id, id)).returning();
    void t;
    return u;
  });
  const refs = await app.db.select().from(emergingTopicItems).where(eq(emergingTopicItems.topicId, topic.id)).orderBy(asc(emergingTopicItems.position));
  const described = await describeItems(
    app,
    user,
    refs.map((r) => ({ type: r.itemType, id: r.itemId })),
  );
  const items = [...described.values()];
  return { topicId: String(topic.id), status: topic.status, threadId: topic.threadId === null ? null : String(topic.threadId), url: commitmentUrl(topic, items, mainMailbox(items), topic.threadId) };
}

/** POST /api/v1/insight/runs: administrators only. */
export async function recompute(app: AppServices, viewer: Viewer | null) {
  if (!viewer) throw unauthorized();
  if (!isAdmin(viewer)) throw forbidden();
  return recomputeInsight(app, viewer.id);
}

