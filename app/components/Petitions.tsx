// Building blocks shared by every petitions page: lights, statuses, the timeline, case lists.
import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { MailboxRef, PetitionListItem, TimelineEntryDto, TrackDto } from "~/domain/petitions/types";
import type { Light, PetitionStatus } from "~/domain/petitions/workflow";
import { dueState } from "~/domain/petitions/desk";
import { Time } from "./Time";

export function LightBadge({ light, short = false }: { light: Light; short?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`light light--${light}`} title={t(`petition.light.${light}`)}>
      {short ? t(`petition.lightShort.${light}`) : t(`petition.light.${light}`)}
    </span>
  );
}

export function StatusBadge({ status }: { status: PetitionStatus }) {
  const { t } = useTranslation();
  return <span className={`status status--${status}`}>{t(`petition.status.${status}`)}</span>;
}

export function MailboxName({ mailbox }: { mailbox: MailboxRef | null }) {
  const { i18n } = useTranslation();
  if (!mailbox) return null;
  return <>{i18n.language === "en" && mailbox.nameEn ? mailbox.nameEn : mailbox.name}</>;
}

type Entry = Pick<TimelineEntryDto, "at" | "action" | "actorRole" | "mailbox"> & Partial<Pick<TimelineEntryDto, "actor" | "note" | "data" | "seq">>;

/** The case's record (有案可查). The full view names people and notes; the public one neither. */
export function Timeline({ entries }: { entries: Entry[] | TrackDto["timeline"] }) {
  const { t } = useTranslation();
  const list = (entries as (Entry | TrackDto["timeline"][number])[]).map((e) =>
    "by" in e ? ({ ...e, actorRole: e.by, action: e.action as Entry["action"] } as Entry) : e,
  );
  return (
    <ol className="timeline">
      {list.map((e, i) => (
        <li key={e.seq ?? i} className="timeline__item">
          <div className="timeline__head">
            <span className="timeline__action">{t(`petition.action.${e.action}`)}</span>
            <span className="meta">
              <Time iso={e.at} />
            </span>
            <span className="meta">
              {e.actor ? `${e.actor.displayName} · ` : ""}
              {t(`petition.actorRole.${e.actorRole}`)}
              {e.mailbox ? (
                <>
                  {" · "}
                  <MailboxName mailbox={e.mailbox} />
                </>
              ) : null}
            </span>
            {e.data && typeof e.data.satisfaction === "string" ? (
              <span className="meta">{t(`petition.satisfaction.${e.data.satisfaction}`)}</span>
            ) : null}
            {e.data && typeof e.data.days === "number" ? <span className="meta">+{e.data.days}</span> : null}
          </div>
          {e.note ? <div className="timeline__note">{e.note}</div> : null}
        </li>
      ))}
    </ol>
  );
}

/** "N days left" / "overdue by N days" for a deadline, at the server's `now` (same text on both sides). */
export function DueLeft({ dueAt, now, light }: { dueAt: string | null; now: string; light?: Light }) {
  const { t } = useTranslation();
  const state = dueState(dueAt, now);
  if (!state || light === "none") return null;
  return (
    <span className={`due-left due-left--${state.kind}`}>
      {state.kind === "left" ? t("casePage.daysLeft", { count: state.days }) : t("casePage.overdue", { count: state.days })}
    </span>
  );
}

export interface CaseColumn<T> {
  header: string;
  cell: (item: T) => ReactNode;
}

/**
 * A list of cases as a table (desk, history, my letters); light first so red stands out.
 * `now` adds "N days left" under each deadline; `changed` marks rows that just changed (live
 * lists); `columns` adds columns at the end (the supervision board's).
 */
export function CaseTable<T extends PetitionListItem>({
  items,
  caption,
  showMailbox = true,
  now,
  changed,
  columns = [],
  mailboxHeader,
  mailboxOf,
}: {
  items: T[];
  caption: string;
  showMailbox?: boolean;
  now?: string;
  changed?: readonly string[];
  columns?: CaseColumn<T>[];
  /** Another mailbox column (e.g. the responsible mailbox instead of the addressed one). */
  mailboxHeader?: string;
  mailboxOf?: (item: T) => MailboxRef | null;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      {/* Explicit roles: on phones the rows are laid out as cards (CSS display), which must not drop the table semantics. */}
      <table className="table case-table" role="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">{t("petitionList.light")}</th>
            <th role="columnheader" scope="col">{t("petition.trackingNo")}</th>
            <th role="columnheader" scope="col">{t("petitionList.title")}</th>
            <th role="columnheader" scope="col">{t("petitionList.status")}</th>
            {showMailbox ? <th role="columnheader" scope="col">{mailboxHeader ?? t("petitionList.mailbox")}</th> : null}
            <th role="columnheader" scope="col">{t("petition.due")}</th>
            {columns.map((c, i) => (
              <th role="columnheader" scope="col" key={i}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {items.map((p) => (
            <tr
              role="row"
              key={p.id}
              className={`case-row--${p.light}${changed?.includes(p.id) ? " case-row--changed" : ""}`}
              data-testid="case-row"
              data-petition-id={p.id}
            >
              <td role="cell">
                <LightBadge light={p.light} short />
              </td>
              <td role="cell" className="meta case-table__no">{p.trackingNo}</td>
              <td role="cell" className="case-table__title">
                <Link className="case-title" to={`/petitions/${p.id}`}>
                  {p.title}
                </Link>
                <div className="meta">
                  {t(`petition.category.${p.category}`)} · {t(`petition.channel.${p.channel}`)}
                  {p.supervised ? ` · ${t("petition.action.supervise")}` : ""}
                  {changed?.includes(p.id) ? <span className="case-row__changed"> · {t("workbench.changed")}</span> : null}
                </div>
              </td>
              <td role="cell">
                <StatusBadge status={p.status} />
              </td>
              {showMailbox ? (
                <td role="cell" data-label={mailboxHeader ?? t("petitionList.mailbox")}>
                  <MailboxName mailbox={mailboxOf ? mailboxOf(p) : p.mailbox} />
                </td>
              ) : null}
              <td role="cell" className="meta" data-label={t("petition.due")}>
                {p.dueAt ? <Time iso={p.dueAt} /> : "—"}
                {now && p.dueAt ? (
                  <>
                    <br />
                    <DueLeft dueAt={p.dueAt} now={now} light={p.light} />
                  </>
                ) : null}
              </td>
              {columns.map((c, i) => (
                <td role="cell" key={i} className="case-table__extra" data-label={c.header}>
                  {c.cell(p)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
