// Row → wire shape. Hidden content is redacted here for everyone but moderators.
import { eq, inArray } from "drizzle-orm";
import { posts, threads, users } from "../../../db/schema";
import type { AuthorDto, PostDto, ThreadDto } from "~/domain/forum/types";
import type { AppServices } from "../context";

type UserRow = typeof users.$inferSelect;
type ThreadRow = typeof threads.$inferSelect;
type PostRow = typeof posts.$inferSelect;

export const authorDto = (u: Pick<UserRow, "id" | "username" | "displayName" | "role">): AuthorDto => ({
  id: String(u.id),
  username: u.username,
  displayName: u.displayName,
  role: u.role,
});

export const authorColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
};

export function threadDto(t: ThreadRow, author: AuthorDto, petition: ThreadDto["petition"] = null): ThreadDto {
  return {
    id: String(t.id),
    section: t.section,
    title: t.title,
    author,
    body: t.body,
    bodyHtml: t.bodyHtml,
    official: t.official,
    pinned: t.pinned,
    featured: t.featured,
    locked: t.locked,
    hidden: t.hidden,
    postCount: t.postCount,
    lastPostAt: t.lastPostAt.toISOString(),
    createdAt: t.createdAt.toISOString(),
    editedAt: t.editedAt?.toISOString() ?? null,
    petition,
  };
}

export function postDto(
  p: PostRow,
  author: AuthorDto,
  replyTo: PostDto["replyTo"],
  opts: { redactHidden: boolean },
): PostDto {
  const redact = p.hidden && opts.redactHidden;
  return {
    id: String(p.id),
    threadId: String(p.threadId),
    seq: p.seq,
    author,
    official: p.official,
    body: redact ? "" : p.body,
    bodyHtml: redact ? "" : p.bodyHtml,
    replyToId: p.replyToId === null ? null : String(p.replyToId),
    replyTo,
    helpfulCount: p.helpfulCount,
    hidden: p.hidden,
    createdAt: p.createdAt.toISOString(),
    editedAt: p.editedAt?.toISOString() ?? null,
  };
}

/** Builds DTOs for rows already joined with their authors, resolving reply targets in one query. */
export async function postDtos(
  app: AppServices,
  rows: { post: PostRow; author: AuthorDto }[],
  opts: { redactHidden: boolean },
): Promise<PostDto[]> {
  const targetIds = [...new Set(rows.map((r) => r.post.replyToId).filter((x): x is number => x !== null))];
  const targets = new Map<number, NonNullable<PostDto["replyTo"]>>();
  if (targetIds.length) {
    const found = await app.db
      .select({ id: posts.id, seq: posts.seq, author: authorColumns })
      .from(posts)
      .innerJoin(users, eq(users.id, posts.authorId))
      .where(inArray(posts.id, targetIds));
    for (const f of found) targets.set(f.id, { id: String(f.id), seq: f.seq, author: authorDto(f.author) });
  }
  return rows.map((r) =>
    postDto(r.post, r.author, r.post.replyToId === null ? null : (targets.get(r.post.replyToId) ?? null), opts),
  );
}
