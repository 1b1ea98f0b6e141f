// /commitments — the year's "ten practical things" (十件实事): the ten places in order, each with
// its owner mailbox, budget, progress bar and followers; then proposals and dropped ones; a year
// switcher (plain links) and the list's average progress over time (recharts).
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listCommitments, yearProgressSeries } from "~/.server/commitments/service";
import { forPage } from "~/.server/http";
import { isModerator, isOfficial } from "~/domain/auth/types";
import type { CommitmentSummary } from "~/domain/commitments/types";
import { CommitmentHead, Fact, OwnerAndBudget, ProgressBar, ProgressChart, shortDay, type ChartPoint } from "~/domain/commitments/ui";
import { getT } from "~/i18n";
import styles from "~/styles/commitments.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

/** The list's average progress after each change (the last change of a day stands for the day). */
function averageOverTime(items: CommitmentSummary[], series: { commitmentId: string; progress: number; at: string }[]): ChartPoint[] {
  const tracked = items.filter((c) => c.status === "adopted" || c.status === "done");
  if (!tracked.length) return [];
  const current = new Map(tracked.map((c) => [c.id, 0]));
  const byDay = new Map<string, number>();
  for (const p of series) {
    if (!current.has(p.commitmentId)) continue;
    current.set(p.commitmentId, p.progress);
    const sum = [...current.values()].reduce((a, b) => a + b, 0);
    byDay.set(shortDay(p.at), Math.round(sum / current.size));
  }
  return [...byDay].map(([label, value]) => ({ label, value }));
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const url = new URL(request.url);
  const list = await forPage(context, () => listCommitments(app, { year: url.searchParams.get("year") }));
  const series = await yearProgressSeries(app, list.year);
  const t = getT(lang);
  const years = [...new Set([list.year, ...list.years])].sort((a, b) => b - a);
  return {
    ...list,
    years,
    chart: averageOverTime(list.items, series),
    canCreate: isOfficial(viewer) || isModerator(viewer),
    title: `${t("commitments.list.title", { year: list.year })} · ${t("brand.name")}`,
  };
}

function CommitmentCard({ c }: { c: CommitmentSummary }) {
  const { t } = useTranslation();
  const titleId = `cm-title-${c.id}`;
  return (
    <li className="cm-card" data-testid="commitment-card" data-commitment-id={c.id} aria-labelledby={titleId}>
      <CommitmentHead ordinal={c.ordinal} status={c.status}>
        <h3 className="cm-card__title" id={titleId}>
          <Link to={`/commitments/${c.id}`}>{c.title}</Link>
        </h3>
      </CommitmentHead>
      <dl className="cm-facts">
        <OwnerAndBudget c={c} />
        <Fact label={t("commitments.facts.followers")}>{t("commitments.facts.followerCount", { count: c.followers })}</Fact>
      </dl>
      <ProgressBar value={c.progress} label={t("commitments.facts.progressOf", { title: c.title })} />
    </li>
  );
}

export default function CommitmentsIndex() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const listed = d.items.filter((c) => c.status === "adopted" || c.status === "done");
  const proposed = d.items.filter((c) => c.status === "proposed");
  const dropped = d.items.filter((c) => c.status === "dropped");
  return (
    <div className="stack cm-page">
      <div className="page-header">
        <div>
          <h1>{t("commitments.list.title", { year: d.year })}</h1>
          <p className="meta">{t("commitments.list.lead")}</p>
        </div>
        {d.canCreate ? (
          <Link to="/commitments/new" className="btn btn--primary">
            {t("commitments.list.create")}
          </Link>
        ) : null}
      </div>
      {d.years.length > 1 ? (
        <nav className="tabs" aria-label={t("commitments.list.years")}>
          <ul>
            {d.years.map((y) => (
              <li key={y}>
                <Link to={`/commitments?year=${y}`} aria-current={y === d.year ? "page" : undefined}>
                  {t("commitments.list.yearTab", { year: y })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <section aria-labelledby="cm-listed">
        <h2 id="cm-listed" className="section-title">
          {t("commitments.list.listed", { count: listed.length })}
        </h2>
        {listed.length ? (
          <ol className="cm-cards">
            {listed.map((c) => (
              <CommitmentCard key={c.id} c={c} />
            ))}
          </ol>
        ) : (
          <p className="empty">{t("commitments.list.none", { year: d.year })}</p>
        )}
      </section>
      {d.chart.length ? (
        <section aria-labelledby="cm-chart">
          <h2 id="cm-chart" className="section-title">
            {t("commitments.chart.yearTitle")}
          </h2>
          <ProgressChart
            id="commitments-year"
            points={d.chart}
            title={t("commitments.chart.yearCaption", { year: d.year })}
            alt={t("commitments.chart.yearAlt", { year: d.year, last: d.chart.at(-1)?.value ?? 0 })}
            valueLabel={t("commitments.chart.average")}
          />
        </section>
      ) : null}
      {proposed.length ? (
        <section aria-labelledby="cm-proposed">
          <h2 id="cm-proposed" className="section-title">
            {t("commitments.list.proposed")}
          </h2>
          <p className="meta">{t("commitments.list.proposedLead")}</p>
          <ul className="cm-cards">
            {proposed.map((c) => (
              <CommitmentCard key={c.id} c={c} />
            ))}
          </ul>
        </section>
      ) : null}
      {dropped.length ? (
        <section aria-labelledby="cm-dropped">
          <h2 id="cm-dropped" className="section-title">
            {t("commitments.list.dropped")}
          </h2>
          <ul className="cm-cards">
            {dropped.map((c) => (
              <CommitmentCard key={c.id} c={c} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
