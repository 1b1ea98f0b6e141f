// /stats/assessment — the public assessment (考核): one row per mailbox for a period, sortable by
// any column (links, so it works without JavaScript), ranks, two charts, the CSV download and a
// drill-down to each mailbox's cases. Definitions: app/.server/petitions/assessment.ts.
// (The file is `_index` so that /stats/assessment/:mailboxId is a sibling page, not a child.)
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from "recharts";
import { assessment, assessmentMonthly } from "~/.server/petitions/assessment";
import {
  ASSESSMENT_MAX_YEARS,
  assessmentColumns,
  betterDir,
  parseSort,
  rankActive,
  shanghaiYear,
  type AssessmentColumn,
  type AssessmentItem,
  type MonthPoint,
} from "~/domain/petitions/assessment";
import { isAppError } from "~/.server/errors";
import { translateError, type TranslatedError } from "~/.server/http";
import { MailboxName } from "~/components/Petitions";
import { FilterNotes, FilterSelect, PeriodDateFields, PeriodPresets, PeriodSummary } from "~/components/PeriodFilter";
import { getT, type Lang } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const CHART_COUNT = 15;
const RECEIVED_COLOUR = "#a8201a";
const REPLIED_COLOUR = "#1c4f8a";

interface Values {
  from: string;
  to: string;
  tier: string;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams;
  const t = getT(context.lang);
  const title = `${t("assessment.title")} · ${t("brand.name")}`;
  const values: Values = { from: q.get("from") ?? "", to: q.get("to") ?? "", tier: q.get("tier") ?? "" };
  const { sort, dir } = parseSort(q.get("sort"), q.get("dir"));
  const thisYear = shanghaiYear(context.app.now());
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
  try {
    const input = { from: values.from, to: values.to, tier: values.tier };
    const [result, monthly] = await Promise.all([assessment(context.app, input), assessmentMonthly(context.app, input)]);
    const { ranked, quiet } = rankActive(result.items, sort, dir);
    return {
      title,
      years,
      values: { ...values, from: result.from, to: result.to },
      sort,
      dir,
      error: null as TranslatedError | null,
      result: { from: result.from, to: result.to, generatedAt: result.generatedAt },
      rows: ranked,
      quiet,
      monthly,
    };
  } catch (e) {
    if (!isAppError(e) || e.status !== 400) throw e;
    return data(
      { title, years, values, sort, dir, error: translateError(e, context.lang), result: null, rows: [], quiet: [] as AssessmentItem[], monthly: [] as MonthPoint[] },
      { status: 400 },
    );
  }
}

function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const percent = new Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const days = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(lang);
  return (col: AssessmentColumn, v: number | null) => {
    if (v === null) return "—";
    if (col === "onTimeRate" || col === "satisfactionRate") return percent.format(v);
    if (col === "avgDaysToReply") return days.format(v);
    return count.format(v);
  };
}

function query(values: Values, extra: Record<string, string>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) p.set(k, v);
  return `?${p.toString()}`;
}

const mailboxLabel = (m: AssessmentItem["mailbox"], lang: string) => (lang === "en" && m.nameEn ? m.nameEn : m.name);
const short = (s: string, n = 14) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A category label drawn as plain SVG text: recharts' own Text measures words in the browser to
 * wrap them, which would make the hydrated chart differ from the server's.
 */
function NameTick({ x, y, payload }: { x?: number; y?: number; payload?: { value?: string } }) {
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={12} fill="#555b63">
      {payload?.value ?? ""}
    </text>
  );
}

/** A value label under the x axis, as plain SVG text (see NameTick). */
function BottomTick({ x, y, payload, unit = "" }: { x?: number; y?: number; payload?: { value?: string | number }; unit?: string }) {
  return (
    <text x={x} y={y} dy={12} textAnchor="middle" fontSize={12} fill="#555b63">
      {`${payload?.value ?? ""}${unit}`}
    </text>
  );
}

/** On-time rate of the best or worst mailboxes (those with at least one reply). */
function OnTimeChart({ id, rows, title }: { id: string; rows: AssessmentItem[]; title: string }) {
  const { t, i18n } = useTranslation();
  const chartData = rows.map((r) => ({ name: short(mailboxLabel(r.mailbox, i18n.language)), rate: Math.round((r.onTimeRate ?? 0) * 1000) / 10 }));
  const height = 40 + rows.length * 26;
  return (
    <figure className="assessment-chart">
      <figcaption className="assessment-chart__title">{title}</figcaption>
      <div role="img" aria-label={t("assessment.charts.onTimeAlt", { title })} className="assessment-chart__canvas">
        <BarChart id={id} width={560} height={height} data={chartData} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, 100]} tick={<BottomTick unit="%" />} interval={0} />
          <YAxis type="category" dataKey="name" width={190} tick={<NameTick />} interval={0} />
          <Bar dataKey="rate" name={t("assessment.charts.rate")} fill="#1e6b35" isAnimationActive={false} />
        </BarChart>
      </div>
    </figure>
  );
}

function MonthlyChart({ points, from, to }: { points: MonthPoint[]; from: string; to: string }) {
  const { t } = useTranslation();
  const title = t("assessment.charts.monthly");
  return (
    <figure className="assessment-chart assessment-chart--wide">
      <figcaption className="assessment-chart__title">{title}</figcaption>
      <div role="img" aria-label={t("assessment.charts.monthlyAlt", { from, to })} className="assessment-chart__canvas assessment-chart__canvas--time">
        <BarChart id="assessment-monthly" width={960} height={280} data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          {/* Fixed intervals: recharts would otherwise measure labels in the browser to thin them out,
              and the hydrated chart would differ from the server's. */}
          <XAxis dataKey="month" tick={<BottomTick />} interval={Math.max(0, Math.ceil(points.length / 12) - 1)} />
          <YAxis allowDecimals={false} tick={<NameTick />} interval={0} />
          <Bar dataKey="received" name={t("assessment.columns.received")} fill={RECEIVED_COLOUR} isAnimationActive={false} />
          <Bar dataKey="replied" name={t("assessment.columns.replied")} fill={REPLIED_COLOUR} isAnimationActive={false} />
        </BarChart>
      </div>
      <ul className="assessment-legend" aria-hidden="true">
        <li>
          <span className="assessment-legend__swatch" style={{ background: RECEIVED_COLOUR }} />
          {t("assessment.columns.received")}
        </li>
        <li>
          <span className="assessment-legend__swatch" style={{ background: REPLIED_COLOUR }} />
          {t("assessment.columns.replied")}
        </li>
      </ul>
      <details className="assessment-chart__data">
        <summary>{t("assessment.charts.monthlyData")}</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("assessment.charts.monthlyAlt", { from, to })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("assessment.charts.month")}</th>
                <th scope="col">{t("assessment.columns.received")}</th>
                <th scope="col">{t("assessment.columns.replied")}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.month}>
                  <th scope="row">{p.month}</th>
                  <td className="num">{p.received}</td>
                  <td className="num">{p.replied}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export default function AssessmentPage() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const values = d.values;
  const errors = d.error?.fields ?? {};
  const rated = d.rows.map((r) => r.item).filter((r) => r.onTimeRate !== null);
  const quiet = d.quiet;
  const byRate = [...rated].sort((a, b) => b.onTimeRate! - a.onTimeRate! || b.replied - a.replied);
  const top = byRate.slice(0, CHART_COUNT);
  const bottom = byRate.slice(-CHART_COUNT).reverse();
  const csvHref = `/api/v1/stats/assessment.csv${query({ from: values.from, to: values.to, tier: values.tier }, { sort: d.sort, dir: d.dir, lang: i18n.language })}`;
  const sortHref = (col: AssessmentColumn) =>
    query(values, { sort: col, dir: d.sort === col ? (d.dir === "asc" ? "desc" : "asc") : betterDir[col] });
  const dirWord = d.dir === "asc" ? t("assessment.sortedAsc") : t("assessment.sortedDesc");
  const tierOptions = [{ value: "", label: t("assessment.allTiers") }, ...(["city", "county", "town"] as const).map((tier) => ({ value: tier, label: t(`tiers.${tier}`) }))];

  return (
    <div className="stack assessment">
      <h1>{t("assessment.title")}</h1>
      <p className="muted">{t("assessment.lead")}</p>

      <PeriodPresets
        label={t("assessment.presets")}
        presets={d.years.map((y) => {
          const from = `${y}-01-01`;
          const to = `${y}-12-31`;
          return {
            key: y,
            to: query({ from, to, tier: values.tier }, { sort: d.sort, dir: d.dir }),
            label: t("assessment.yearPreset", { year: y }),
            current: values.from === from && values.to === to,
          };
        })}
      />

      <Form method="get" className="assessment-filter row" aria-label={t("assessment.period")}>
        <PeriodDateFields idPrefix="assessment" labels={{ from: t("assessment.from"), to: t("assessment.to") }} values={values} errors={errors} />
        <FilterSelect id="assessment-tier" name="tier" label={t("assessment.tier")} defaultValue={values.tier} invalid={Boolean(errors.tier)} describedBy={errors.tier ? "assessment-tier-error" : undefined} options={tierOptions} />
        <input type="hidden" name="sort" value={d.sort} />
        <input type="hidden" name="dir" value={d.dir} />
        <button type="submit" className="btn btn--primary">
          {t("assessment.apply")}
        </button>
        <FilterNotes
          idPrefix="assessment"
          note={t("assessment.periodNote", { years: ASSESSMENT_MAX_YEARS })}
          fields={(["from", "tier", "to"] as const).map((f) => ({ name: f, label: t(`assessment.${f}`), error: errors[f] }))}
        />
      </Form>

      {d.error ? (
        <p className="form-error" role="alert">
          {d.error.message}
        </p>
      ) : null}

      {d.result ? (
        <>
          <PeriodSummary
            label={t("assessment.period")}
            value={t("assessment.periodValue", { from: d.result.from, to: d.result.to })}
            count={t("assessment.count", { count: d.rows.length + d.quiet.length })}
            asOf={t("assessment.asOf")}
            generatedAt={d.result.generatedAt}
          >
            <a className="btn btn--secondary btn--small" href={csvHref} download>
              {t("assessment.csv")}
            </a>
          </PeriodSummary>

          <section className="assessment-charts" aria-label={t("assessment.charts.label")}>
            {top.length ? (
              <>
                <OnTimeChart id="assessment-top" rows={top} title={t("assessment.charts.onTimeTop", { count: top.length })} />
                <OnTimeChart id="assessment-bottom" rows={bottom} title={t("assessment.charts.onTimeBottom", { count: bottom.length })} />
              </>
            ) : (
              <p className="muted">{t("assessment.charts.noData")}</p>
            )}
            <MonthlyChart points={d.monthly} from={d.result.from} to={d.result.to} />
          </section>

          {d.rows.length === 0 ? (
            <p className="muted">{t(d.quiet.length === 0 ? "assessment.empty" : "assessment.quiet.noneActive")}</p>
          ) : (
            <div className="table-wrap">
              <table className="table assessment-table">
                <caption className="visually-hidden">
                  {t("assessment.tableCaption", { from: d.result.from, to: d.result.to, column: t(`assessment.columns.${d.sort}`), dir: dirWord })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("assessment.rank")}</th>
                    <th scope="col">{t("assessment.mailbox")}</th>
                    {assessmentColumns.map((col) => (
                      <th key={col} scope="col" className="num" aria-sort={d.sort === col ? (d.dir === "asc" ? "ascending" : "descending") : undefined}>
                        <Link to={sortHref(col)} title={t("assessment.sortBy", { column: t(`assessment.columns.${col}`) })}>
                          {t(`assessment.columns.${col}`)}
                          {d.sort === col ? <span aria-hidden="true">{d.dir === "asc" ? " ▲" : " ▼"}</span> : null}
                        </Link>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map(({ item, rank }) => (
                    <tr key={item.mailboxId}>
                      <td className="num">{rank ?? t("assessment.noRank")}</td>
                      <th scope="row">
                        <Link to={`/stats/assessment/${item.mailboxId}${query({ from: d.result!.from, to: d.result!.to, tier: "" }, {})}`}>
                          <MailboxName mailbox={item.mailbox} />
                        </Link>
                        <div className="meta">{t(`tiers.${item.mailbox.tier}`)}</div>
                      </th>
                      {assessmentColumns.map((col) => (
                        <td key={col} className="num">
                          {fmt(col, item[col])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {quiet.length ? (
            // A city has hundreds of town mailboxes; most have nothing in a short period. They are
            // listed, not tabled, so the ranking stays readable (the CSV has every row).
            <details className="assessment-quiet">
              <summary>{t(d.rows.length ? "assessment.quiet.summary" : "assessment.quiet.summaryAll", { count: quiet.length })}</summary>
              <ul className="assessment-quiet__list">
                {quiet.map((item) => (
                  <li key={item.mailboxId}>
                    <Link to={`/stats/assessment/${item.mailboxId}${query({ from: d.result!.from, to: d.result!.to, tier: "" }, {})}`}>
                      <MailboxName mailbox={item.mailbox} />
                    </Link>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}

      <section className="assessment-definitions" aria-labelledby="assessment-definitions-title">
        <h2 id="assessment-definitions-title">{t("assessment.definitionsTitle")}</h2>
        <p className="muted">{t("assessment.definitionsLead")}</p>
        <dl>
          {assessmentColumns.map((col) => (
            <div key={col}>
              <dt>{t(`assessment.columns.${col}`)}</dt>
              <dd>{t(`assessment.definitions.${col}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
