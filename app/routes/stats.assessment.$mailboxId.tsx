// /stats/assessment/:mailboxId?from=&to= — the drill-down of the assessment: the mailbox's figures
// for the period and the cases counted in its "received", newest first, keyset-paged. Public and
// impersonal: a case's title only when it is published, otherwise its category.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { assessment, assessmentCases } from "~/.server/petitions/assessment";
import { isAppError } from "~/.server/errors";
import { forPage, idParam, translateError } from "~/.server/http";
import { LightBadge, StatusBadge } from "~/components/Petitions";
import { Time } from "~/components/Time";
import { assessmentColumns, type AssessmentColumn } from "~/domain/petitions/assessment";
import { getT, type Lang } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams;
  const t = getT(context.lang);
  const id = await forPage(context, async () => idParam(params.mailboxId));
  const input = { from: q.get("from"), to: q.get("to"), cursor: q.get("cursor"), limit: 20 };
  try {
    const [page, figures] = await Promise.all([
      assessmentCases(context.app, id, input),
      assessment(context.app, { from: input.from, to: input.to, mailboxId: id }),
    ]);
    const name = context.lang === "en" && page.mailbox.nameEn ? page.mailbox.nameEn : page.mailbox.name;
    return {
      title: `${t("assessment.drill.title", { mailbox: name })} · ${t("brand.name")}`,
      error: null,
      page,
      item: figures.items[0] ?? null,
      cursor: input.cursor,
    };
  } catch (e) {
    if (isAppError(e) && e.status === 400) {
      return data({ title: t("assessment.title"), error: translateError(e, context.lang), page: null, item: null, cursor: null }, { status: 400 });
    }
    return forPage(context, () => Promise.reject(e));
  }
}

const periodQuery = (from: string, to: string, extra: Record<string, string> = {}) => `?${new URLSearchParams({ from, to, ...extra }).toString()}`;

export default function AssessmentMailboxPage() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const percent = new Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const decimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const fmt = (col: AssessmentColumn, v: number | null) =>
    v === null ? "—" : col === "onTimeRate" || col === "satisfactionRate" ? percent.format(v) : col === "avgDaysToReply" ? decimal.format(v) : String(v);

  if (!d.page) {
    return (
      <div className="stack">
        <p>
          <Link to="/stats/assessment">{t("assessment.drill.back")}</Link>
        </p>
        <p className="form-error" role="alert">
          {d.error?.message}
          {d.error?.fields ? ` ${Object.values(d.error.fields).join(" ")}` : ""}
        </p>
      </div>
    );
  }
  const { page, item } = d;
  const mailboxName = lang === "en" && page.mailbox.nameEn ? page.mailbox.nameEn : page.mailbox.name;
  return (
    <div className="stack assessment">
      <p>
        <Link to={`/stats/assessment${periodQuery(page.from, page.to)}`}>{t("assessment.drill.back")}</Link>
      </p>
      <h1>{t("assessment.drill.title", { mailbox: mailboxName })}</h1>
      <p className="meta">
        {t(`tiers.${page.mailbox.tier}`)} · {t(`petition.kind.${page.mailbox.kind}`)} · {t("form.labelled", { label: t("assessment.period") })}
        {t("assessment.periodValue", { from: page.from, to: page.to })}
      </p>
      <p className="muted">{t("assessment.drill.lead", { from: page.from, to: page.to })}</p>

      {item ? (
        <section aria-labelledby="assessment-summary-title">
          <h2 id="assessment-summary-title">{t("assessment.drill.summary")}</h2>
          <dl className="assessment-figures">
            {assessmentColumns.map((col) => (
              <div key={col}>
                <dt>{t(`assessment.columns.${col}`)}</dt>
                <dd>{fmt(col, item[col])}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      {page.items.length === 0 ? (
        <p className="muted">{t("assessment.drill.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table case-table">
            <caption className="visually-hidden">{t("assessment.drill.caption", { mailbox: mailboxName, from: page.from, to: page.to })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("assessment.drill.light")}</th>
                <th scope="col">{t("assessment.drill.trackingNo")}</th>
                <th scope="col">{t("assessment.drill.subject")}</th>
                <th scope="col">{t("assessment.drill.status")}</th>
                <th scope="col">{t("assessment.drill.role")}</th>
                <th scope="col">{t("assessment.drill.receivedAt")}</th>
                <th scope="col">{t("assessment.drill.dueAt")}</th>
                <th scope="col">{t("assessment.drill.repliedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((c) => (
                <tr key={`${c.id}-${c.role}`} className={`case-row--${c.light}`}>
                  <td>
                    <LightBadge light={c.light} short />
                  </td>
                  <td className="meta">{c.trackingNo ?? "—"}</td>
                  <td>
                    {c.title !== null ? (
                      <>
                        <Link className="case-title" to={`/petitions/${c.id}`}>
                          {c.title}
                        </Link>
                        <div className="meta">{t(`petition.category.${c.category}`)}</div>
                      </>
                    ) : (
                      <span className="muted">{t("assessment.drill.unpublished", { category: t(`petition.category.${c.category}`) })}</span>
                    )}
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>{t(`assessment.drill.roles.${c.role}`)}</td>
                  <td className="meta">
                    <Time iso={c.receivedAt} />
                  </td>
                  <td className="meta">{c.dueAt ? <Time iso={c.dueAt} /> : "—"}</td>
                  <td className="meta">
                    {c.repliedAt ? <Time iso={c.repliedAt} /> : "—"}
                    {c.onTime === true ? <div className="assessment-ontime">{t("assessment.drill.onTime")}</div> : null}
                    {c.onTime === false ? <div className="assessment-late">{t("assessment.drill.late")}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {page.nextCursor || d.cursor ? (
        <nav className="pagination" aria-label={t("assessment.drill.pager")}>
          <ul>
            {d.cursor ? (
              <li>
                <Link to={periodQuery(page.from, page.to)}>{t("assessment.drill.first")}</Link>
              </li>
            ) : null}
            {page.nextCursor ? (
              <li>
                <Link to={periodQuery(page.from, page.to, { cursor: page.nextCursor })} rel="next">
                  {t("assessment.drill.next")}
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
