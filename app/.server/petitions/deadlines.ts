// Deadline notices: when a case's light turns yellow or red, the members of the mailbox that
// owes the next step hear about it once. Run by the scheduler (server/scheduler.ts) on every
// node; an advisory lock lets one node do each round, and the "noticed" columns make a round
// idempotent even without it. Lights themselves stay derived when read (decision 006).
import { sql } from "drizzle-orm";
import { notifications } from "../../../db/schema";
import { rowsOf } from "../../../db/rows";
import type { AppServices } from "../context";
import { publishNotifications } from "../notifications/service";

/** Any stable 64-bit key shared by all nodes. */
const LOCK_KEY = 0x6865_7975_616e; // "heyuan"

type NotificationRow = typeof notifications.$inferSelect;

export async function runDeadlineNotices(app: AppServices): Promise<{ sent: number; skipped: boolean }> {
  const now = sql`${app.now().toISOString()}::timestamptz`;
  const result = await app.db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as ok`));
    if (!lock?.ok) return null;
    const rows = rowsOf<Record<string, unknown>>(
      await tx.execute(sql`
        with assignment_due as (
          update petition_assignments a
          set noticed_warn_at = case when a.warn_at <= ${now} then a.warn_at else a.noticed_warn_at end,
              noticed_due_at = case when a.due_at < ${now} then a.due_at else a.noticed_due_at end
          from petitions p
          where p.id = a.petition_id
            -- a co-handler's part stays owed after the petitioner closed the case
            and p.status <> 'rejected'
            and a.status = 'open'
            and ((a.warn_at <= ${now} and a.due_at >= ${now} and a.noticed_warn_at is distinct from a.warn_at)
              or (a.due_at < ${now} and a.noticed_due_at is distinct from a.due_at))
          returning a.petition_id, a.mailbox_id, a.due_at < ${now} as red
        ),
        case_due as (
          -- Before assignment the addressed mailbox owes the next step; during a review, the lead.
          update petitions p
          set noticed_warn_at = case when p.warn_at <= ${now} then p.warn_at else p.noticed_warn_at end,
              noticed_due_at = case when p.due_at < ${now} then p.due_at else p.noticed_due_at end
          where p.status in ('submitted', 'accepted', 'reviewing')
            and p.light_at is null
            and ((p.warn_at <= ${now} and p.due_at >= ${now} and p.noticed_warn_at is distinct from p.warn_at)
              or (p.due_at < ${now} and p.noticed_due_at is distinct from p.due_at))
          -- Who owes the next step: the addressed mailbox decides acceptance; the office routes an
          -- accepted case (mailbox null = the administrators); the lead answers a review.
          returning p.id as petition_id,
            case p.status
              when 'reviewing' then coalesce((select a.mailbox_id from petition_assignments a where a.petition_id = p.id and a.lead), p.mailbox_id)
              when 'accepted' then null
              else p.mailbox_id end as mailbox_id,
            p.due_at < ${now} as red
        ),
        due as (select * from assignment_due union all select * from case_due),
        recipients as (
          select d.petition_id, d.red, m.user_id from due d join mailbox_members m on m.mailbox_id = d.mailbox_id
          union all
          select d.petition_id, d.red, u.id from due d join users u on d.mailbox_id is null and u.role = 'admin'
        )
        insert into notifications (user_id, kind, data, url)
        select distinct on (r.user_id, r.petition_id)
          r.user_id,
          case when r.red then 'petition_overdue' else 'petition_due_soon' end,
          jsonb_build_object('trackingNo', p.tracking_no, 'title', p.title),
          '/petitions/' || p.id
        from recipients r
        join users u on u.id = r.user_id and u.role in ('official', 'admin') and not u.disabled
        join petitions p on p.id = r.petition_id
        order by r.user_id, r.petition_id, r.red desc
        returning id, user_id, kind, data, url, created_at, read_at`),
    );
    return rows.map(
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
  });
  if (!result) return { sent: 0, skipped: true };
  publishNotifications(app, result);
  return { sent: result.length, skipped: false };
}
