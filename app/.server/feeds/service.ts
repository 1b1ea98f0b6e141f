// The platform's Atom feeds (微博播报): Public Information, officials' replies (in the forum and
// to published letters), and each commitment's progress. 50 newest entries each; only what anyone may read (no hidden
// threads or replies; a commitment's history is public). Entry text is stored content, in the
// platform's language (zh-CN), like the officials' own posts.
import { and, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { commitmentProgress, commitments, posts, threads, users } from "../../../db/schema";
import { commitmentFeedHref, commitmentHref } from "~/domain/commitments/types";
import { postHref } from "~/domain/forum/types";
import { getT } from "~/i18n";
import type { AppServices } from "../context";
import { notFound } from "../errors";
import { latestPublishedReplies } from "../petitions/queries";
import { atomResponse, tagUri, type AtomEntry, type AtomFeed } from "./atom";

export const FEED_SIZE = 50;
const LANG = "zh-CN";
const EPOCH = new Date(0);

/** The origin users see: PUBLIC_URL when set, else the request's own. */
export const feedOrigin = (app: AppServices, request: Request) => app.config.publicUrl ?? new URL(request.url).origin;

const newest = (entries: AtomEntry[], fallback: Date) => entries.reduce((m, e) => (e.updated > m ? e.updated : m), fallback);

function shell(origin: string, path: string, page: string, title: string, subtitle: string, entries: AtomEntry[], fallback = EPOCH): AtomFeed {
  const t = getT(LANG);
  return {
    id: tagUri(origin, `feed${path.replace(/^\/api\/v1\/feeds/, "").replace(/\.atom$/, "")}`),
    title,
    subtitle,
    updated: newest(entries, fallback),
    selfHref: `${origin}${path}`,
    alternateHref: `${origin}${page}`,
    base: origin,
    lang: LANG,
    author: { name: t("brand.name"), uri: `${origin}/` },
    entries,
  };
}

export async function infoFeed(app: AppServices, origin: string): Promise<AtomFeed> {
  const t = getT(LANG);
  const rows = await app.db
    .select({ thread: threads, author: { displayName: users.displayName, username: users.username } })
    .from(threads)
    .innerJoin(users, eq(users.id, threads.authorId))
    .where(and(eq(threads.section, "info"), eq(threads.hidden, false)))
    .orderBy(desc(threads.createdAt), desc(threads.id))
    .limit(FEED_SIZE);
  const entries: AtomEntry[] = rows.map(({ thread, author }) => ({
    id: tagUri(origin, `thread/${thread.id}`),
    title: thread.title,
    updated: thread.editedAt ?? thread.createdAt,
    published: thread.createdAt,
    link: `${origin}/t/${thread.id}`,
    author: { name: author.displayName, uri: `${origin}/u/${author.username}` },
    contentHtml: thread.bodyHtml,
  }));
  return shell(origin, "/api/v1/feeds/info.atom", "/info", t("feeds.info.title"), t("feeds.info.subtitle"), entries);
}

const replyThreads = alias(threads, "reply_thread");

/**
 * Officials' replies: posts with the official badge in threads anyone may read, and mailboxes'
 * replies to published letters, masked as the case page shows them; the newest of both.
 */
export async function officialRepliesFeed(app: AppServices, origin: string): Promise<AtomFeed> {
  const t = getT(LANG);
  const rows = await app.db
    .select({
      post: posts,
      thread: { id: replyThreads.id, title: replyThreads.title },
      author: { displayName: users.displayName, username: users.username },
    })
    .from(posts)
    .innerJoin(replyThreads, eq(replyThreads.id, posts.threadId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(eq(posts.official, true), eq(posts.hidden, false), eq(replyThreads.hidden, false)))
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(FEED_SIZE);
  const letters = await latestPublishedReplies(app, FEED_SIZE);
  const entries: AtomEntry[] = rows.map(({ post, thread, author }) => ({
    id: tagUri(origin, `post/${post.id}`),
    title: t("feeds.replies.entry", { name: author.displayName, title: thread.title }),
    updated: post.editedAt ?? post.createdAt,
    published: post.createdAt,
    link: `${origin}${postHref(String(thread.id), String(post.id), post.seq)}`,
    author: { name: author.displayName, uri: `${origin}/u/${author.username}` },
    contentHtml: post.bodyHtml,
  }));
  for (const r of letters) {
    entries.push({
      id: tagUri(origin, `petition/${r.petitionId}/reply/${r.mailbox.id}`),
      title: t("feeds.replies.letterEntry", { mailbox: r.mailbox.name, title: r.title }),
      updated: r.repliedAt,
      published: r.repliedAt,
      link: `${origin}/petitions/${r.petitionId}`,
      author: { name: r.mailbox.name },
      contentHtml: r.bodyHtml,
    });
  }
  entries.sort((a, b) => b.updated.getTime() - a.updated.getTime());
  entries.length = Math.min(entries.length, FEED_SIZE);
  return shell(origin, "/api/v1/feeds/official-replies.atom", "/forum", t("feeds.replies.title"), t("feeds.replies.subtitle"), entries);
}

/** A commitment's progress reports (newest first) and, last, the commitment itself. */
export async function commitmentFeed(app: AppServices, origin: string, id: number): Promise<AtomFeed> {
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  const t = getT(LANG);
  const [c] = await app.db
    .select({ c: commitments, author: { displayName: users.displayName, username: users.username } })
    .from(commitments)
    .innerJoin(users, eq(users.id, commitments.createdBy))
    .where(eq(commitments.id, id));
  if (!c) throw notFound();
  const rows = await app.db
    .select({ p: commitmentProgress, author: { displayName: users.displayName, username: users.username } })
    .from(commitmentProgress)
    .innerJoin(users, eq(users.id, commitmentProgress.authorId))
    .where(eq(commitmentProgress.commitmentId, id))
    .orderBy(desc(commitmentProgress.createdAt), desc(commitmentProgress.id))
    .limit(FEED_SIZE - 1);
  const page = `${origin}${commitmentHref(id)}`;
  const entries: AtomEntry[] = rows.map(({ p, author }) => ({
    id: tagUri(origin, `commitment/${id}/progress/${p.id}`),
    title: t("feeds.commitment.entry", { progress: p.progress, title: c.c.title }),
    updated: p.createdAt,
    published: p.createdAt,
    link: page,
    author: { name: author.displayName, uri: `${origin}/u/${author.username}` },
    contentHtml: p.noteHtml || `<p>${t("feeds.commitment.noNote", { progress: p.progress })}</p>`,
  }));
  entries.push({
    id: tagUri(origin, `commitment/${id}`),
    title: t("feeds.commitment.announce", { year: c.c.year, title: c.c.title }),
    updated: c.c.createdAt,
    published: c.c.createdAt,
    link: page,
    author: { name: c.author.displayName, uri: `${origin}/u/${c.author.username}` },
    contentHtml: c.c.summaryHtml,
  });
  return shell(
    origin,
    commitmentFeedHref(id),
    commitmentHref(id),
    t("feeds.commitment.title", { title: c.c.title }),
    t("feeds.commitment.subtitle", { year: c.c.year }),
    entries,
    c.c.updatedAt,
  );
}

export { atomResponse };
