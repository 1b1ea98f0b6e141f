// /awards/:id — a round: what it is, its schedule, who may vote (with the viewer's own standing),
// the candidates with their reasons; the nomination form while nominations are open; vote
// buttons with the votes left while voting is open; the live tally when results are public;
// for moderators, approve/decline and the suggested list. Every form works without JavaScript.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  addSuggested,
  castVote,
  getAward,
  listCandidates,
  loadRound,
  nominate,
  readTally,
  reviewCandidate,
  suggestions as loadSuggestions,
  voterStatus,
} from "~/.server/awards/service";
import { isAppError } from "~/.server/errors";
import { forPage, idParam, readForm, translateError, type TranslatedError } from "~/.server/http";
import { Schedule, StateBadge, TallyBars } from "~/components/awards/AwardParts";
import { Field, FormError } from "~/components/Field";
import { isAdmin, isModerator } from "~/domain/auth/types";
import { rankTallies } from "~/domain/awards/rules";
import { REASON_MAX } from "~/domain/awards/schemas";
import type { AwardDto, CandidateDto, SuggestionDto, VoterStatusDto } from "~/domain/awards/types";
import { getT, TIME_ZONE, type Lang } from "~/i18n";
import { useAwardTally } from "~/realtime/useAwardTally";
import { useStickyActionData } from "~/realtime/useStickyActionData";
import { useRootData } from "~/root";
import styles from "~/styles/awards.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.award.title} · ${data.siteName}` }] : []);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const id = await forPage(context, async () => idParam(params.id));
  const round = await forPage(context, () => loadRound(app, id));
  const award = await getAward(app, viewer, id);
  const [candidates, me, tally, suggested] = await Promise.all([
    listCandidates(app, viewer, round),
    voterStatus(app, viewer, round),
    award.resultsPublic ? readTally(app, id) : Promise.resolve(null),
    isModerator(viewer) && award.state === "nominating" ? loadSuggestions(app, viewer, id, 20) : Promise.resolve(null),
  ]);
  return {
    award,
    candidates,
    me,
    tally,
    suggested,
    moderator: isModerator(viewer),
    admin: isAdmin(viewer),
    siteName: getT(lang)("brand.name"),
  };
}

type Intent = "vote" | "nominate" | "review" | "suggest";
type ActionResult =
  | { intent: Intent; ok: true; candidateId?: string; userId?: string; name?: string; approved?: boolean; votesLeft?: number }
  | { intent: Intent; ok: false; error: TranslatedError; candidateId?: string; userId?: string; values?: Record<string, string> };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { app, viewer, lang } = context;
  const id = await forPage(context, async () => idParam(params.id));
  if (!viewer) return redirect(`/login?next=${encodeURIComponent(`/awards/${id}`)}`);
  const form = await readForm(request);
  const intent = form.intent as Intent;
  const candidateId = form.candidateId;
  const userId = form.userId;
  try {
    switch (intent) {
      case "vote": {
        const r = await castVote(app, viewer, id, { candidateId }, context.ip);
        return { intent, ok: true, candidateId, votesLeft: r.votesLeft } satisfies ActionResult;
      }
      case "nominate": {
        const c = await nominate(app, viewer, id, { username: form.username ?? "", reason: form.reason ?? "" });
        return { intent, ok: true, candidateId: c.id, name: c.user.displayName } satisfies ActionResult;
      }
      case "review": {
        const cid = /^[1-9][0-9]{0,15}$/.test(candidateId ?? "") ? Number(candidateId) : 0;
        const c = await reviewCandidate(app, viewer, cid, { approved: form.approved });
        return { intent, ok: true, candidateId, name: c.user.displayName, approved: c.approved === true } satisfies ActionResult;
      }
      case "suggest": {
        const c = await addSuggested(app, viewer, id, { userId, reason: form.reason ?? "" });
        return { intent, ok: true, userId, name: c.user.displayName } satisfies ActionResult;
      }
      default:
        return data({ intent, ok: false, error: { code: "invalid_input", message: getT(lang)("errors.invalid_input") } } satisfies ActionResult, { status: 400 });
    }
  } catch (e) {
    if (!isAppError(e)) throw e;
    return data({ intent, ok: false, error: translateError(e, lang), candidateId, userId, values: form } satisfies ActionResult, { status: e.status });
  }
}

function clock(lang: Lang, at: number) {
  return new Intl.DateTimeFormat(lang, { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(at);
}

export default function AwardPage() {
  const d = useLoaderData<typeof loader>();
  const { award, candidates, me, moderator, admin } = d;
  const { t, i18n } = useTranslation();
  const { viewer } = useRootData();
  const revalidator = useRevalidator();
  const result = useStickyActionData<ActionResult>();
  const live = award.resultsPublic && award.state !== "closed";
  const { tally, updatedAt, connected, joined } = useAwardTally(award.id, d.tally ?? [], { enabled: live, onResync: () => revalidator.revalidate() });
  const votesOf = useMemo(() => new Map(tally.map((x) => [x.candidateId, x.votes])), [tally]);
  const [announce, setAnnounce] = useState("");
  useEffect(() => {
    if (updatedAt) setAnnounce(t("awards.tally.updated", { time: clock(i18n.language as Lang, updatedAt) }));
  }, [updatedAt, t, i18n.language]);

  const approved = candidates.filter((c) => c.approved === true);
  const others = candidates.filter((c) => c.approved !== true);
  // Ranked, but nobody is called a winner before the round has closed.
  const bars = rankTallies(
    approved.map((c) => ({ candidateId: c.id, name: c.user.displayName, href: `/u/${c.user.username}`, votes: votesOf.get(c.id) ?? c.votes ?? 0 })),
    award.winners,
  ).map((b) => ({ ...b, winner: false }));

  return (
    <article className="stack aw-page" aria-labelledby="award-title">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to="/awards">{t("awards.backToList")}</Link>
      </nav>
      <header className="aw-head">
        <p className="aw-head__kicker">
          <StateBadge state={award.state} /> <span>{t("awards.yearLabel", { year: award.year })}</span>
        </p>
        <h1 id="award-title">{award.title}</h1>
        <Schedule award={award} />
        <p className="aw-head__links">
          {award.resultsPublic ? (
            <Link to={`/awards/${award.id}/results`} className="btn btn--secondary btn--small">
              {t("awards.links.results")}
            </Link>
          ) : null}
          {admin ? (
            <Link to={`/awards/${award.id}/integrity`} className="btn btn--link btn--small">
              {t("awards.links.integrity")}
            </Link>
          ) : null}
        </p>
      </header>

      <section aria-labelledby="aw-about" className="card">
        <h2 id="aw-about" className="section-title">
          {t("awards.page.about")}
        </h2>
        {award.description ? <p className="aw-description">{award.description}</p> : <p>{t("awards.page.defaultAbout")}</p>}
        <dl className="aw-facts">
          <div>
            <dt>{t("awards.facts.votesPerVoter")}</dt>
            <dd>{t("awards.facts.votesPerVoterValue", { count: award.votesPerVoter })}</dd>
          </div>
          <div>
            <dt>{t("awards.facts.winners")}</dt>
            <dd>{t("awards.facts.winnersValue", { count: award.winners })}</dd>
          </div>
          <div>
            <dt>{t("awards.facts.results")}</dt>
            <dd>{t(`awards.visibility.${award.resultsVisibility}`)}</dd>
          </div>
        </dl>
      </section>

      {award.state === "nominating" ? <Nominate awardId={award.id} signedIn={Boolean(viewer)} result={result?.intent === "nominate" ? result : undefined} /> : null}
      <Eligibility award={award} me={me} signedIn={Boolean(viewer)} />

      <section aria-labelledby="aw-candidates" className="stack">
        <h2 id="aw-candidates" className="section-title">
          {t("awards.page.candidates")}
        </h2>
        {award.state === "voting" && me ? <VotesLeft me={me} total={award.votesPerVoter} /> : null}
        {approved.length === 0 ? <p className="empty">{t("awards.page.noCandidates")}</p> : null}
        <ul className="aw-candidates">
          {approved.map((c) => (
            <CandidateCard
              key={c.id}
              c={c}
              votes={award.resultsPublic ? (votesOf.get(c.id) ?? c.votes ?? 0) : null}
              voting={award.state === "voting"}
              me={me}
              moderator={moderator && award.state !== "closed"}
              result={result && result.candidateId === c.id && (result.intent === "vote" || result.intent === "review") ? result : undefined}
            />
          ))}
        </ul>
        {others.length ? (
          <>
            <h3 className="aw-subtitle">{moderator ? t("awards.page.toReview", { count: others.filter((c) => c.approved === null).length }) : t("awards.page.yourNominations")}</h3>
            <ul className="aw-candidates">
              {others.map((c) => (
                <CandidateCard
                  key={c.id}
                  c={c}
                  votes={null}
                  voting={false}
                  me={me}
                  moderator={moderator && award.state !== "closed"}
                  result={result && result.candidateId === c.id && (result.intent === "vote" || result.intent === "review") ? result : undefined}
                />
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {award.resultsPublic && approved.length ? (
        <section aria-labelledby="aw-tally" className="card stack" data-testid="tally" data-joined={joined ? "true" : "false"}>
          <h2 id="aw-tally" className="section-title">
            {live ? t("awards.tally.liveTitle") : t("awards.tally.title")}
          </h2>
          <TallyBars items={bars} label={t("awards.tally.chartLabel")} />
          <p className="meta">
            {t("awards.tally.total", { count: bars.reduce((n, b) => n + b.votes, 0) })}
            {live && !connected ? ` · ${t("awards.tally.offline")}` : null}
          </p>
          <p className="visually-hidden" role="status" data-testid="tally-status">
            {announce}
          </p>
        </section>
      ) : !award.resultsPublic ? (
        <p className="alert alert--info">{t("awards.tally.hidden")}</p>
      ) : null}

      {d.suggested ? <Suggestions items={d.suggested} year={award.year} result={result?.intent === "suggest" ? result : undefined} /> : null}
    </article>
  );
}

// ---------------------------------------------------------------- eligibility

function Eligibility({ award, me, signedIn }: { award: AwardDto; me: VoterStatusDto | null; signedIn: boolean }) {
  const { t } = useTranslation();
  const ageOk = me ? !me.reasons.includes("account_too_new") : false;
  const postsOk = me ? !me.reasons.includes("too_few_posts") : false;
  return (
    <section aria-labelledby="aw-eligibility" className="card stack">
      <h2 id="aw-eligibility" className="section-title">
        {t("awards.eligibility.title")}
      </h2>
      <p>{t("awards.eligibility.rule", { days: award.minAccountAgeDays, posts: award.minPosts, count: award.votesPerVoter })}</p>
      {!signedIn ? (
        <p>
          <Link to={`/login?next=${encodeURIComponent(`/awards/${award.id}`)}`}>{t("awards.eligibility.signIn")}</Link>
        </p>
      ) : me ? (
        <div className={me.eligible ? "aw-standing aw-standing--ok" : "aw-standing aw-standing--no"} data-testid="eligibility">
          <p className="aw-standing__verdict">{me.eligible ? t("awards.eligibility.eligible") : t("awards.eligibility.ineligible")}</p>
          <ul className="aw-checks">
            {me.reasons.includes("account_disabled") ? <Check ok={false} text={t("awards.eligibility.disabled")} /> : null}
            <Check ok={ageOk} text={t("awards.eligibility.age", { count: me.accountAgeDays, min: award.minAccountAgeDays })} />
            <Check ok={postsOk} text={t("awards.eligibility.posts", { count: me.posts, min: award.minPosts })} />
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function Check({ ok, text }: { ok: boolean; text: string }) {
  const { t } = useTranslation();
  return (
    <li className={ok ? "aw-check is-ok" : "aw-check is-no"}>
      <span className="aw-check__mark" aria-hidden="true">
        {ok ? "✓" : "✗"}
      </span>
      <span>
        {text} <strong>{ok ? t("awards.eligibility.met") : t("awards.eligibility.notMet")}</strong>
      </span>
    </li>
  );
}

function VotesLeft({ me, total }: { me: VoterStatusDto; total: number }) {
  const { t } = useTranslation();
  if (!me.eligible) return <p className="alert alert--warning">{t("awards.page.cannotVote")}</p>;
  return (
    <p className="aw-votes-left" data-testid="votes-left" data-left={me.votesLeft}>
      {me.votesLeft > 0 ? t("awards.page.votesLeft", { left: me.votesLeft, count: total }) : t("awards.page.noVotesLeft", { count: total })}
    </p>
  );
}

// ---------------------------------------------------------------- candidates

function CandidateCard({
  c,
  votes,
  voting,
  me,
  moderator,
  result,
}: {
  c: CandidateDto;
  votes: number | null;
  voting: boolean;
  me: VoterStatusDto | null;
  moderator: boolean;
  result?: ActionResult;
}) {
  const { t } = useTranslation();
  const busy = useNavigation();
  const submitting = busy.state !== "idle" && busy.formData?.get("candidateId") === c.id;
  const votedFor = me?.votedCandidateIds.includes(c.id) ?? false;
  const self = me?.candidateId === c.id;
  const status = c.approved === null ? "pending" : c.approved ? "approved" : "declined";
  return (
    <li className="card aw-candidate" data-candidate-id={c.id} data-testid="candidate">
      <div className="aw-candidate__head">
        <h3 className="aw-candidate__name">
          <Link to={`/u/${c.user.username}`}>{c.user.displayName}</Link>
        </h3>
        {c.approved !== true ? <span className={`badge aw-review aw-review--${status}`}>{t(`awards.page.status.${status}`)}</span> : null}
        {votes !== null ? (
          <span className="aw-candidate__votes" data-testid="candidate-votes">
            {t("awards.votes", { count: votes })}
          </span>
        ) : null}
      </div>
      {c.reason ? <p className="aw-candidate__reason">{c.reason}</p> : null}
      <p className="meta">
        {c.source === "suggested"
          ? t("awards.page.suggestedBy", { name: c.nominatedBy?.displayName ?? "" })
          : t("awards.page.nominatedBy", { name: c.nominatedBy?.displayName ?? "" })}
      </p>
      {voting && me && me.eligible ? (
        <div className="aw-candidate__vote">
          {votedFor ? (
            <p className="aw-voted" data-testid="voted">
              <span aria-hidden="true">✓ </span>
              {t("awards.page.voted")}
            </p>
          ) : self ? (
            <p className="meta">{t("awards.page.self")}</p>
          ) : me.votesLeft > 0 ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="vote" />
              <input type="hidden" name="candidateId" value={c.id} />
              <button type="submit" className="btn btn--primary aw-vote" disabled={submitting}>
                {submitting ? t("form.submitting") : t("awards.page.vote")}
                <span className="visually-hidden">{t("awards.page.voteFor", { name: c.user.displayName })}</span>
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      {moderator ? (
        <div className="aw-candidate__review">
          {c.approved !== true ? <ReviewButton id={c.id} approved name={c.user.displayName} /> : null}
          {c.approved !== false ? <ReviewButton id={c.id} approved={false} name={c.user.displayName} /> : null}
        </div>
      ) : null}
      {result ? (
        result.ok ? (
          <p className="alert alert--success" role="status">
            {result.intent === "vote"
              ? t("awards.page.voteDone", { name: c.user.displayName })
              : t(result.approved ? "awards.page.approvedDone" : "awards.page.declinedDone", { name: c.user.displayName })}
          </p>
        ) : (
          <p className="form-error" role="alert">
            {result.error.message}
          </p>
        )
      ) : null}
    </li>
  );
}

function ReviewButton({ id, approved, name }: { id: string; approved: boolean; name: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value="review" />
      <input type="hidden" name="candidateId" value={id} />
      <input type="hidden" name="approved" value={approved ? "true" : "false"} />
      <button type="submit" className={approved ? "btn btn--secondary btn--small" : "btn btn--link btn--small"}>
        {approved ? t("awards.page.approve") : t("awards.page.decline")}
        <span className="visually-hidden">{name}</span>
      </button>
    </Form>
  );
}

// ---------------------------------------------------------------- nominations

function Nominate({ awardId, signedIn, result }: { awardId: string; signedIn: boolean; result?: ActionResult }) {
  const { t } = useTranslation();
  const busy = useNavigation().formData?.get("intent") === "nominate";
  const err = result && !result.ok ? result.error : undefined;
  const values = result && !result.ok ? result.values : undefined;
  return (
    <section aria-labelledby="aw-nominate" className="card stack">
      <h2 id="aw-nominate" className="section-title">
        {t("awards.nominate.title")}
      </h2>
      <p>{t("awards.nominate.lead")}</p>
      {!signedIn ? (
        <p>
          <Link to={`/login?next=${encodeURIComponent(`/awards/${awardId}`)}`}>{t("awards.nominate.signIn")}</Link>
        </p>
      ) : (
        <Form method="post" className="form" noValidate preventScrollReset key={result?.ok ? `done-${result.candidateId}` : "form"}>
          <input type="hidden" name="intent" value="nominate" />
          {result?.ok ? (
            <p className="alert alert--success" role="status">
              {t("awards.nominate.done", { name: result.name })}
            </p>
          ) : null}
          <FormError message={err && !err.fields ? err.message : err?.fields ? t("form.fixErrors") : null} />
          <Field
            label={t("awards.nominate.username")}
            name="username"
            required
            maxLength={64}
            autoComplete="off"
            hint={t("awards.nominate.usernameHint")}
            defaultValue={values?.username}
            error={err?.fields?.username ?? err?.fields?.userId}
          />
          <Field
            label={t("awards.nominate.reason")}
            name="reason"
            multiline
            rows={4}
            required
            maxLength={REASON_MAX}
            hint={t("awards.nominate.reasonHint")}
            defaultValue={values?.reason}
            error={err?.fields?.reason}
          />
          <div className="row">
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? t("form.submitting") : t("awards.nominate.submit")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}

function Suggestions({ items, year, result }: { items: SuggestionDto[]; year: number; result?: ActionResult }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="aw-suggested" className="card stack">
      <h2 id="aw-suggested" className="section-title">
        {t("awards.suggestions.title")}
      </h2>
      <p className="meta">{t("awards.suggestions.lead", { year })}</p>
      {result ? (
        result.ok ? (
          <p className="alert alert--success" role="status">
            {t("awards.suggestions.added", { name: result.name })}
          </p>
        ) : (
          <p className="form-error" role="alert">
            {result.error.message}
          </p>
        )
      ) : null}
      {items.length === 0 ? (
        <p className="empty">{t("awards.suggestions.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table aw-suggestions">
            <caption className="visually-hidden">{t("awards.suggestions.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("awards.suggestions.person")}</th>
                <th scope="col">{t("awards.suggestions.helpful")}</th>
                <th scope="col">{t("awards.suggestions.answers")}</th>
                <th scope="col">{t("awards.suggestions.resolved")}</th>
                <th scope="col">{t("awards.suggestions.score")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("awards.suggestions.action")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.user.id}>
                  <th scope="row">
                    <Link to={`/u/${s.user.username}`}>{s.user.displayName}</Link>
                  </th>
                  <td>{s.helpful}</td>
                  <td>{s.officialAnswers}</td>
                  <td>{s.resolvedPetitions}</td>
                  <td>
                    <strong>{s.score}</strong>
                  </td>
                  <td>
                    {s.candidateId ? (
                      <span className="meta">{t("awards.suggestions.already")}</span>
                    ) : (
                      <Form method="post" preventScrollReset>
                        <input type="hidden" name="intent" value="suggest" />
                        <input type="hidden" name="userId" value={s.user.id} />
                        <button type="submit" className="btn btn--secondary btn--small">
                          {t("awards.suggestions.add")}
                          <span className="visually-hidden">{s.user.displayName}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
