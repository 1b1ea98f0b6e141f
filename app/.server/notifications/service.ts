// In-app notifications: written in the same transaction as the change they announce, pushed to
// `user:<id>` after commit, listed at /notifications.
import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { mailboxMembers, notifications, users } from "../../../db/schema";
import type { Tx } from "../../../db/client";
import type { Viewer } from "~/domain/auth/types";
import type { NotificationDto } from "~/domain/notifications/types";
import type { AppServices } from "../context";
import { badRequest, unauthorized } from "../errors";
import { clampLimit } from "../forum/cursor";

type Row = typeof notifications.$inferSelect;

export const notificationDto = (n: Row): NotificationDto => ({
  id: String(n.id),
  kind: n.kind,
  data: n.data,
  url: n.url,
  createdAt: n.createdAt.toISOString(),
  read: n.readAt !== null,
});

export interface Recipients {
  userIds?: (number | null | undefined)[];
  /** Every member of these mailboxes. */
  mailboxIds?: number[];
  admins?: boolean;
  /** Never notify the person who caused the change. */
  except?: number;
}

/** Inserts one notification per recipient; returns the rows to publish after commit. */
export async function notify(tx: Tx, to: Recipients, kind: string, data: NotificationDto["data"], url: string): Promise<Row[]> {
  const ids = new Set<number>((to.userIds ?? []).filter((v): v is number => typeof v === "number"));
  if (to.mailboxIds?.length) {
    // Only people who still work the mailbox: officials and admins whose account is active.
    const members = await tx
      .select({ userId: mailboxMembers.userId })
      .from(mailboxMembers)
      .innerJoin(users, eq(users.id, mailboxMembers.userId))
      .where(and(inArray(mailboxMembers.mailboxId, to.mailboxIds), inArray(users.role, ["official", "admin"]), eq(users.disabled, false)));
    for (const m of members) ids.add(m.userId);
  }
  if (to.admins) {
    for (const a of await tx.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false)))) ids.add(a.id);
  }
  if (to.except !== undefined) ids.delete(to.except);
  if (ids.size === 0) return [];
  return tx
    .insert(notifications)
    .values([...ids].map((userId) => ({ userId, kind, data, url })))
    .returning();
}

export function publishNotifications(app: AppServices, rows: Row[]) {
  for (const n of rows) app.publisher.publish(`user:${n.userId}`, "notification", { notification: notificationDto(n) });
}

export async function listNotifications(app: AppServices, viewer: Viewer | null, opts: { limit?: string | number | null; cursor?: string | null }) {
  if (!viewer) throw unauthorized();
  const limit = clampLimit(opts.limit);
  if (opts.cursor && !/^[1-9][0-9]{0,15}$/.test(opts.cursor)) throw badRequest("invalid_cursor");
  const rows = await app.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, viewer.id), opts.cursor ? lt(notifications.id, Number(opts.cursor)) : undefined))
    .orderBy(desc(notifications.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page.map(notificationDto), nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null };
}

export async function unreadCount(app: AppServices, viewer: Viewer | null): Promise<number> {
  if (!viewer) return 0;
  const [r] = await app.db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, viewer.id), isNull(notifications.readAt)));
  return Number(r?.n ?? 0);
}

/** Marks the given notifications (or all) as read; only the viewer's own. */
export async function markRead(app: AppServices, viewer: Viewer | null, ids: number[] | "all") {
  if (!viewer) throw unauthorized();
  await app.db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, viewer.id),
        isNull(notifications.readAt),
        ids === "all" ? undefined : inArray(notifications.id, ids.length ? ids : [0]),
      ),
    );
  return { unread: await unreadCount(app, viewer) };
}


