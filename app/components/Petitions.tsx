// Building blocks shared by every petitions page: lights, statuses, the timeline, case lists.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { MailboxRef, PetitionListItem, TimelineEntryDto, TrackDto } from "~/domain/petitions/types";
import type { Light, PetitionStatus } from "~/domain/petitions/workflow";
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

/** A list of cases as a table (desk, history, my letters); light first so red stands out. */
export function CaseTable({ items, caption, showMailbox = true }: { items: PetitionListItem[]; caption: string; showMailbox?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table case-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("petitionList.light")}</th>
            <th scope="col">{t("petition.trackingNo")}</th>
            <th scope="col">{t("petitionList.title")}</th>
            <th scope="col">{t("petitionList.status")}</th>
            {showMailbox ? <th scope="col">{t("petitionList.mailbox")}</th> : null}
            <th scope="col">{t("petition.due")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id} className={`case-row--${p.light}`}>
              <td>
                <LightBadge light={p.light} short />
              </td>
              <td className="meta">{p.trackingNo}</td>
              <td>
                <Link className="case-title" to={`/petitions/${p.id}`}>
                  {p.title}
                </Link>
                <div className="meta">
                  {t(`petition.category.${p.category}`)} · {t(`petition.channel.${p.channel}`)}
                  {p.supervised ? ` · ${t("petition.action.supervise")}` : ""}
                </div>
              </td>
              <td>
                <StatusBadge status={p.status} />
              </td>
              {showMailbox ? (
                <td>
                  <MailboxName mailbox={p.mailbox} />
                </td>
              ) : null}
              <td className="meta">{p.dueAt ? <Time iso={p.dueAt} /> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
