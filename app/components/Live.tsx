// Building blocks of the officials-online pages (公仆在线): the state badge and banner with its
// countdown, a question with its vote button, moderation and petition forms, the ask form with
// its character counter, the transcript. Every form posts to the page's own action and works
// without JavaScript; with it, a fetcher sends `_js=1` and the page merges the result.
import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { categories } from "~/domain/petitions/workflow";
import {
  ANSWER_MAX,
  QUESTION_MAX,
  type LiveAnswerDto,
  type LiveQuestionDto,
  type LiveSessionDto,
  type SessionState,
} from "~/domain/live/types";
import { Time } from "./Time";
import { useHydrated } from "~/realtime/useHydrated";
import { useLiveSession } from "~/realtime/useLiveSession";
import { formatDateTime, type Lang } from "~/i18n";

export type ActionData =
  | {
      intent: string;
      ok: true;
      question?: LiveQuestionDto;
      answer?: LiveAnswerDto;
      session?: LiveSessionDto;
      petition?: { id: string; trackingNo: string };
      queryCode?: string | null;
      questionId?: string;
    }
  | { intent: string; ok: false; error: { code: string; message: string; fields?: Record<string, string> }; questionId?: string; values?: Record<string, string> };

export interface Perms {
  signedIn: boolean;
  viewerId: string | null;
  /** Host, moderators, administrators. */
  staff: boolean;
  /** Host or administrator: answers, highlights, ends. */
  canAnswer: boolean;
}

export interface Merge {
  question(q: LiveQuestionDto): void;
  answer(a: LiveAnswerDto): void;
  session(s: LiveSessionDto): void;
}

/** Hidden field marking a fetcher submission, so the action answers with data, not a redirect. */
export function JsFlag() {
  const hydrated = useHydrated();
  return hydrated ? <input type="hidden" name="_js" value="1" /> : null;
}

/** Sends a fetcher's successful result into the page's live state. */
function useMergeResult(data: ActionData | undefined, merge: Merge) {
  const seen = useRef<ActionData | undefined>(undefined);
  useEffect(() => {
    if (!data || data === seen.current || !data.ok) return;
    seen.current = data;
    if (data.question) merge.question(data.question);
    if (data.answer) merge.answer(data.answer);
    if (data.session) merge.session(data.session);
  }, [data, merge]);
}

// ---------------------------------------------------------------- state

export function StateBadge({ state }: { state: SessionState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge live-state live-state--${state}`} data-testid="live-state" data-state={state}>
      <span className="live-state__dot" aria-hidden="true" />
      {t(`live.state.${state}`)}
    </span>
  );
}

/** "2 小时 13 分", "4 分 05 秒": precise when it matters. */
export function useDuration() {
  const { t } = useTranslation();
  return (ms: number) => {
    const s = Math.max(0, Math.floor(ms / 1000));
    const d = Math.floor(s / 86_400);
    const h = Math.floor((s % 86_400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    if (d > 0) return t("live.duration.days", { d, h });
    if (h > 0) return t("live.duration.hours", { h, m });
    return t("live.duration.minutes", { m, s: String(sec).padStart(2, "0") });
  };
}

export function TimeRange({ session }: { session: Pick<LiveSessionDto, "startsAt" | "endsAt" | "endedAt"> }) {
  const { i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const from = formatDateTime(session.startsAt, lang);
  const end = session.endedAt ?? session.endsAt;
  const to = formatDateTime(end, lang);
  // Same day: only the time of the end.
  const sameDay = from.slice(0, 10) === to.slice(0, 10);
  return (
    <span className="live-times">
      <time dateTime={session.startsAt}>{from}</time>–<time dateTime={end}>{sameDay ? to.slice(-5) : to}</time>
    </span>
  );
}

/** The state with its countdown (not a live region: it ticks every second). */
export function StateBanner({ session, msToNext }: { session: LiveSessionDto; msToNext: number | null }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const hydrated = useHydrated();
  const s = session.state;
  return (
    <div className={`live-banner live-banner--${s}`} data-testid="live-banner">
      <StateBadge state={s} />
      <p className="live-banner__text">
        {s === "scheduled"
          ? t("live.banner.scheduled")
          : s === "live"
            ? t("live.banner.live")
            : session.transcriptThreadId
              ? t("live.banner.endedWithTranscript")
              : t("live.banner.ended")}
      </p>
      {hydrated && msToNext !== null ? (
        <p className="live-banner__countdown" data-testid="live-countdown">
          {t(s === "scheduled" ? "live.banner.startsIn" : "live.banner.endsIn", { time: duration(msToNext) })}
        </p>
      ) : null}
      {s === "ended" && session.transcriptThreadId ? (
        <p className="live-banner__link">
          <Link to={`/t/${session.transcriptThreadId}`}>{t("live.banner.transcriptLink")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export function Viewers({ count, connected }: { count: number | null; connected: boolean }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <div className="live-bar live-viewers">
      {count !== null ? (
        <span data-testid="live-viewers">
          <span className="presence-dot" aria-hidden="true" /> {t("live.viewers", { count })}
        </span>
      ) : null}
      {!connected ? (
        <span className="connection-status" role="status">
          {t("live.reconnecting")}
        </span>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------- a question

export function QuestionItem({
  q,
  session,
  perms,
  merge,
  highlighted,
  presenter = false,
  showConvert,
}: {
  q: LiveQuestionDto;
  session: LiveSessionDto;
  perms: Perms;
  merge: Merge;
  highlighted: boolean;
  presenter?: boolean;
  showConvert: boolean;
}) {
  const { t } = useTranslation();
  const own = perms.viewerId === q.author.id;
  const vote = useFetcher<ActionData>();
  const mod = useFetcher<ActionData>();
  const mark = useFetcher<ActionData>();
  useMergeResult(vote.data, merge);
  useMergeResult(mod.data, merge);
  useMergeResult(mark.data, merge);
  const optimisticVote = vote.state !== "idle";
  const voted = q.voted || optimisticVote;
  const votes = !q.voted && optimisticVote ? q.votes + 1 : q.votes;
  const canVote = perms.signedIn && !own && q.status === "approved" && session.state !== "ended";
  const error = [vote.data, mod.data, mark.data].find((d): d is Extract<ActionData, { ok: false }> => Boolean(d && !d.ok));
  const headingId = useId();
  return (
    <li
      className={`live-q${highlighted ? " live-q--highlighted" : ""}${q.status !== "approved" ? ` live-q--${q.status}` : ""}${q.answer ? " live-q--answered" : ""}`}
      id={`q-${q.id}`}
      data-question-id={q.id}
      data-status={q.status}
      aria-labelledby={headingId}
    >
      <div className="live-q__votes">
        {canVote ? (
          <vote.Form method="post">
            <input type="hidden" name="intent" value="vote" />
            <input type="hidden" name="questionId" value={q.id} />
            <JsFlag />
            <button
              type="submit"
              className="live-vote"
              aria-pressed={voted}
              onClick={(e) => {
                // One vote each: a second press does nothing (the server would refuse it).
                if (voted) e.preventDefault();
              }}
              aria-label={t(voted ? "live.question.votedLabel" : "live.question.voteLabel", { count: votes })}
              data-testid="vote"
            >
              <span aria-hidden="true">▲</span>
              <span className="live-vote__count" data-testid="votes">
                {votes}
              </span>
            </button>
          </vote.Form>
        ) : (
          <span className="live-vote live-vote--static" aria-label={t("live.question.votes", { count: votes })} role="img">
            <span aria-hidden="true">▲</span>
            <span className="live-vote__count" data-testid="votes" aria-hidden="true">
              {votes}
            </span>
          </span>
        )}
      </div>
      <div className="live-q__main">
        <p className="live-q__meta meta" id={headingId}>
          <span className="live-q__author">{q.author.displayName}</span> · <Time iso={q.createdAt} />
          {highlighted ? <span className="badge live-badge--now">{t("live.question.answeringNow")}</span> : null}
          {q.status === "pending" ? <span className="badge live-badge--pending">{t("live.question.pending")}</span> : null}
          {q.status === "hidden" ? <span className="badge badge--hidden">{t("live.question.hidden")}</span> : null}
          {own ? <span className="badge badge--role">{t("live.question.mine")}</span> : null}
        </p>
        <p className="live-q__body">{q.body}</p>
        {q.answer ? (
          <div className="live-answer" data-testid="answer">
            <p className="live-answer__who">
              <span className="badge badge--official">{t("live.question.answerBadge")}</span> {q.answer.author.displayName} ·{" "}
              <Time iso={q.answer.createdAt} />
            </p>
            <div className="prose" dangerouslySetInnerHTML={{ __html: q.answer.bodyHtml }} />
          </div>
        ) : null}
        {q.petition ? (
          <p className="meta live-q__petition">
            {t("live.question.converted", { trackingNo: q.petition.trackingNo })}{" "}
            {own || perms.canAnswer ? <Link to={`/petitions/${q.petition.id}`}>{t("live.question.viewPetition")}</Link> : null}
          </p>
        ) : null}
        {error ? (
          <p className="field__error" role="alert">
            {error.error.message}
          </p>
        ) : null}
        {perms.staff || (perms.canAnswer && session.state === "live") ? (
          <div className="live-q__tools" role="group" aria-label={t("live.question.tools")}>
            {perms.staff && q.status !== "approved" ? (
              <mod.Form method="post">
                <input type="hidden" name="intent" value="approve" />
                <input type="hidden" name="questionId" value={q.id} />
                <JsFlag />
                <button type="submit" className="btn btn--secondary btn--small" disabled={mod.state !== "idle"}>
                  {t("live.question.approve")}
                </button>
              </mod.Form>
            ) : null}
            {perms.staff && q.status !== "hidden" ? (
              <mod.Form method="post">
                <input type="hidden" name="intent" value="hide" />
                <input type="hidden" name="questionId" value={q.id} />
                <JsFlag />
                <button type="submit" className="btn btn--small" disabled={mod.state !== "idle"}>
                  {t("live.question.hide")}
                </button>
              </mod.Form>
            ) : null}
            {presenter && perms.canAnswer && session.state === "live" && q.status === "approved" ? (
              <mark.Form method="post">
                <input type="hidden" name="intent" value={highlighted ? "unhighlight" : "highlight"} />
                <input type="hidden" name="questionId" value={q.id} />
                <JsFlag />
                <button type="submit" className="btn btn--small" aria-pressed={highlighted} disabled={mark.state !== "idle"}>
                  {t(highlighted ? "live.presenter.unhighlight" : "live.presenter.highlight")}
                </button>
              </mark.Form>
            ) : null}
          </div>
        ) : null}
        {presenter && perms.canAnswer && session.state === "live" && q.status !== "hidden" ? (
          <AnswerForm q={q} merge={merge} open={highlighted} />
        ) : null}
        {showConvert && !q.answer && !q.petition && (own || perms.canAnswer) ? <ConvertForm q={q} own={own} merge={merge} /> : null}
      </div>
    </li>
  );
}

export function AnswerForm({ q, merge, open }: { q: LiveQuestionDto; merge: Merge; open: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionData>();
  useMergeResult(fetcher.data, merge);
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const err = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok && ref.current) ref.current.value = "";
  }, [fetcher.state, fetcher.data]);
  return (
    <details className="live-answer-form" open={open || Boolean(err)}>
      <summary>{q.answer ? t("live.presenter.editAnswer") : t("live.presenter.answer")}</summary>
      <fetcher.Form method="post" className="form">
        <input type="hidden" name="intent" value="answer" />
        <input type="hidden" name="questionId" value={q.id} />
        <JsFlag />
        <div className="field">
          <label htmlFor={id}>{t("live.presenter.answerLabel")}</label>
          <textarea
            id={id}
            ref={ref}
            name="body"
            rows={4}
            maxLength={ANSWER_MAX}
            required
            defaultValue={q.answer?.body ?? ""}
            aria-invalid={err ? true : undefined}
            aria-describedby={err ? `${id}-error` : `${id}-hint`}
          />
          <p className="field__hint" id={`${id}-hint`}>
            {t("form.markdownHint")}
          </p>
          {err ? (
            <p className="field__error" id={`${id}-error`}>
              {err.fields?.body ?? err.message}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn btn--primary btn--small" disabled={fetcher.state !== "idle"}>
          {fetcher.state !== "idle" ? t("form.submitting") : t("live.presenter.sendAnswer")}
        </button>
      </fetcher.Form>
    </details>
  );
}

function ConvertForm({ q, own, merge }: { q: LiveQuestionDto; own: boolean; merge: Merge }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionData>();
  useMergeResult(fetcher.data, merge);
  const id = useId();
  const d = fetcher.data;
  if (d?.ok && d.petition) {
    return (
      <div className="alert alert--success live-converted" role="status" data-testid="converted">
        <p>{t("live.petition.done", { trackingNo: d.petition.trackingNo })}</p>
        {d.queryCode ? (
          <p>
            {t("live.petition.queryCode")} <strong className="live-code">{d.queryCode}</strong>
            <br />
            <span className="meta">{t("live.petition.keepCode")}</span>
          </p>
        ) : null}
        <p>
          <Link to={`/petitions/${d.petition.id}`}>{t("live.question.viewPetition")}</Link>
        </p>
      </div>
    );
  }
  return (
    <details className="live-convert">
      <summary>{t("live.petition.summary")}</summary>
      <fetcher.Form method="post" className="form">
        <p className="meta">{t(own ? "live.petition.explainOwn" : "live.petition.explainHost")}</p>
        <input type="hidden" name="intent" value="petition" />
        <input type="hidden" name="questionId" value={q.id} />
        <JsFlag />
        <div className="field">
          <label htmlFor={`${id}-cat`}>{t("live.petition.category")}</label>
          <select id={`${id}-cat`} name="category" defaultValue="other">
            {categories.map((c) => (
              <option key={c} value={c}>
                {t(`petition.category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        {own ? (
          <label className="checkbox">
            <input type="checkbox" name="public" /> {t("live.petition.public")}
          </label>
        ) : null}
        {d && !d.ok ? (
          <p className="field__error" role="alert">
            {d.error.message}
          </p>
        ) : null}
        <button type="submit" className="btn btn--secondary btn--small" disabled={fetcher.state !== "idle"}>
          {t("live.petition.submit")}
        </button>
      </fetcher.Form>
    </details>
  );
}

// ---------------------------------------------------------------- asking

export function AskForm({ session, merge, pageResult }: { session: LiveSessionDto; merge: Merge; pageResult?: ActionData }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionData>();
  useMergeResult(fetcher.data, merge);
  const id = useId();
  const [length, setLength] = useState(0);
  const ref = useRef<HTMLTextAreaElement>(null);
  const result = fetcher.data ?? (pageResult?.intent === "ask" ? pageResult : undefined);
  const err = result && !result.ok ? result.error : null;
  const asked = fetcher.state === "idle" && result?.ok ? result.question : undefined;
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok && ref.current) {
      ref.current.value = "";
      setLength(0);
    }
  }, [fetcher.state, fetcher.data]);
  const left = QUESTION_MAX - length;
  return (
    <fetcher.Form method="post" className="form live-ask" noValidate>
      <input type="hidden" name="intent" value="ask" />
      <JsFlag />
      <div className="field">
        <label htmlFor={id}>{t("live.ask.label")}</label>
        <textarea
          id={id}
          ref={ref}
          name="body"
          rows={3}
          maxLength={QUESTION_MAX}
          required
          defaultValue={err && !fetcher.data ? (pageResult as { values?: Record<string, string> })?.values?.body : undefined}
          onInput={(e) => setLength([...e.currentTarget.value].length)}
          aria-invalid={err ? true : undefined}
          aria-describedby={[`${id}-hint`, `${id}-count`, err ? `${id}-error` : ""].filter(Boolean).join(" ")}
        />
        <div className="live-ask__hints">
          <p className="field__hint" id={`${id}-hint`}>
            {session.moderated ? t("live.ask.moderatedHint") : t("live.ask.openHint")}
          </p>
          <p className={`field__hint live-ask__count${left < 50 ? " live-ask__count--low" : ""}`} id={`${id}-count`} data-testid="ask-count">
            {t("live.ask.count", { count: length, max: QUESTION_MAX })}
          </p>
        </div>
        {err ? (
          <p className="field__error" id={`${id}-error`} role="alert">
            {err.fields?.body ?? err.message}
          </p>
        ) : null}
      </div>
      <div className="row">
        <button type="submit" className="btn btn--primary" disabled={fetcher.state !== "idle"}>
          {fetcher.state !== "idle" ? t("form.submitting") : t("live.ask.submit")}
        </button>
        <p className="live-ask__done" role="status">
          {asked ? t(asked.status === "pending" ? "live.ask.donePending" : "live.ask.done") : ""}
        </p>
      </div>
    </fetcher.Form>
  );
}

// ---------------------------------------------------------------- session cards and transcript

export function SessionCard({ s, headingLevel = 3 }: { s: LiveSessionDto; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const H = `h${headingLevel}` as "h2" | "h3";
  return (
    <li className="card live-card" data-session-id={s.id}>
      <p className="live-card__state">
        <StateBadge state={s.state} />
      </p>
      <H className="card__title">
        <Link to={`/live/${s.id}`}>{s.title}</Link>
      </H>
      <p className="meta">
        {t("live.hostLine", { name: s.host.displayName, mailbox: i18n.language === "en" && s.mailbox.nameEn ? s.mailbox.nameEn : s.mailbox.name })}
      </p>
      <p className="meta">
        <TimeRange session={s} />
      </p>
      <p className="meta">
        {t("live.list.counts", { count: s.questionCount, answered: s.answeredCount })}
        {s.state === "ended" && s.transcriptThreadId ? (
          <>
            {" · "}
            <Link to={`/t/${s.transcriptThreadId}`}>{t("live.list.transcript")}</Link>
          </>
        ) : null}
      </p>
    </li>
  );
}

export function Transcript({ questions }: { questions: LiveQuestionDto[] }) {
  const { t } = useTranslation();
  if (!questions.length) return <p className="empty">{t("live.transcript.emptyPage")}</p>;
  return (
    <ol className="live-transcript" data-testid="transcript">
      {questions.map((q) => (
        <li key={q.id} className="live-transcript__item" id={`q-${q.id}`} data-question-id={q.id}>
          <p className="live-transcript__q">
            <span className="live-transcript__label">{t("live.transcript.askLabel", { name: q.author.displayName })}</span>
            <span className="live-q__body">{q.body}</span>
          </p>
          <div className="live-transcript__a">
            <p className="live-transcript__label">{t("live.transcript.answerLabel", { name: q.answer!.author.displayName })}</p>
            <div className="prose" dangerouslySetInnerHTML={{ __html: q.answer!.bodyHtml }} />
          </div>
        </li>
      ))}
    </ol>
  );
}

// ---------------------------------------------------------------- page state

/** What the session pages' loader returns (liveSessionLoader). */
export interface LivePageData {
  session: LiveSessionDto;
  questions: LiveQuestionDto[];
  viewer: { signedIn: boolean; id: string | null; staff: boolean; host: boolean; canAnswer: boolean };
  serverNow: string;
}

export function useLivePage(d: LivePageData) {
  const live = useLiveSession({
    session: d.session,
    questions: d.questions,
    viewer: { id: d.viewer.id, staff: d.viewer.staff },
    serverNow: d.serverNow,
  });
  const merge: Merge = useMemo(
    () => ({ question: live.upsert, answer: live.applyAnswer, session: live.applySession }),
    [live.upsert, live.applyAnswer, live.applySession],
  );
  const perms: Perms = { signedIn: d.viewer.signedIn, viewerId: d.viewer.id, staff: d.viewer.staff, canAnswer: d.viewer.canAnswer };
  return { live, merge, perms };
}

/** Polite announcements of what others did: a change of state, a new question, an answer. */
export function useAnnouncer(live: ReturnType<typeof useLiveSession>) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const state = useRef(live.session.state);
  useEffect(() => {
    if (state.current !== live.session.state) {
      state.current = live.session.state;
      setText(t(`live.says.${live.session.state}`));
    }
  }, [live.session.state, t]);
  useEffect(() => {
    if (!live.fresh) return;
    const q = live.questions.find((x) => x.id === live.fresh!.id);
    if (!q) return;
    setText(live.fresh.kind === "answer" ? t("live.says.answered", { name: q.author.displayName }) : t("live.says.question", { name: q.author.displayName }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.fresh]);
  return text;
}
