// /awards/:id/results — the ranking with a bar chart (plain, accessible: every figure is text),
// live while a live round's voting is open; final once closed, when an administrator publishes
// the results and the winners get their badge. Hidden results say when they will be shown.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { badgeHolders, getAward, getResults, publishResults } from "~/.server/awards/service";
import { isAppError } from "~/.server/errors";
import { forPage, idParam, translateError, type TranslatedError } from "~/.server/http";
import { Medal, Schedule, StateBadge, TallyBars } from "~/components/awards/AwardParts";
import { Time } from "~/components/Time";
import { isAdmin } from "~/domain/auth/types";
import { rankTallies } from "~/domain/awards/rules";
import { formatDateTime, getT, TIME_ZONE, type Lang } from "~/i18n";
import { useAwardTally } from "~/realtime/useAwardTally";
import { useStickyActionData } from "~/realtime/useStickyActionData";
import styles from "~/styles/awards.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.resultsTitle} · ${data.siteName}` }] : [];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  const id = await forPage(context, async () => idParam(params.id));
  const award = await forPage(context, () => getAward(app, viewer, id));
  const common = { siteName: t("brand.name"), resultsTitle: t("awards.results.title", { title: award.title }), admin: isAdmin(viewer) };
  if (!award.resultsPublic) return { ...common, award, results: null, badged: [] as string[] };
  const [results, holders] = await Promise.all([getResults(app, viewer, id), award.awardedAt ? badgeHolders(app, id) : Promise.resolve(new Set<string>())]);
  return { ...common, award: results.award, results, badged: [...holders] };
}

type ActionResult = { ok: true } | { ok: false; error: TranslatedError };

export async function action({ params, context }: ActionFunctionArgs) {
  const id = await forPage(context, async () => idParam(params.id));
  if (!context.viewer) return redirect(`/login?next=${encodeURIComponent(`/awards/${id}/results`)}`);
  try {
    await publishResults(context.app, context.viewer, id);
    return { ok: true } satisfies ActionResult;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return data({ ok: false, error: translateError(e, context.lang) } satisfies ActionResult, { status: e.status });
  }
}

export default function Results() {
  const d = useLoaderData<typeof loader>();
  const { award, results, admin } = d;
  const { t, i18n } = useTranslation();
  const revalidator = useRevalidator();
  const result = useStickyActionData<ActionResult>();
  const busy = useNavigation().state === "submitting";
  const live = Boolean(results) && award.state !== "closed";
  const initial = useMemo(() => (results?.tallies ?? []).map((x) => ({ candidateId: x.candidateId, votes: x.votes })), [results]);
  const { tally, updatedAt, connected, joined } = useAwardTally(award.id, initial, { enabled: live, onResync: () => revalidator.revalidate() });
  const [announce, setAnnounce] = useState("");
  useEffect(() => {
    if (!updatedAt) return;
    const time = new Intl.DateTimeFormat(i18n.language, { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(updatedAt);
    setAnnounce(t("awards.tally.updated", { time }));
  }, [updatedAt, t, i18n.language]);

  const people = useMemo(() => new Map((results?.tallies ?? []).map((x) => [x.candidateId, x.user])), [results]);
  const badged = new Set(d.badged);
  const ranked = rankTallies(
    tally.filter((x) => people.has(x.candidateId)),
    award.winners,
  );
  const total = ranked.reduce((n, r) => n + r.votes, 0);

  return (
    <article className="stack aw-page" aria-labelledby="results-title">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to={`/awards/${award.id}`}>{t("awards.results.back")}</Link>
      </nav>
      <header className="aw-head">
        <p className="aw-head__kicker">
          <StateBadge state={award.state} /> <span>{t("awards.yearLabel", { year: award.year })}</span>
        </p>
        <h1 id="results-title">{d.resultsTitle}</h1>
        <Schedule award={award} />
      </header>

      {!results ? (
        <div className="alert alert--info" data-testid="results-hidden">
          <h2 className="aw-alert-title">{t("awards.results.hiddenTitle")}</h2>
          <p>{t("awards.results.hiddenText", { date: formatDateTime(award.votingClosesAt, i18n.language as Lang) })}</p>
        </div>
      ) : (
        <>
          <p className={award.state === "closed" ? "alert alert--success" : "alert alert--info"}>
            {award.state === "closed" ? t("awards.results.final") : t("awards.results.live")}
          </p>
          {award.awardedAt ? (
            <p className="aw-published" data-testid="published">
              <Medal />{" "}
              {t("awards.results.published")} <Time iso={award.awardedAt} />
            </p>
          ) : award.state === "closed" ? (
            <p className="meta">{t("awards.results.notYet")}</p>
          ) : null}
          {admin && award.state === "closed" && !award.awardedAt ? (
            <Form method="post" className="card aw-publish">
              <p>{t("awards.results.publishLead", { count: award.winners })}</p>
              {result && !result.ok ? (
                <p className="form-error" role="alert">
                  {result.error.message}
                </p>
              ) : null}
              <button type="submit" className="btn btn--primary" disabled={busy}>
                {busy ? t("form.submitting") : t("awards.results.publish")}
              </button>
            </Form>
          ) : null}
          {result?.ok ? (
            <p className="alert alert--success" role="status">
              {t("awards.results.publishDone")}
            </p>
          ) : null}
          <section aria-labelledby="aw-ranking" className="card stack" data-testid="tally" data-joined={joined ? "true" : "false"}>
            <h2 id="aw-ranking" className="section-title">
              {t("awards.results.ranking")}
            </h2>
            {ranked.length === 0 ? (
              <p className="empty">{t("awards.page.noCandidates")}</p>
            ) : (
              <TallyBars
                label={t("awards.tally.chartLabel")}
                items={ranked.map((r) => {
                  const user = people.get(r.candidateId)!;
                  return {
                    candidateId: r.candidateId,
                    name: user.displayName,
                    href: `/u/${user.username}`,
                    votes: r.votes,
                    rank: r.rank,
                    // Winners are named once the round has closed (live rankings can still change).
                    winner: award.state === "closed" && r.winner,
                    badge: badged.has(user.id),
                  };
                })}
              />
            )}
            <p className="meta">
              {t("awards.tally.total", { count: total })} · {t("awards.results.tieNote")}
              {live && !connected ? ` · ${t("awards.tally.offline")}` : null}
            </p>
            <p className="visually-hidden" role="status" data-testid="tally-status">
              {announce}
            </p>
          </section>
        </>
      )}
    </article>
  );
}
