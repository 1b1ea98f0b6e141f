// /stats — public statistics: letters per period by category, tier, county or channel (stacked
// area chart and a breakdown), forum activity (new topics and replies per section), the top of
// the assessment ranking, period presets and a custom period, CSV downloads. Aggregates only.
// Definitions: app/.server/insight/stats.ts. Everything works without JavaScript (links and a
// GET form); the charts are drawn on the server and scale to the screen.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, XAxis, YAxis } from "recharts";
import { volumes } from "~/.server/insight/stats";
import { seriesLabel } from "~/domain/insight/labels";
import { assessment } from "~/.server/petitions/assessment";
import { isAppError } from "~/.server/errors";
import { translateError, type TranslatedError } from "~/.server/http";
import { BottomTick, Legend, LeftTick, PALETTE } from "~/components/InsightCharts";
import { MailboxName } from "~/components/Petitions";
import { FilterNotes, FilterSelect, PeriodDateFields, PeriodPresets, PeriodSummary } from "~/components/PeriodFilter";
import { canSeeInsight } from "~/.server/insight/service";
import { granularities, petitionDimensions, type VolumesResult } from "~/domain/insight/types";
import { rankItems, shanghaiDate } from "~/domain/petitions/assessment";
import { getT } from "~/i18n";
import styles from "~/styles/insight.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const TOP_SERIES = 7;
const ASSESSMENT_ROWS = 10;

interface Values {
  from: string;
  to: string;
  granularity: string;
  by: string;
}

const DAY = 86_400_000;
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The first day of the month `n` months before the month of `date`. */
function monthsBack(date: string, n: number) {
  const [y, m] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1 - n, 1)).toISOString().slice(0, 10);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams;
  const t = getT(context.lang);
  const title = `${t("stats.title")} · ${t("brand.name")}`;
  const values: Values = { from: q.get("from") ?? "", to: q.get("to") ?? "", granularity: q.get("granularity") ?? "", by: q.get("by") ?? "" };
  const today = shanghaiDate(context.app.now());
  const year = today.slice(0, 4);
  const presets = [
    { key: "last30", from: shift(today, -29), to: today, granularity: "day", label: t("stats.preset.last30") },
    { key: "last12m", from: monthsBack(today, 11), to: today, granularity: "month", label: t("stats.preset.last12m") },
    { key: "thisYear", from: `${year}-01-01`, to: `${year}-12-31`, granularity: "month", label: t("stats.preset.thisYear", { year }) },
  ];
  const staff = canSeeInsight(context.viewer);
  try {
    const base = { from: values.from, to: values.to, granularity: values.granularity };
    const [petitions, threads, posts] = await Promise.all([
      volumes(context.app, { ...base, by: values.by, source: "petitions" }),
      volumes(context.app, { ...base, source: "forum", metric: "threads" }),
      volumes(context.app, { ...base, source: "forum", metric: "posts" }),
    ]);
    const ranking = await assessment(context.app, { from: petitions.from, to: petitions.to }).catch((e) => {
      if (isAppError(e)) return null;
      throw e;
    });
    const top = ranking
      ? rankItems(
          ranking.items.filter((i) => i.onTimeRate !== null),
          "onTimeRate",
          "desc",
        ).slice(0, ASSESSMENT_ROWS)
      : [];
    return {
      title,
      presets,
      staff,
      values: { from: petitions.from, to: petitions.to, granularity: petitions.granularity, by: petitions.by },
      error: null as TranslatedError | null,
      petitions,
      threads,
      posts,
      top,
    };
  } catch (e) {
    if (!isAppError(e) || e.status !== 400) throw e;
    return data(
      { title, presets, staff, values, error: translateError(e, context.lang), petitions: null, threads: null, posts: null, top: [] as ReturnType<typeof rankItems> },
      { status: 400 },
    );
  }
}

function query(v: Partial<Values>) {
  const p = new URLSearchParams();
  for (const [k, val] of Object.entries(v)) if (val) p.set(k, val);
  return `?${p.toString()}`;
}

function DataTable({ caption, periods, rows, totalLabel }: { caption: string; periods: string[]; rows: { label: string; values: number[] }[]; totalLabel?: string }) {
  const { t } = useTranslation();
  return (
    <details className="assessment-chart__data">
      <summary>{t("stats.showData")}</summary>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("stats.periodColumn")}</th>
              {rows.map((r) => (
                <th key={r.label} scope="col" className="num">
                  {r.label}
                </th>
              ))}
              {totalLabel ? (
                <th scope="col" className="num">
                  {totalLabel}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {periods.map((p, i) => (
              <tr key={p}>
                <th scope="row">{p}</th>
                {rows.map((r) => (
                  <td key={r.label} className="num">
                    {r.values[i]}
                  </td>
                ))}
                {totalLabel ? <td className="num">{rows.reduce((a, r) => a + r.values[i], 0)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** The top series by total, the rest folded into "other". */
function topSeries(r: VolumesResult, label: (s: VolumesResult["series"][number]) => string, other: string) {
  const head = r.series.slice(0, TOP_SERIES).map((s) => ({ key: s.key, label: label(s), values: s.values, total: s.total }));
  const rest = r.series.slice(TOP_SERIES);
  if (rest.length) {
    head.push({
      key: "__rest",
      label: other,
      values: r.periods.map((_, i) => rest.reduce((a, s) => a + s.values[i], 0)),
      total: rest.reduce((a, s) => a + s.total, 0),
    });
  }
  return head;
}

function PetitionCharts({ r }: { r: VolumesResult }) {
  const { t, i18n } = useTranslation();
  const byLabel = t(`stats.dimensions.${r.by}`);
  const gLabel = t(`stats.granularities.${r.granularity}`);
  const series = topSeries(r, (s) => seriesLabel(r, s, t, i18n.language), t("stats.other"));
  const chartData = r.periods.map((p, i) => Object.fromEntries([["period", p], ...series.map((s) => [s.key, s.values[i]])]));
  const interval = Math.max(0, Math.ceil(r.periods.length / 10) - 1);
  const all = r.series.map((s) => ({ name: seriesLabel(r, s, t, i18n.language), total: s.total }));
  const height = 40 + all.length * 26;
  return (
    <section className="assessment-charts" aria-labelledby="stats-petitions-title">
      <h2 id="stats-petitions-title" className="visually-hidden">
        {t("stats.petitionsTitle")}
      </h2>
      <figure className="assessment-chart assessment-chart--wide">
        <figcaption className="assessment-chart__title">{t("stats.petitionsChart", { by: byLabel })}</figcaption>
        <div role="img" aria-label={t("stats.petitionsAlt", { from: r.from, to: r.to, granularity: gLabel, by: byLabel, count: r.total })} className="assessment-chart__canvas assessment-chart__canvas--time">
          <AreaChart id="stats-petitions" width={960} height={300} data={chartData} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis dataKey="period" tick={<BottomTick />} interval={interval} />
            <YAxis allowDecimals={false} tick={<LeftTick />} interval={0} />
            {series.map((s, i) => (
              <Area key={s.key} type="monotone" dataKey={s.key} name={s.label} stackId="1" stroke={PALETTE[i % PALETTE.length]} fill={PALETTE[i % PALETTE.length]} fillOpacity={0.75} isAnimationActive={false} />
            ))}
          </AreaChart>
        </div>
        <Legend items={series.map((s, i) => ({ label: s.label, colour: PALETTE[i % PALETTE.length] }))} />
        <DataTable caption={t("stats.dataCaption", { title: t("stats.petitionsTitle"), from: r.from, to: r.to })} periods={r.periods} rows={series} totalLabel={t("stats.count")} />
      </figure>
      <figure className="assessment-chart assessment-chart--wide">
        <figcaption className="assessment-chart__title">{t("stats.breakdownTitle", { by: byLabel })}</figcaption>
        {all.length ? (
          <div role="img" aria-label={t("stats.breakdownAlt", { from: r.from, to: r.to })} className="assessment-chart__canvas">
            <BarChart id="stats-breakdown" width={960} height={height} data={all} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
              <CartesianGrid horizontal={false} strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} tick={<BottomTick />} />
              <YAxis type="category" dataKey="name" width={200} tick={<LeftTick />} interval={0} />
              <Bar dataKey="total" name={t("stats.count")} fill={PALETTE[1]} isAnimationActive={false} />
            </BarChart>
          </div>
        ) : (
          <p className="muted">{t("stats.empty")}</p>
        )}
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("stats.breakdownTitle", { by: byLabel })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("stats.group")}</th>
                <th scope="col" className="num">
                  {t("stats.count")}
                </th>
                <th scope="col" className="num">
                  {t("stats.share")}
                </th>
              </tr>
            </thead>
            <tbody>
              {all.map((s) => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  <td className="num">{s.total}</td>
                  <td className="num">{r.total ? `${((s.total / r.total) * 100).toFixed(1)}%` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figure>
    </section>
  );
}

function ForumChart({ threads, posts }: { threads: VolumesResult; posts: VolumesResult }) {
  const { t } = useTranslation();
  const sections = ["forum", "info"] as const;
  const series = [
    ...sections.map((s, i) => ({ key: `threads_${s}`, stack: "threads", label: `${t("stats.forumMetrics.threads")}·${t(`stats.sections.${s}`)}`, values: threads.series.find((x) => x.key === s)?.values ?? threads.periods.map(() => 0), colour: PALETTE[i] })),
    ...sections.map((s, i) => ({ key: `posts_${s}`, stack: "posts", label: `${t("stats.forumMetrics.posts")}·${t(`stats.sections.${s}`)}`, values: posts.series.find((x) => x.key === s)?.values ?? posts.periods.map(() => 0), colour: PALETTE[i + 2] })),
  ];
  const chartData = threads.periods.map((p, i) => Object.fromEntries([["period", p], ...series.map((s) => [s.key, s.values[i]])]));
  const gLabel = t(`stats.granularities.${threads.granularity}`);
  return (
    <section aria-labelledby="stats-forum-title" className="stack">
      <h2 id="stats-forum-title">{t("stats.forumTitle")}</h2>
      <figure className="assessment-chart assessment-chart--wide">
        <figcaption className="assessment-chart__title">{t("stats.forumChart")}</figcaption>
        <div role="img" aria-label={t("stats.forumAlt", { from: threads.from, to: threads.to, granularity: gLabel })} className="assessment-chart__canvas assessment-chart__canvas--time">
          <BarChart id="stats-forum" width={960} height={280} data={chartData} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis dataKey="period" tick={<BottomTick />} interval={Math.max(0, Math.ceil(threads.periods.length / 10) - 1)} />
            <YAxis allowDecimals={false} tick={<LeftTick />} interval={0} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId={s.stack} fill={s.colour} isAnimationActive={false} />
            ))}
          </BarChart>
        </div>
        <Legend items={series.map((s) => ({ label: s.label, colour: s.colour }))} />
        <p className="meta">
          {t("stats.forumMetrics.threads")} {t("stats.total", { count: threads.total })} · {t("stats.forumMetrics.posts")} {t("stats.totalPosts", { count: posts.total })}
        </p>
        <DataTable caption={t("stats.dataCaption", { title: t("stats.forumTitle"), from: threads.from, to: threads.to })} periods={threads.periods} rows={series} />
      </figure>
    </section>
  );
}

export default function StatsPage() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const v = d.values;
  const errors = d.error?.fields ?? {};
  const csv = (extra: Record<string, string>) => `/api/v1/stats/volumes.csv${query({ from: v.from, to: v.to, granularity: v.granularity, ...extra })}&lang=${i18n.language}`;
  const pct = new Intl.NumberFormat(i18n.language, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (
    <div className="stack">
      <h1>{t("stats.title")}</h1>
      <p className="muted">{t("stats.lead")}</p>

      <PeriodPresets
        label={t("stats.presets")}
        presets={d.presets.map((p) => ({
          key: p.key,
          to: query({ from: p.from, to: p.to, granularity: p.granularity, by: v.by }),
          label: p.label,
          current: v.from === p.from && v.to === p.to && v.granularity === p.granularity,
        }))}
      />

      <Form method="get" className="assessment-filter stats-filter row" aria-label={t("stats.period")}>
        <PeriodDateFields idPrefix="stats" labels={{ from: t("stats.from"), to: t("stats.to") }} values={v} errors={errors} />
        <FilterSelect id="stats-granularity" name="granularity" label={t("stats.granularity")} defaultValue={v.granularity} invalid={Boolean(errors.granularity)} options={granularities.map((g) => ({ value: g, label: t(`stats.granularities.${g}`) }))} />
        <FilterSelect id="stats-by" name="by" label={t("stats.by")} defaultValue={v.by} invalid={Boolean(errors.by)} options={petitionDimensions.map((b) => ({ value: b, label: t(`stats.dimensions.${b}`) }))} />
        <button type="submit" className="btn btn--primary">
          {t("stats.apply")}
        </button>
        <FilterNotes
          idPrefix="stats"
          note={t("stats.periodNote")}
          fields={(["from", "to", "granularity", "by"] as const).map((f) => ({ name: f, label: t(`stats.${f}`), error: errors[f] }))}
        />
      </Form>

      {d.error ? (
        <p className="form-error" role="alert">
          {d.error.message}
        </p>
      ) : null}

      {d.petitions && d.threads && d.posts ? (
        <>
          <PeriodSummary
            label={t("stats.period")}
            value={t("stats.periodValue", { from: d.petitions.from, to: d.petitions.to })}
            count={<span className="stats-total">{t("stats.total", { count: d.petitions.total })}</span>}
            asOf={t("stats.asOf")}
            generatedAt={d.petitions.generatedAt}
          >
            <p className="row">
              <a className="btn btn--secondary btn--small" href={csv({ by: v.by })} download>
                {t("stats.csv")}
              </a>
              <a className="btn btn--secondary btn--small" href={csv({ source: "forum", metric: "posts" })} download>
                {t("stats.csvForum")}
              </a>
            </p>
          </PeriodSummary>
          <PetitionCharts r={d.petitions} />
          <ForumChart threads={d.threads} posts={d.posts} />
          <section aria-labelledby="stats-assessment-title" className="stack">
            <h2 id="stats-assessment-title">{t("stats.assessmentTitle")}</h2>
            <p className="muted">{t("stats.assessmentLead")}</p>
            {d.top.length ? (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t("stats.assessmentTitle")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("assessment.rank")}</th>
                      <th scope="col">{t("assessment.mailbox")}</th>
                      <th scope="col" className="num">
                        {t("assessment.columns.received")}
                      </th>
                      <th scope="col" className="num">
                        {t("assessment.columns.replied")}
                      </th>
                      <th scope="col" className="num">
                        {t("assessment.columns.onTimeRate")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.top.map(({ item, rank }) => (
                      <tr key={item.mailboxId}>
                        <td className="num">{rank ?? "—"}</td>
                        <th scope="row">
                          <MailboxName mailbox={item.mailbox} />
                        </th>
                        <td className="num">{item.received}</td>
                        <td className="num">{item.replied}</td>
                        <td className="num">{item.onTimeRate === null ? "—" : pct.format(item.onTimeRate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="muted">{t("stats.assessmentEmpty")}</p>
            )}
            <p>
              <Link to={`/stats/assessment${query({ from: v.from, to: v.to })}`}>{t("stats.assessmentLink")}</Link>
            </p>
          </section>
        </>
      ) : null}

      <section className="stats-note" aria-labelledby="stats-privacy-title">
        <h2 id="stats-privacy-title">{t("stats.privacyTitle")}</h2>
        <p>{t("stats.privacy")}</p>
      </section>
      {d.staff ? (
        <p>
          <Link to="/stats/emerging">{t("stats.emergingLink")}</Link>
        </p>
      ) : null}
    </div>
  );
}
