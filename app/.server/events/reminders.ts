// Reminders: about 24 hours before an event starts, everyone holding a seat (registered for a
// meetup, selected for observing the sessions) gets an in-app notification, once. Run by the
// scheduler (server/scheduler.ts) on every node: a Postgres advisory lock lets one node do each
// round, and `events.reminded_at` makes a round idempotent even without it (an edit that moves
// the start clears it, so the new time is announced again).
import { sql } from "drizzle-orm";
import { notifications } from "../../../db/schema";
import { rowsOf } from "../../../db/rows";
import type { AppServices } from "../context";
import { publishNotifications } from "../notifications/service";

/** Any stable 64-bit key shared by all nodes ("events"). */
const LOCK_KEY = 0x6576_656e_7473;
export const REMIND_BEFORE_HOURS = 24;

type NotificationRow = typeof notifications.$inferSelect;

export async function runEventReminders(app: AppServices): Promise<{ sent: number; events: number; skipped: boolean }> {
  const nowIso = app.now().toISOString();
  const now = sql`${nowIso}::timestamptz`;
  const result = await app.db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as ok`));
    if (!lock?.ok) return null;
    const due = rowsOf<{ id: number | string }>(
      await tx.execute(sql`
        update events
        set reminded_at = ${now}
        where reminded_at is null
          and starts_at > ${now}
          and starts_at <= ${now} + ${sql.raw(`interval '${REMIND_BEFORE_HOURS} hours'`)}
        returning id`),
    );
    if (due.length === 0) return { notes: [], dueCount: 0 };
    const ids = due.map((d) => Number(d.id));
    const rows = rowsOf<Record<string, unknown>>(
      await tx.execute(sql`
        insert into notifications (user_id, kind, data, url)
        select r.user_id,
          'event_reminder',
          jsonb_build_object(
            'title', e.title,
            'startsAt', to_char((e.starts_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD HH24:MI')
          ),
          '/events/' || e.id
        from events e
        join event_registrations r on r.event_id = e.id and r.status in ('registered', 'selected')
        where e.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})
        order by e.id, r.id
        returning id, user_id, kind, data, url, created_at, read_at`),
    );
    const dueCount = due.length;
    const notes = rows
      .map(
        (r): NotificationRow => ({
          id: Number(r.id),
          userId: Number(r.user_id),
          kind: String(r.kind),
          data: (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as NotificationRow["data"],
          url: String(r.url),
          createdAt: new Date(r.created_at as string),
          readAt: null,
        }),
      );
    return { notes, dueCount };
  });
  if (!result) return { sent: 0, events: 0, skipped: true };
  publishNotifications(app, result.notes);
  return { sent: result.notes.length, events: result.dueCount, skipped: false };
}
