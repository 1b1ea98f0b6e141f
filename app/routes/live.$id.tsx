// /live/:id — the audience's view of an officials-online session: the state with its countdown,
// the viewer count, the question being answered, the ask form, every visible question with its
// votes and answer, all live. Once the session has ended the page is its transcript.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { liveAction, liveSessionLoader } from "~/.server/live/pages";
import { AskForm, QuestionItem, StateBanner, TimeRange, Transcript, Viewers, useAnnouncer, useLivePage, type ActionData } from "~/components/Live";
import { byAnswered, byNewest, byVotes, type LiveQuestionDto } from "~/domain/live/types";
import { mailboxName } from "~/domain/petitions/mailboxes";
import { useHydrated } from "~/realtime/useHydrated";
import liveStyles from "~/styles/live.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.session.title} · ${data.siteName}` }] : []);
export const loader = ({ context, params, request }: LoaderFunctionArgs) => liveSessionLoader(context, params, request);
export const action = ({ context, params, request }: ActionFunctionArgs) => liveAction(context, params, request, `/live/${params.id}`);

/** The page's live state follows the socket: a fetcher's form or a change of sort needs no reload. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, currentUrl, nextUrl, defaultShouldRevalidate }) => {
  if (formData?.get("_js") === "1") return false;
  if (!formData && currentUrl.pathname === nextUrl.pathname) {
    const a = new URLSearchParams(currentUrl.search);
    const b = new URLSearchParams(nextUrl.search);
    a.delete("sort");
    b.delete("sort");
    if (a.toString() === b.toString()) return false;
  }
  return defaultShouldRevalidate;
};

export default function LiveSessionPage() {
  const d = useLoaderData<typeof loader>();
  const pageResult = useActionData<ActionData>();
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  const { live, merge, perms } = useLivePage(d);
  const s = live.session;
  const [params, setParams] = useSearchParams();
  const sort = params.get("sort") === "new" ? "new" : d.sort === "new" && !params.get("sort") ? "new" : "top";
  const setSort = useCallback(
    (v: "top" | "new") => {
      const next = new URLSearchParams(params);
      if (v === "top") next.delete("sort");
      else next.set("sort", v);
      setParams(next, { replace: true, preventScrollReset: true });
    },
    [params, setParams],
  );
  const announce = useAnnouncer(live);

  const ordered = useMemo(() => [...live.questions].sort(sort === "new" ? byNewest : byVotes), [live.questions, sort]);
  const highlighted = s.highlightedQuestionId ? live.questions.find((q) => q.id === s.highlightedQuestionId) : undefined;
  const answered = useMemo(() => live.questions.filter((q) => q.answer && q.status === "approved").sort(byAnswered), [live.questions]);
  const unanswered = useMemo(() => live.questions.filter((q) => !q.answer).sort(byVotes), [live.questions]);
  const noJsError = pageResult && !pageResult.ok && pageResult.intent !== "ask" ? pageResult.error.message : null;
  const item = (q: LiveQuestionDto, showConvert: boolean) => (
    <QuestionItem key={q.id} q={q} session={s} perms={perms} merge={merge} highlighted={q.id === s.highlightedQuestionId} showConvert={showConvert} />
  );

  return (
    <article className="stack live-page" aria-labelledby="live-title" data-session-id={s.id}>
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to="/live">{t("live.list.title")}</Link>
      </nav>
      <header className="live-head">
        <h1 id="live-title">{s.title}</h1>
        <p className="meta">
          {t("live.hostLine", { name: s.host.displayName, mailbox: mailboxName(s.mailbox, i18n.language) })} · <TimeRange session={s} />
          {s.moderated ? ` · ${t("live.moderatedNote")}` : ""}
        </p>
        {perms.canAnswer ? (
          <p className="row">
            <Link to={`/live/${s.id}/present`} className="btn btn--secondary btn--small">
              {t("live.presenter.open")}
            </Link>
            {s.state === "scheduled" ? (
              <Link to={`/live/${s.id}/edit`} className="btn btn--secondary btn--small">
                {t("live.form.edit")}
              </Link>
            ) : null}
          </p>
        ) : null}
      </header>
      <StateBanner session={s} msToNext={live.msToNext} />
      <Viewers count={live.presence} connected={live.connected} />
      <p className="visually-hidden" role="status" data-testid="live-announcer">
        {announce}
      </p>
      {noJsError ? (
        <p className="form-error" role="alert">
          {noJsError}
        </p>
      ) : pageResult?.ok && pageResult.petition ? (
        <div className="alert alert--success" role="status">
          <p>{t("live.petition.done", { trackingNo: pageResult.petition.trackingNo })}</p>
          {pageResult.queryCode ? (
            <p>
              {t("live.petition.queryCode")} <strong className="live-code">{pageResult.queryCode}</strong> · {t("live.petition.keepCode")}
            </p>
          ) : null}
        </div>
      ) : null}
      {s.descriptionHtml ? <div className="prose card live-description" dangerouslySetInnerHTML={{ __html: s.descriptionHtml }} /> : null}

      {s.state === "ended" ? (
        <>
          <section aria-labelledby="live-transcript">
            <h2 id="live-transcript" className="section-title">
              {t("live.transcript.heading", { count: answered.length })}
            </h2>
            <Transcript questions={answered} />
          </section>
          {unanswered.length ? (
            <section aria-labelledby="live-unanswered">
              <h2 id="live-unanswered" className="section-title">
                {t("live.transcript.unanswered", { count: unanswered.length })}
              </h2>
              <p className="meta">{t("live.transcript.unansweredHint")}</p>
              <ol className="live-questions">{unanswered.map((q) => item(q, true))}</ol>
            </section>
          ) : null}
        </>
      ) : (
        <>
          {highlighted ? (
            <section aria-labelledby="live-now" className="live-now" data-testid="live-now">
              <h2 id="live-now" className="section-title">
                {t("live.question.answeringNow")}
              </h2>
              <ol className="live-questions">{item(highlighted, false)}</ol>
            </section>
          ) : null}
          <section aria-labelledby="live-ask" className="card">
            <h2 id="live-ask" className="card__title">
              {t("live.ask.heading")}
            </h2>
            {d.viewer.signedIn ? (
              <AskForm session={s} merge={merge} pageResult={pageResult} />
            ) : (
              <p>
                <Link to={`/login?next=${encodeURIComponent(`/live/${s.id}`)}`}>{t("live.ask.login")}</Link>
              </p>
            )}
          </section>
          <section aria-labelledby="live-questions">
            <div className="live-questions-head">
              <h2 id="live-questions" className="section-title">
                {t("live.question.heading", { count: ordered.filter((q) => q.status === "approved").length })}
              </h2>
              <div className="live-sort" role="group" aria-label={t("live.sort.label")}>
                {(["top", "new"] as const).map((v) =>
                  hydrated ? (
                    <button key={v} type="button" className="btn btn--small" aria-pressed={sort === v} onClick={() => setSort(v)}>
                      {t(`live.sort.${v}`)}
                    </button>
                  ) : (
                    <Link key={v} to={v === "top" ? `/live/${s.id}` : `/live/${s.id}?sort=new`} className="btn btn--small" aria-current={sort === v ? "true" : undefined}>
                      {t(`live.sort.${v}`)}
                    </Link>
                  ),
                )}
              </div>
            </div>
            {ordered.length ? (
              <ol className="live-questions" data-testid="questions">
                {ordered.map((q) => item(q, false))}
              </ol>
            ) : (
              <p className="empty">{t("live.question.empty")}</p>
            )}
          </section>
        </>
      )}
    </article>
  );
}
