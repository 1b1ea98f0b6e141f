// /live/:id/present — the host's presenter view: the question being answered, large, with its
// answer form; the queue of approved questions by votes, each to highlight and answer inline;
// questions waiting for approval at the side; ending the session (which publishes the
// transcript to Public Information). The host and administrators only.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { liveAction, liveSessionLoader } from "~/.server/live/pages";
import { getT } from "~/i18n";
import { AnswerForm, JsFlag, QuestionItem, StateBanner, TimeRange, Viewers, useAnnouncer, useLivePage, type ActionData, type Merge } from "~/components/Live";
import { byAnswered, byVotes, type LiveQuestionDto, type LiveSessionDto } from "~/domain/live/types";
import liveStyles from "~/styles/live.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.title} · ${data.siteName}` }] : []);

export async function loader(args: LoaderFunctionArgs) {
  const { context, params } = args;
  if (!context.viewer) throw redirect(`/login?next=${encodeURIComponent(`/live/${params.id}/present`)}`);
  const d = await liveSessionLoader(context, params, args.request);
  const t = getT(context.lang);
  if (!d.viewer.canAnswer) throw new Response(t("live.presenter.forbidden"), { status: 403 });
  return { ...d, title: t("live.presenter.pageTitle", { title: d.session.title }) };
}
export const action = ({ context, params, request }: ActionFunctionArgs) => liveAction(context, params, request, `/live/${params.id}/present`);
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("_js") === "1" ? false : defaultShouldRevalidate;

function EndSession({ session, merge }: { session: LiveSessionDto; merge: Merge }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionData>();
  useEffect(() => {
    if (fetcher.data?.ok && fetcher.data.session) merge.session(fetcher.data.session);
  }, [fetcher.data, merge]);
  if (session.state !== "live") return null;
  return (
    <details className="live-end card">
      <summary>{t("live.presenter.end")}</summary>
      <fetcher.Form method="post" className="form">
        <p>{t("live.presenter.endConfirm")}</p>
        <input type="hidden" name="intent" value="end" />
        <JsFlag />
        {fetcher.data && !fetcher.data.ok ? (
          <p className="field__error" role="alert">
            {fetcher.data.error.message}
          </p>
        ) : null}
        <button type="submit" className="btn btn--danger" disabled={fetcher.state !== "idle"}>
          {t("live.presenter.endNow")}
        </button>
      </fetcher.Form>
    </details>
  );
}

export default function Presenter() {
  const d = useLoaderData<typeof loader>();
  const pageResult = useActionData<ActionData>();
  const { t } = useTranslation();
  const { live, merge, perms } = useLivePage(d);
  const s = live.session;
  const announce = useAnnouncer(live);
  const highlighted = s.highlightedQuestionId ? live.questions.find((q) => q.id === s.highlightedQuestionId) : undefined;
  const queue = useMemo(() => live.questions.filter((q) => q.status === "approved" && !q.answer && q.id !== s.highlightedQuestionId).sort(byVotes), [live.questions, s.highlightedQuestionId]);
  const pending = useMemo(() => live.questions.filter((q) => q.status === "pending").sort((a, b) => Number(a.id) - Number(b.id)), [live.questions]);
  const answered = useMemo(() => live.questions.filter((q) => q.status === "approved" && q.answer).sort(byAnswered).reverse(), [live.questions]);
  const hidden = useMemo(() => live.questions.filter((q) => q.status === "hidden"), [live.questions]);
  const item = (q: LiveQuestionDto) => (
    <QuestionItem key={q.id} q={q} session={s} perms={perms} merge={merge} highlighted={q.id === s.highlightedQuestionId} presenter showConvert={s.state === "ended"} />
  );
  return (
    <article className="stack live-page live-presenter" aria-labelledby="presenter-title" data-session-id={s.id}>
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to="/live">{t("live.list.title")}</Link> › <Link to={`/live/${s.id}`}>{t("live.presenter.audienceView")}</Link>
      </nav>
      <header className="live-head">
        <h1 id="presenter-title">
          <span className="live-presenter__label">{t("live.presenter.heading")}</span> {s.title}
        </h1>
        <p className="meta">
          <TimeRange session={s} />
        </p>
      </header>
      <StateBanner session={s} msToNext={live.msToNext} />
      <Viewers count={live.presence} connected={live.connected} />
      <p className="visually-hidden" role="status">
        {announce}
      </p>
      {pageResult && !pageResult.ok ? (
        <p className="form-error" role="alert">
          {pageResult.error.message}
        </p>
      ) : null}
      {s.state === "scheduled" ? <p className="alert alert--info">{t("live.presenter.notYet")}</p> : null}
      <div className="live-presenter__layout">
        <div className="live-presenter__main stack">
          <section aria-labelledby="presenter-now" className="live-now live-now--presenter" data-testid="presenter-now">
            <h2 id="presenter-now" className="section-title">
              {t("live.question.answeringNow")}
            </h2>
            {highlighted ? (
              <>
                <p className="live-now__text">{highlighted.body}</p>
                <p className="meta">
                  {highlighted.author.displayName} · {t("live.question.votes", { count: highlighted.votes })}
                </p>
                {s.state === "live" ? <AnswerForm q={highlighted} merge={merge} open /> : null}
              </>
            ) : (
              <p className="meta">{t("live.presenter.noneHighlighted")}</p>
            )}
          </section>
          <section aria-labelledby="presenter-queue">
            <h2 id="presenter-queue" className="section-title">
              {t("live.presenter.queue", { count: queue.length })}
            </h2>
            {queue.length ? (
              <ol className="live-questions" data-testid="presenter-queue">
                {queue.map(item)}
              </ol>
            ) : (
              <p className="empty">{t("live.presenter.queueEmpty")}</p>
            )}
          </section>
          <section aria-labelledby="presenter-answered">
            <h2 id="presenter-answered" className="section-title">
              {t("live.presenter.answered", { count: answered.length })}
            </h2>
            {answered.length ? <ol className="live-questions">{answered.map(item)}</ol> : <p className="meta">{t("live.presenter.answeredEmpty")}</p>}
          </section>
        </div>
        <aside className="live-presenter__side stack" aria-labelledby="presenter-pending">
          <section className="card live-pending">
            <h2 id="presenter-pending" className="card__title">
              {t("live.presenter.pending", { count: pending.length })}
            </h2>
            {pending.length ? (
              <ol className="live-questions live-questions--compact" data-testid="presenter-pending">
                {pending.map(item)}
              </ol>
            ) : (
              <p className="meta">{s.moderated ? t("live.presenter.pendingEmpty") : t("live.presenter.unmoderated")}</p>
            )}
          </section>
          {hidden.length ? (
            <details className="card">
              <summary>{t("live.presenter.hidden", { count: hidden.length })}</summary>
              <ol className="live-questions live-questions--compact">{hidden.map(item)}</ol>
            </details>
          ) : null}
          <EndSession session={s} merge={merge} />
          {s.state === "ended" && s.transcriptThreadId ? (
            <p className="alert alert--success">
              <Link to={`/t/${s.transcriptThreadId}`}>{t("live.banner.transcriptLink")}</Link>
            </p>
          ) : null}
        </aside>
      </div>
    </article>
  );
}
