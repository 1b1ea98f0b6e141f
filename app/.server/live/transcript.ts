// The transcript of an officials-online session: its answered questions with their answers, in
// the order they were answered, published once to Public Information as a thread by the host.
// Written inside the caller's transaction with the session row locked, so whoever comes first
// (the host ending the session, or the scheduler for a session that ended by time) writes it
// and everyone after finds transcript_thread_id set.
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { liveQuestions, liveSessions, mailboxes, threads, users } from "../../../db/schema";
import type { Tx } from "../../../db/client";
import { TITLE_MAX } from "~/domain/forum/types";
import { formatDateTime, getT } from "~/i18n";
import { renderMarkdown } from "../markdown";

const answerers = alias(users, "answerer");
const askers = alias(users, "asker");

/** Quotes plain text as a Markdown blockquote (a question is text, not Markdown). */
const quote = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((l) => `> ${l.replace(/^([#>*+\-]|\d+\.)/, "\\$1")}`)
    .join("\n");

/** Returns the new thread's id, or null when the transcript already exists. */
export async function writeTranscript(tx: Tx, sessionId: number, at: Date): Promise<number | null> {
  const [s] = await tx.select().from(liveSessions).where(eq(liveSessions.id, sessionId)).for("update");
  if (!s || s.transcriptThreadId !== null) return null;
  const [host] = await tx.select({ displayName: users.displayName, role: users.role }).from(users).where(eq(users.id, s.hostId));
  const [mailbox] = await tx.select({ name: mailboxes.name }).from(mailboxes).where(eq(mailboxes.id, s.mailboxId));
  const [{ asked }] = await tx
    .select({ asked: sql<number>`count(*)::int` })
    .from(liveQuestions)
    .where(and(eq(liveQuestions.sessionId, sessionId), eq(liveQuestions.status, "approved")));
  const answered = await tx
    .select({
      body: liveQuestions.body,
      answer: liveQuestions.answerBody,
      asker: askers.displayName,
      answerer: answerers.displayName,
    })
    .from(liveQuestions)
    .innerJoin(askers, eq(askers.id, liveQuestions.authorId))
    .innerJoin(answerers, eq(answerers.id, liveQuestions.answeredBy))
    .where(and(eq(liveQuestions.sessionId, sessionId), eq(liveQuestions.status, "approved"), isNotNull(liveQuestions.answeredAt)))
    .orderBy(asc(liveQuestions.answeredAt), asc(liveQuestions.id));

  // Stored content is written in the platform's language, like the officials' own posts.
  const t = getT("zh-CN");
  const end = s.endedAt && s.endedAt < s.endsAt ? s.endedAt : s.endsAt;
  const title = [...t("live.transcript.title", { title: s.title })].slice(0, TITLE_MAX).join("");
  const parts = [
    s.description ? `${s.description.trim()}\n` : "",
    `${t("live.transcript.host", { name: host?.displayName ?? "" })}  \n${t("live.transcript.mailbox", { name: mailbox?.name ?? "" })}  \n${t(
      "live.transcript.time",
      { from: formatDateTime(s.startsAt, "zh-CN"), to: formatDateTime(end, "zh-CN").slice(-5) },
    )}  \n${t("live.transcript.counts", { asked: Number(asked), answered: answered.length })}`,
    "---",
    ...(answered.length
      ? answered.map(
          (q, i) =>
            `### ${t("live.transcript.question", { n: i + 1, name: q.asker })}\n\n${quote(q.body)}\n\n**${t("live.transcript.answer", { name: q.answerer })}**\n\n${q.answer}`,
        )
      : [t("live.transcript.none")]),
    "---",
    t("live.transcript.link", { url: `/live/${sessionId}` }),
  ].filter(Boolean);
  const body = parts.join("\n\n");
  const [thread] = await tx
    .insert(threads)
    .values({
      section: "info",
      title,
      body,
      bodyHtml: renderMarkdown(body),
      authorId: s.hostId,
      official: host?.role === "official" || host?.role === "admin",
      createdAt: at,
      lastPostAt: at,
    })
    .returning({ id: threads.id });
  await tx.update(liveSessions).set({ transcriptThreadId: thread.id }).where(eq(liveSessions.id, sessionId));
  return thread.id;
}

