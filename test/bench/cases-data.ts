// Set-based generator of a realistic case load for `npm run bench:cases` (test/bench/cases.ts).
// Not a test file. Every case follows the workflow of app/domain/petitions/workflow.ts: its
// whole life is planned first (bench_cases, an unlogged staging table), then the state "as of
// now" is written: a case whose next step lies in the future is still open, so the last weeks
// hold open work with every light, and a few stuck or late cases stay red for a long time.
//
// Mix (over 10 years, volume growing towards now): 5% not accepted; of the rest 3% accepted
// late, 3% extended, 0.4% never answered by the lead ("stuck"), 7.6% answered late; 15% with one
// co-handler, 5% with two; 75% of answered cases rated (65% satisfied, 25% basic, 10%
// unsatisfied, half of whom ask for a review); supervision on 60% of late cases and 2% of the
// others; 50% with a proposed opinion, 10% with a leader's instruction.
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";

export interface LoadOptions {
  cases: number;
  years: number;
  now: Date;
  citizens: number;
  /** The department that gets many letters (the inbox benchmark's mailbox). */
  busySlug: string;
  adminId: number;
  officialId: number;
  firstCitizenId: number;
  seed: number;
}

const DAY = "interval '1 day'";
const CATEGORIES = `array['urban_construction','transport','education','health','environment','labour_social_security','public_security',
  'agriculture','market_regulation','housing','civil_affairs','culture_tourism','economy','land_resources','utilities',
  'government_conduct','other']`;
const CATEGORY_WORDS = `array['城乡建设','交通出行','教育','医疗卫生','生态环境','劳动和社会保障','政法公安','农业农村','市场监管','住房保障',
  '民政','文化旅游','经济发展','国土资源','水电燃气','政风行风','其他']`;

/**
 * Weighted lists of mailboxes to draw from, as small tables joined by position (arrays carried
 * through a million rows would be copied with every row).
 */
export function pickTablesSql(o: LoadOptions) {
  return sql.raw(`
create unlogged table bench_intake as
select row_number() over (order by m.id, k)::int as i, m.id as mailbox_id,
  m.kind in ('department', 'centre') and m.slug is distinct from 'city-online-office' as handles
from mailboxes m
cross join lateral generate_series(1, case
  -- letters go to the front desk, the mayor and the busy department far more than elsewhere
  when m.slug = 'city-online-office' then 60
  when m.slug = 'city-mayor' then 40
  when m.slug = '${o.busySlug}' then 40
  when m.kind = 'leader' then 6
  when m.kind = 'department' and m.tier = 'city' then 5
  when m.kind = 'department' then 3
  else 2 end) k
where m.active;
create unlogged table bench_handlers as
select row_number() over (order by id)::int as i, id as mailbox_id from mailboxes
where active and kind in ('department', 'centre') and slug is distinct from 'city-online-office';
create unlogged table bench_handlers_w as
select row_number() over (order by m.id, k)::int as i, m.id as mailbox_id
from mailboxes m
cross join lateral generate_series(1, case
  when m.slug = '${o.busySlug}' then 30
  when m.kind = 'department' and m.tier = 'city' then 4
  when m.kind = 'department' then 2
  else 1 end) k
where m.active and m.kind in ('department', 'centre') and m.slug is distinct from 'city-online-office';
analyze bench_intake, bench_handlers, bench_handlers_w`);
}

export interface PickSizes {
  intake: number;
  handlers: number;
  handlersW: number;
}

/** The planned life of every case (times may lie in the future). */
export function stagingSql(o: LoadOptions, n: PickSizes) {
  const now = o.now.toISOString();
  const spanDays = Math.round(o.years * 365.25);
  return sql.raw(`
create unlogged table bench_cases as
with r as (
  select g,
    random() r0, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7,
    random() r8, random() r9, random() r10, random() r11, random() r12, random() r13, random() r14, random() r15,
    random() r16, random() r17, random() r18, random() r19, random() r20, random() r21, random() r22, random() r23,
    random() r24, random() r25, random() r26, random() r27, random() r28, random() r29
  from generate_series(1, ${o.cases}) g
),
s1 as (
  select r.*,
    timestamptz '${now}' - ${spanDays} * ${DAY} + ${spanDays} * ${DAY} * power(g::float8 / ${o.cases}, 2.0 / 3) - r0 * interval '10 minutes' as created,
    it.mailbox_id as mb, it.handles,
    r2 < 0.05 as rejected,
    case when r3 < 0.97 then 0.05 + 13.9 * power(r3 / 0.97, 2) else 15 + 10 * (r3 - 0.97) / 0.03 end as accept_d,
    0.02 + 2 * r4 as assign_d,
    case when r5 < 0.03 then 5 + floor(r5 / 0.03 * 26)::int end as ext,
    case when r8 < 0.15 then 1 when r8 < 0.20 then 2 else 0 end as nco,
    -- stuck: never answered by the lead (only in the last two years: older ones were cleared up)
    case when r10 < 0.004 and g::float8 / ${o.cases} > power(1 - 730.0 / ${spanDays}, 1.5) then 'stuck' when r10 < 0.08 then 'late' else 'ok' end as fate
  from r join bench_intake it on it.i = 1 + floor(r1 * ${n.intake})::int
),
s2 as (
  select s1.*,
    case when s1.handles and r6 < 0.7 then s1.mb else hw.mailbox_id end as lead,
    1 + floor(r9 * ${n.handlers})::int as hi
  from s1 join bench_handlers_w hw on hw.i = 1 + floor(r7 * ${n.handlersW})::int
),
s4 as (
  -- co-handlers: the next two mailboxes in the distinct handler list, skipping the lead
  select s2.*,
    case when nco >= 1 then case when h1.mailbox_id = lead then h2.mailbox_id else h1.mailbox_id end end as co1,
    case when nco >= 2 then case when h1.mailbox_id = lead or h2.mailbox_id = lead then h3.mailbox_id else h2.mailbox_id end end as co2,
    case when rejected then created + accept_d * ${DAY} end as reject_at,
    case when not rejected then created + accept_d * ${DAY} end as accepted
  from s2
  join bench_handlers h1 on h1.i = hi
  join bench_handlers h2 on h2.i = 1 + hi % ${n.handlers}
  join bench_handlers h3 on h3.i = 1 + (hi + 1) % ${n.handlers}
),
s5 as (
  select s4.*,
    accepted + assign_d * ${DAY} as assigned,
    accepted + 60 * ${DAY} as due_base,
    accepted + (60 + coalesce(ext, 0)) * ${DAY} as due_final
  from s4
),
s6 as (
  select s5.*,
    case fate
      when 'stuck' then null
      when 'late' then due_final + (3 + 37 * r11) * ${DAY}
      else assigned + 2 * ${DAY} + (due_final - assigned - 2.5 * ${DAY}) * r11 end as lead_reply,
    case when nco >= 1 then assigned + 2 * ${DAY} + (due_final - assigned - 2 * ${DAY}) * 1.1 * r12 end as co1_reply,
    case when nco >= 2 then assigned + 2 * ${DAY} + (due_final - assigned - 2 * ${DAY}) * r27 end as co2_reply
  from s5
),
s7 as (
  select s6.*,
    case when lead_reply is not null and r13 < 0.75 then lead_reply + (0.5 + 19.5 * r15) * ${DAY} end as rated_at,
    case when r14 < 0.65 then 'satisfied' when r14 < 0.90 then 'basic' else 'unsatisfied' end as sat,
    case when (fate <> 'ok' and r22 < 0.6) or (fate = 'ok' and r22 < 0.02) then
      case when fate = 'ok' then assigned + (lead_reply - assigned) * 0.6 else due_final + (1 + 1.5 * r23) * ${DAY} end end as supervise_at
  from s6
)
select
  g as id, created, mb, lead, co1, co2, rejected, reject_at, accepted, assigned, due_base, due_final, ext,
  case when ext is not null then assigned + ${DAY} end as ext_at,
  case when not rejected and r20 < 0.5 then accepted + assign_d * 0.5 * ${DAY} end as propose_at,
  case when not rejected and r21 < 0.1 then assigned + 0.5 * ${DAY} end as instruct_at,
  lead_reply, co1_reply, co2_reply, rated_at,
  case when rated_at is not null then sat end as sat,
  supervise_at,
  case when supervise_at is not null and (fate <> 'stuck' or r28 < 0.7) then supervise_at + (0.5 + 2.5 * r23) * ${DAY} end as feedback_at,
  case when rated_at is not null and sat = 'unsatisfied' and r16 < 0.5 then rated_at + (1 + 4 * r17) * ${DAY} end as review_at,
  case when rated_at is not null and sat = 'unsatisfied' and r16 < 0.5 then rated_at + (6 + 20 * r18) * ${DAY} + 4 * r17 * ${DAY} end as answer_at,
  case
    when lead_reply is null then null
    when rated_at is null then lead_reply + (30 + 15 * r19) * ${DAY}
    when sat = 'unsatisfied' and r16 >= 0.5 then rated_at + (20 + 15 * r19) * ${DAY}
  end as close_admin_at,
  ${o.firstCitizenId} + floor(r24 * ${o.citizens})::bigint as petitioner,
  r25 < 0.3 as public,
  case when r26 < 0.65 then 'mailbox' when r26 < 0.80 then 'mobile' when r26 < 0.95 then 'hotline' else 'live' end as channel,
  -- the first categories (construction, transport, education …) are the most frequent
  1 + least(16, floor(power(r29, 1.6) * 17)::int) as cat
from s7`);
}

/** Every case with its state as of `now`, exactly as the workflow would have stored it. */
export function petitionsSql(o: LoadOptions) {
  const now = `timestamptz '${o.now.toISOString()}'`;
  // Steps that have happened by now (a satisfied or basic rating and a review answer close the
  // case without a separate close step).
  const cols = ["created", "reject_at", "accepted", "propose_at", "assigned", "ext_at", "instruct_at", "supervise_at", "feedback_at",
    "co1_reply", "co2_reply", "lead_reply", "rated_at", "review_at", "answer_at", "close_admin_at"];
  const seq = cols.map((c) => `coalesce((c.${c} <= ${now})::int, 0)`).join(" + ");
  const updated = `greatest(${cols.map((c) => `case when c.${c} <= ${now} then c.${c} end`).join(", ")})`;
  return sql.raw(`
insert into petitions (id, tracking_no, query_code_hash, mailbox_id, petitioner_id, title, body, body_html, category, channel,
  status, public, due_at, warn_at, light_at, accepted_at, replied_at, closed_at, extended_days, satisfaction, rated_at,
  review_requested_at, proposed_opinion, instruction, supervision_mailbox_id, supervised_at, supervised_count, seq,
  created_at, updated_at)
overriding system value
select c.id,
  'HY' || to_char(c.created at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad((c.id % 1000000)::text, 6, '0'),
  md5(c.id::text) || md5(c.id::text || 'q'),
  c.mb, c.petitioner,
  '关于' || (${CATEGORY_WORDS})[c.cat] || '问题的反映（第' || c.id || '号）',
  '尊敬的领导：我所在小区附近的问题已经持续较长时间，影响居民正常生活，恳请有关部门尽快核实处理。编号' || c.id,
  '<p>尊敬的领导：我所在小区附近的问题已经持续较长时间，影响居民正常生活，恳请有关部门尽快核实处理。编号' || c.id || '</p>',
  (${CATEGORIES})[c.cat], c.channel, x.status, c.public,
  d.due_at, d.warn_at, d.light_at,
  case when c.accepted <= ${now} then c.accepted end,
  case when c.lead_reply <= ${now} then c.lead_reply end,
  case when x.status in ('closed', 'rejected') then x.closed_at end,
  case when c.ext_at <= ${now} then c.ext end,
  case when c.rated_at <= ${now} then c.sat end,
  case when c.rated_at <= ${now} then c.rated_at end,
  case when c.review_at <= ${now} then c.review_at end,
  case when c.propose_at <= ${now} then '建议交由主管部门核实办理，并在时限内答复来信人。' end,
  case when c.instruct_at <= ${now} then '请认真核实，依法依规办理。' end,
  case when x.open and c.supervise_at <= ${now} and coalesce(c.feedback_at > ${now}, true) then c.lead end,
  case when x.open and c.supervise_at <= ${now} and coalesce(c.feedback_at > ${now}, true) then c.supervise_at end,
  case when c.supervise_at <= ${now} then 1 else 0 end,
  ${seq},
  c.created,
  ${updated}
from bench_cases c
cross join lateral (
  select s.status, s.status not in ('closed', 'rejected') as open,
    case when s.status = 'rejected' then c.reject_at
         when c.answer_at <= ${now} then c.answer_at
         when c.close_admin_at <= ${now} then c.close_admin_at
         else c.rated_at end as closed_at
  from (select case
    when c.rejected then case when c.reject_at <= ${now} then 'rejected' else 'submitted' end
    when c.accepted > ${now} then 'submitted'
    when c.assigned > ${now} then 'accepted'
    when c.lead_reply is null or c.lead_reply > ${now} then 'assigned'
    when c.answer_at <= ${now} or c.close_admin_at <= ${now} or (c.rated_at <= ${now} and c.sat <> 'unsatisfied') then 'closed'
    when c.review_at <= ${now} then 'reviewing'
    else 'replied' end as status) s
) x
cross join lateral (
  select c.due_base + case when c.ext_at <= ${now} then c.ext else 0 end * interval '1 day' as due_now
) dn
cross join lateral (
  select
    case x.status
      when 'submitted' then c.created + 15 * interval '1 day'
      when 'accepted' then c.accepted + 60 * interval '1 day'
      when 'reviewing' then c.review_at + 30 * interval '1 day'
      when 'assigned' then dn.due_now
      when 'replied' then dn.due_now
    end as due_at,
    case x.status
      when 'submitted' then c.created + 12 * interval '1 day'
      when 'accepted' then c.accepted + 48 * interval '1 day'
      when 'reviewing' then c.review_at + 24 * interval '1 day'
      when 'assigned' then dn.due_now - greatest((dn.due_now - c.assigned) * 0.2, interval '3 days')
      when 'replied' then dn.due_now - greatest((dn.due_now - c.assigned) * 0.2, interval '3 days')
    end as warn_at,
    case when x.status = 'replied'
      and not (c.co1_reply is not null and c.co1_reply > ${now})
      and not (c.co2_reply is not null and c.co2_reply > ${now})
      then c.lead_reply end as light_at
) d
order by c.id`);
}

/** The lead and co-handler assignments made by now, replied or still open. */
export function assignmentsSql(o: LoadOptions) {
  const now = `timestamptz '${o.now.toISOString()}'`;
  return sql.raw(`
insert into petition_assignments (petition_id, mailbox_id, lead, status, assigned_at, due_at, warn_at, replied_at, reply_body, reply_html, replied_by)
select c.id, a.mailbox_id, a.lead,
  case when a.replied_at <= ${now} then 'replied' else 'open' end,
  c.assigned, dn.due_now,
  dn.due_now - greatest((dn.due_now - c.assigned) * 0.2, interval '3 days'),
  case when a.replied_at <= ${now} then a.replied_at end,
  case when a.replied_at <= ${now} then '经核查，已责成相关单位于本月内整改完毕，感谢您的监督。' end,
  case when a.replied_at <= ${now} then '<p>经核查，已责成相关单位于本月内整改完毕，感谢您的监督。</p>' end,
  case when a.replied_at <= ${now} then ${o.officialId} end
from bench_cases c
cross join lateral (select c.due_base + case when c.ext_at <= ${now} then c.ext else 0 end * interval '1 day' as due_now) dn
cross join lateral (values (c.lead, true, c.lead_reply), (c.co1, false, c.co1_reply), (c.co2, false, c.co2_reply)) a(mailbox_id, lead, replied_at)
where not c.rejected and c.assigned <= ${now} and a.mailbox_id is not null
order by c.id, a.mailbox_id`);
}

/** The timeline: one row per step that has happened, numbered in time order. */
export function eventsSql(o: LoadOptions) {
  const now = `timestamptz '${o.now.toISOString()}'`;
  const admin = o.adminId;
  const off = o.officialId;
  return sql.raw(`
insert into petition_events (petition_id, seq, action, actor_id, actor_role, mailbox_id, note, data, at)
select c.id, e.seq, e.action, e.actor_id, e.actor_role, e.mailbox_id, e.note, e.data, e.at
from bench_cases c
cross join lateral (
  select v.*, row_number() over (order by v.at, v.o)::int as seq
  from (values
    (1, 'submit', c.created, c.petitioner, 'petitioner', c.mb, null::text, jsonb_build_object('channel', c.channel)),
    (2, 'reject', c.reject_at, ${admin}::bigint, 'admin', c.mb, '不属于本平台受理范围，请通过司法途径解决。', null::jsonb),
    (3, 'accept', c.accepted, ${admin}, 'admin', c.mb, null, null),
    (4, 'propose', c.propose_at, ${admin}, 'admin', null, '建议交由主管部门核实办理，并在时限内答复来信人。', null),
    (5, 'assign', c.assigned, ${admin}, 'admin', c.lead, null,
       jsonb_build_object('mailboxIds', to_jsonb(array_remove(array[c.lead::text, c.co1::text, c.co2::text], null)), 'leadMailboxId', c.lead::text)),
    (6, 'extend', c.ext_at, ${admin}, 'admin', c.lead, '情况复杂，需要多部门会商。', jsonb_build_object('days', c.ext)),
    (7, 'instruct', c.instruct_at, ${off}, 'leader', c.lead, '请认真核实，依法依规办理。', null),
    (8, 'supervise', c.supervise_at, ${admin}, 'admin', c.lead, '请加快办理进度，按时答复。', null),
    (9, 'feedback', c.feedback_at, ${off}, 'handler', c.lead, '已召开专题会议研究，正在抓紧办理。', null),
    (10, 'reply', c.co1_reply, ${off}, 'handler', c.co1, '协办意见：已配合主办单位完成现场核查。', '{"lead": false}'::jsonb),
    (11, 'reply', c.co2_reply, ${off}, 'handler', c.co2, '协办意见：已配合主办单位完成现场核查。', '{"lead": false}'::jsonb),
    (12, 'reply', c.lead_reply, ${off}, 'handler', c.lead, '经核查，已责成相关单位于本月内整改完毕，感谢您的监督。', '{"lead": true}'::jsonb),
    (13, 'rate', c.rated_at, c.petitioner, 'petitioner', null, null, jsonb_build_object('satisfaction', c.sat)),
    (14, 'review', c.review_at, c.petitioner, 'petitioner', null, '对答复不满意，申请复查。', null),
    (15, 'reply', c.answer_at, ${off}, 'leader', c.lead, '复查意见：维持原答复意见。', '{"review": true}'::jsonb),
    (16, 'close', c.close_admin_at, ${admin}, 'admin', null, null, null)
  ) v(o, action, at, actor_id, actor_role, mailbox_id, note, data)
  where v.at is not null and v.at <= ${now}
) e
order by c.id, e.seq`);
}

export async function exec(db: Db, q: ReturnType<typeof sql.raw>) {
  return db.execute(q);
}
