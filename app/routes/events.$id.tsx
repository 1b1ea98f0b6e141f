// /events/:id — one meetup or observe-the-sessions event: details and terms, the seats (live on
// `event:<id>`), the viewer's registration with its check-in code, register / apply / cancel,
// the iCalendar link, the published draw with "how to verify" (re-run in the browser), and the
// minutes with the threads and petitions the event produced. Every form works without JavaScript.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { cancelRegistration, drawEvent, getDraw, getEvent, newSeed, register, saveMinutes } from "~/.server/events/service";
import { isAppError } from "~/.server/errors";
import { forPage, idParam, readForm, translateError, type TranslatedError } from "~/.server/http";
import { Time } from "~/components/Time";
import { DRAW_ALGORITHM, runDraw } from "~/domain/events/draw";
import { formatCode, parseLinkRefs } from "~/domain/events/schemas";
import type { DrawDto, EventDto, RegistrationDto, SeatsDto } from "~/domain/events/types";
import { KindBadge, PhaseBadge, seatsText } from "~/domain/events/ui";
import { useEventSeats } from "~/domain/events/useEventSeats";
import { BODY_MAX } from "~/domain/forum/types";
import { getT } from "~/i18n";
import { useHydrated } from "~/realtime/useHydrated";
import { useStickyActionData } from "~/realtime/useStickyActionData";
import styles from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

type DrawView = DrawDto;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  const id = await forPage(context, async () => idParam(params.id));
  const { event, registration } = await forPage(context, () => getEvent(app, viewer, id));
  const draw: DrawView | null = event.kind === "observe_sessions" && event.draw ? await getDraw(app, id) : null;
  const canDraw = event.canManage && event.kind === "observe_sessions" && !event.draw && event.phase !== "open";
  return {
    event,
    registration,
    draw,
    // Shown before the draw; the organiser may replace it with a seed announced in advance.
    suggestedSeed: canDraw ? newSeed() : null,
    canDraw,
    signedIn: Boolean(viewer),
    saved: new URL(request.url).searchParams.has("saved"),
    title: `${event.title} · ${t("events.list.title")} · ${t("brand.name")}`,
  };
}

type Intent = "register" | "cancel" | "draw" | "minutes";
type ActionResult = { intent: Intent; done: string } | { intent: Intent; error: TranslatedError; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  const id = await forPage(context, async () => idParam(params.id));
  if (!viewer) return redirect(`/login?next=${encodeURIComponent(`/events/${id}`)}`);
  const form = await readForm(request);
  const intent = form.intent as Intent;
  const fail = (error: TranslatedError, status: number) => data({ intent, error, values: form } satisfies ActionResult, { status });
  try {
    switch (intent) {
      case "register": {
        const { event } = await getEvent(app, viewer, id);
        if (event.terms.trim() && form.agree !== "on") {
          return fail({ code: "invalid_input", message: t("events.register.agreeRequired"), fields: { agree: t("events.register.agreeRequired") } }, 400);
        }
        const r = await register(app, viewer, id);
        return { intent, done: r.registration.status } satisfies ActionResult;
      }
      case "cancel": {
        await cancelRegistration(app, viewer, id);
        return { intent, done: "cancelled" } satisfies ActionResult;
      }
      case "draw": {
        await drawEvent(app, viewer, id, { seed: form.seed });
        return { intent, done: "drawn" } satisfies ActionResult;
      }
      case "minutes": {
        const links = [...parseLinkRefs(form.threads ?? "", "thread"), ...parseLinkRefs(form.petitions ?? "", "petition")];
        await saveMinutes(app, viewer, id, { minutes: form.minutes ?? "", links });
        return { intent, done: "minutes" } satisfies ActionResult;
      }
      default:
        return fail({ code: "invalid_input", message: t("errors.invalid_input") }, 400);
    }
  } catch (e) {
    if (!isAppError(e)) throw e;
    return fail(translateError(e, lang), e.status);
  }
}

// ---------------------------------------------------------------- the page

export default function EventPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const e = d.event;
  const revalidator = useRevalidator();
  const result = useStickyActionData<ActionResult>();
  const initial: SeatsDto = { eventId: e.id, registered: e.registered, capacity: e.capacity, waitlisted: e.waitlisted };
  const { seats, connected, joined } = useEventSeats(e.id, initial, {
    onResync: () => revalidator.revalidate(),
    onMine: () => revalidator.revalidate(),
    // The draw ran while this page was open: show its result.
    onChange: (s) => {
      if (e.kind === "observe_sessions" && !e.draw && s.registered > 0) revalidator.revalidate();
    },
  });
  const started = e.phase === "ongoing" || e.phase === "ended";
  const live = { ...e, ...seats };

  return (
    <article className="ev-page" aria-labelledby="ev-title">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to="/events">{t("events.backToList")}</Link>
      </nav>
      <header className="ev-head">
        <div className="ev-card__badges">
          <KindBadge kind={e.kind} />
          <PhaseBadge phase={e.phase} drawn={Boolean(e.draw)} />
        </div>
        <h1 id="ev-title">{e.title}</h1>
        <dl className="ev-facts">
          <div>
            <dt>{t("events.facts.when")}</dt>
            <dd>
              <Time iso={e.startsAt} />
              {e.endsAt ? (
                <>
                  {" – "}
                  <Time iso={e.endsAt} />
                </>
              ) : null}
              <span className="meta"> {t("events.facts.beijingTime")}</span>
            </dd>
          </div>
          {e.place ? (
            <div>
              <dt>{t("events.facts.where")}</dt>
              <dd>{e.place}</dd>
            </div>
          ) : null}
          {e.onlineUrl ? (
            <div>
              <dt>{t("events.facts.onlineLink")}</dt>
              <dd className="ev-break">
                <a href={e.onlineUrl} rel="nofollow noopener" target="_blank">
                  {e.onlineUrl}
                </a>
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t("events.facts.deadline")}</dt>
            <dd>
              <Time iso={e.registrationClosesAt} />
            </dd>
          </div>
          <div>
            <dt>{t("events.facts.organizer")}</dt>
            <dd>
              <Link to={`/u/${e.organizer.username}`}>{e.organizer.displayName}</Link>
            </dd>
          </div>
        </dl>
        <div className="ev-head__tools">
          <a className="btn btn--secondary btn--small" href={`/events/${e.id}.ics`} download data-testid="event-ics">
            {t("events.page.addToCalendar")}
          </a>
          {e.canManage && !started ? (
            <Link className="btn btn--secondary btn--small" to={`/events/${e.id}/edit`}>
              {t("events.page.edit")}
            </Link>
          ) : null}
          {e.canManage ? (
            <Link className="btn btn--secondary btn--small" to={`/events/${e.id}/checkin`}>
              {t("events.page.checkin")}
            </Link>
          ) : null}
        </div>
      </header>
      {d.saved ? (
        <p className="alert alert--success" role="status">
          {t("events.page.saved")}
        </p>
      ) : null}

      <div className="ev-layout">
        <aside className="ev-side" aria-label={t("events.page.sideLabel")}>
          <SeatsPanel event={live} connected={connected} joined={joined} />
          <RegistrationPanel event={live} registration={d.registration} signedIn={d.signedIn} result={result} />
        </aside>
        <div className="ev-main">
          <section aria-labelledby="ev-about">
            <h2 id="ev-about" className="section-title">
              {t("events.page.about")}
            </h2>
            {e.descriptionHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: e.descriptionHtml }} /> : <p className="muted">{t("events.page.noDescription")}</p>}
          </section>
          {e.terms.trim() ? (
            <section aria-labelledby="ev-terms">
              <h2 id="ev-terms" className="section-title">
                {t("events.page.terms")}
              </h2>
              <div className="ev-terms">{e.terms}</div>
            </section>
          ) : null}
          {e.kind === "observe_sessions" ? <DrawSection event={e} draw={d.draw} canDraw={d.canDraw} suggestedSeed={d.suggestedSeed} result={result} /> : null}
          {e.minutesHtml || e.links.length || (e.canManage && started) ? <MinutesSection event={e} started={started} result={result} /> : null}
        </div>
      </div>
    </article>
  );
}

// ---------------------------------------------------------------- seats

function SeatsPanel({ event: e, connected, joined }: { event: EventDto; connected: boolean | null; joined: boolean }) {
  const { t } = useTranslation();
  const pct = Math.min(100, Math.round((e.registered / e.capacity) * 100));
  return (
    <section className="ev-panel ev-seats" aria-labelledby="ev-seats-title" data-live={joined ? "joined" : "off"}>
      <h2 id="ev-seats-title" className="ev-panel__title">
        {t(e.kind === "meetup" ? "events.seats.title" : "events.seats.titleDraw")}
      </h2>
      <p className="ev-seats__main" role="status" data-testid="event-seats" data-registered={e.registered} data-waitlisted={e.waitlisted}>
        {seatsText(t, e)}
      </p>
      <div className="ev-seats__bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </div>
      <dl className="ev-seats__figures">
        <div>
          <dt>{t(e.kind === "meetup" ? "events.seats.registered" : "events.seats.selected")}</dt>
          <dd>
            {e.registered} / {e.capacity}
          </dd>
        </div>
        <div>
          <dt>{t(e.kind === "meetup" ? "events.seats.waitlist" : e.drawn ? "events.seats.reserve" : "events.seats.applied")}</dt>
          <dd>{e.waitlisted}</dd>
        </div>
      </dl>
      {connected === false ? <p className="meta">{t("events.seats.offline")}</p> : null}
    </section>
  );
}

// ---------------------------------------------------------------- the viewer's registration

function RegistrationPanel({
  event: e,
  registration: r,
  signedIn,
  result,
}: {
  event: EventDto;
  registration: RegistrationDto | null;
  signedIn: boolean;
  result: ActionResult | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const mine = result && (result.intent === "register" || result.intent === "cancel") ? result : undefined;
  const error = mine && "error" in mine ? mine.error : null;
  const beforeStart = e.phase === "open" || e.phase === "closed";
  const full = e.kind === "meetup" && e.registered >= e.capacity;

  return (
    <section className="ev-panel ev-mine" aria-labelledby="ev-mine-title" data-testid="my-registration" data-status={r?.status ?? "none"}>
      <h2 id="ev-mine-title" className="ev-panel__title">
        {t(e.kind === "meetup" ? "events.register.title" : "events.register.titleApply")}
      </h2>
      {mine && "done" in mine ? (
        <p className="alert alert--success" role="status">
          {t(`events.register.done.${mine.done}`)}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      ) : null}

      {r ? (
        <>
          <p className={`ev-mine__status ev-mine__status--${r.status}`}>
            <span aria-hidden="true">{r.status === "registered" || r.status === "selected" ? "✓ " : r.status === "not_selected" ? "– " : "… "}</span>
            {t(`events.register.status.${r.status}`, { position: r.waitlistPosition ?? "" })}
          </p>
          <p className="meta">{t(`events.register.explain.${r.status === "applied" && e.phase !== "open" ? "appliedClosed" : r.status}`)}</p>
          {r.checkInCode && (r.status === "registered" || r.status === "selected") ? (
            <div className="ev-code">
              <p className="ev-code__label" id="ev-code-label">
                {t("events.register.code")}
              </p>
              <p className="ev-code__value" aria-labelledby="ev-code-label" data-testid="check-in-code">
                {formatCode(r.checkInCode)}
              </p>
              <p className="meta">{r.checkedInAt ? t("events.register.checkedIn") : t("events.register.codeHint")}</p>
              {r.checkedInAt ? (
                <p className="meta">
                  <Time iso={r.checkedInAt} />
                </p>
              ) : null}
            </div>
          ) : null}
          {beforeStart && !r.checkedInAt ? (
            <details className="ev-cancel">
              <summary className="btn btn--secondary btn--small">{t(`events.register.cancel.${r.status}`)}</summary>
              <Form method="post" className="ev-cancel__confirm">
                <p>{t(r.status === "registered" || r.status === "selected" ? "events.register.cancelConfirmSeat" : "events.register.cancelConfirm")}</p>
                <button type="submit" name="intent" value="cancel" className="btn btn--danger btn--small" disabled={busy}>
                  {t("events.register.cancelYes")}
                </button>
              </Form>
            </details>
          ) : null}
        </>
      ) : !signedIn ? (
        e.phase === "open" ? (
          <p>
            <Link className="btn btn--primary" to={`/login?next=${encodeURIComponent(`/events/${e.id}`)}`}>
              {t(e.kind === "meetup" ? "events.register.loginToRegister" : "events.register.loginToApply")}
            </Link>
          </p>
        ) : (
          <p className="meta">{t(e.phase === "closed" ? "events.register.closed" : "events.register.over")}</p>
        )
      ) : e.phase === "open" ? (
        <Form method="post" className="ev-register" noValidate>
          {e.terms.trim() ? (
            <div className="field">
              <label className="checkbox ev-agree">
                <input
                  type="checkbox"
                  name="agree"
                  required
                  aria-invalid={error?.fields?.agree ? true : undefined}
                  aria-describedby={error?.fields?.agree ? "ev-agree-error" : undefined}
                />
                <span>{t("events.register.agree")}</span>
              </label>
              {error?.fields?.agree ? (
                <p className="field__error" id="ev-agree-error">
                  {error.fields.agree}
                </p>
              ) : null}
            </div>
          ) : null}
          {full ? <p className="meta">{t("events.register.fullHint")}</p> : null}
          <button type="submit" name="intent" value="register" className="btn btn--primary ev-register__btn" disabled={busy} data-testid="register-button">
            {t(e.kind === "observe_sessions" ? "events.register.apply" : full ? "events.register.joinWaitlist" : "events.register.register")}
          </button>
        </Form>
      ) : (
        <p className="meta">{t(e.phase === "closed" ? "events.register.closed" : "events.register.over")}</p>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- the draw

function DrawSection({
  event: e,
  draw,
  canDraw,
  suggestedSeed,
  result,
}: {
  event: EventDto;
  draw: DrawView | null;
  canDraw: boolean;
  suggestedSeed: string | null;
  result: ActionResult | undefined;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const mine = result?.intent === "draw" ? result : undefined;
  const error = mine && "error" in mine ? mine.error : null;
  return (
    <section aria-labelledby="ev-draw" className="ev-draw" data-testid="draw-section">
      <h2 id="ev-draw" className="section-title">
        {t("events.draw.title")}
      </h2>
      {mine && "done" in mine ? (
        <p className="alert alert--success" role="status">
          {t("events.draw.done")}
        </p>
      ) : null}
      {!draw ? (
        <>
          <p>{t(e.phase === "open" ? "events.draw.before" : "events.draw.pending", { count: e.waitlisted, capacity: e.capacity })}</p>
          {canDraw ? (
            <Form method="post" className="form card ev-draw__form">
              {error ? (
                <p className="form-error" role="alert">
                  {error.fields?.seed ?? error.message}
                </p>
              ) : null}
              <div className="field">
                <label htmlFor="ev-seed">{t("events.draw.seed")}</label>
                <input
                  id="ev-seed"
                  name="seed"
                  className="ev-mono"
                  defaultValue={mine && "error" in mine ? mine.values.seed : (suggestedSeed ?? "")}
                  autoComplete="off"
                  spellCheck={false}
                  aria-describedby="ev-seed-hint"
                  aria-invalid={error?.fields?.seed ? true : undefined}
                />
                <p className="field__hint" id="ev-seed-hint">
                  {t("events.draw.seedHint")}
                </p>
              </div>
              <p className="meta">{t("events.draw.confirm", { count: e.waitlisted, capacity: e.capacity })}</p>
              <div className="row">
                <button type="submit" name="intent" value="draw" className="btn btn--primary" disabled={busy} data-testid="draw-button">
                  {t("events.draw.run")}
                </button>
              </div>
            </Form>
          ) : null}
          <HowToVerify />
        </>
      ) : (
        <DrawResultView draw={draw} />
      )}
    </section>
  );
}

function HowToVerify({ draw }: { draw?: DrawView }) {
  const { t } = useTranslation();
  return (
    <details className="ev-verify">
      <summary>{t("events.draw.howTo")}</summary>
      <ol>
        {(["1", "2", "3", "4", "5"] as const).map((k) => (
          <li key={k}>{t(`events.draw.steps.${k}`)}</li>
        ))}
      </ol>
      <p className="meta">
        {t("events.draw.algorithmName")} <code>{DRAW_ALGORITHM}</code>
        {draw ? (
          <>
            {" · "}
            <a href={`/api/v1/events/${draw.eventId}/draw`}>{t("events.draw.json")}</a>
          </>
        ) : null}
      </p>
    </details>
  );
}

function DrawResultView({ draw }: { draw: DrawView }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [check, setCheck] = useState<null | "same" | "different">(null);
  const byId = new Map(draw.applicants.map((a) => [a.registrationId, a]));
  const verify = () => {
    const again = runDraw(
      draw.seed,
      draw.applicants.map((a) => a.registrationId),
      draw.capacity,
    );
    const same = again.selected.join(",") === draw.selected.join(",") && again.notSelected.join(",") === draw.notSelected.join(",");
    setCheck(same ? "same" : "different");
  };
  const person = (id: string, selected: boolean) => {
    const a = byId.get(id);
    const moved = a && ((selected && a.status !== "selected") || (!selected && a.status === "selected"));
    return (
      <li key={id}>
        <span className="ev-mono">#{id}</span> {a?.displayName}
        {moved ? <span className="ev-note"> {t(`events.draw.now.${a!.status}`)}</span> : null}
      </li>
    );
  };
  return (
    <>
      <dl className="ev-facts ev-draw__facts">
        <div>
          <dt>{t("events.draw.seed")}</dt>
          <dd className="ev-mono ev-break" data-testid="draw-seed">
            {draw.seed}
          </dd>
        </div>
        <div>
          <dt>{t("events.draw.drawnAt")}</dt>
          <dd>
            <Time iso={draw.drawnAt} />
          </dd>
        </div>
        <div>
          <dt>{t("events.draw.algorithm")}</dt>
          <dd>
            <code>{draw.algorithm}</code>
          </dd>
        </div>
        <div>
          <dt>{t("events.draw.applicants")}</dt>
          <dd>{t("events.draw.applicantsCount", { count: draw.applicants.length, capacity: draw.capacity })}</dd>
        </div>
      </dl>
      <div className="ev-draw__lists">
        <div>
          <h3>{t("events.draw.selected", { count: draw.selected.length })}</h3>
          {draw.selected.length ? <ol data-testid="draw-selected">{draw.selected.map((id) => person(id, true))}</ol> : <p className="muted">—</p>}
        </div>
        <div>
          <h3>{t("events.draw.notSelected", { count: draw.notSelected.length })}</h3>
          {draw.notSelected.length ? <ol data-testid="draw-not-selected">{draw.notSelected.map((id) => person(id, false))}</ol> : <p className="muted">—</p>}
        </div>
      </div>
      <details className="ev-verify">
        <summary>{t("events.draw.applicantList")}</summary>
        <p className="ev-mono ev-break">{draw.applicants.map((a) => a.registrationId).join(", ")}</p>
      </details>
      <HowToVerify draw={draw} />
      {hydrated ? (
        <div className="row ev-verify__run">
          <button type="button" className="btn btn--secondary btn--small" onClick={verify} data-testid="verify-draw">
            {t("events.draw.verify")}
          </button>
          <p role="status" className={check === "different" ? "ev-verify__bad" : "ev-verify__ok"}>
            {check ? t(`events.draw.verified.${check}`) : ""}
          </p>
        </div>
      ) : null}
    </>
  );
}

// ---------------------------------------------------------------- minutes

function MinutesSection({ event: e, started, result }: { event: EventDto; started: boolean; result: ActionResult | undefined }) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const mine = result?.intent === "minutes" ? result : undefined;
  const error = mine && "error" in mine ? mine.error : null;
  const values = mine && "error" in mine ? mine.values : null;
  const threads = e.links.filter((l) => l.kind === "thread");
  const petitions = e.links.filter((l) => l.kind === "petition");
  return (
    <section aria-labelledby="ev-minutes" className="ev-minutes">
      <h2 id="ev-minutes" className="section-title">
        {t("events.minutes.title")}
      </h2>
      {e.minutesHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: e.minutesHtml }} /> : <p className="muted">{t("events.minutes.none")}</p>}
      {e.links.length ? (
        <>
          <h3>{t("events.minutes.links")}</h3>
          <ul className="ev-links">
            {threads.map((l) => (
              <li key={`t${l.id}`}>
                <span className="badge badge--info">{t("events.minutes.thread")}</span> <Link to={l.url}>{l.title}</Link>
              </li>
            ))}
            {petitions.map((l) => (
              <li key={`p${l.id}`}>
                <span className="badge badge--info">{t("events.minutes.petition")}</span> <Link to={l.url}>{l.trackingNo}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {e.canManage && started ? (
        <details className="ev-minutes__edit" open={Boolean(error) || !e.minutesHtml}>
          <summary>{t(e.minutesHtml ? "events.minutes.edit" : "events.minutes.write")}</summary>
          <Form method="post" className="form">
            {mine && "done" in mine ? (
              <p className="alert alert--success" role="status">
                {t("events.minutes.saved")}
              </p>
            ) : null}
            {error ? (
              <p className="form-error" role="alert">
                {error.fields ? Object.values(error.fields).join(" ") : error.message}
              </p>
            ) : null}
            <div className="field">
              <label htmlFor="ev-minutes-text">{t("events.minutes.text")}</label>
              <textarea id="ev-minutes-text" name="minutes" rows={8} maxLength={BODY_MAX} defaultValue={values?.minutes ?? e.minutes ?? ""} aria-describedby="ev-minutes-hint" />
              <p className="field__hint" id="ev-minutes-hint">
                {t("form.markdownHint")}
              </p>
            </div>
            <div className="field">
              <label htmlFor="ev-minutes-threads">{t("events.minutes.threads")}</label>
              <textarea
                id="ev-minutes-threads"
                name="threads"
                rows={2}
                defaultValue={values?.threads ?? threads.map((l) => l.url).join("\n")}
                aria-describedby="ev-minutes-threads-hint"
                aria-invalid={error?.fields?.threads ? true : undefined}
              />
              <p className="field__hint" id="ev-minutes-threads-hint">
                {t("events.minutes.threadsHint")}
              </p>
            </div>
            <div className="field">
              <label htmlFor="ev-minutes-petitions">{t("events.minutes.petitions")}</label>
              <textarea
                id="ev-minutes-petitions"
                name="petitions"
                rows={2}
                defaultValue={values?.petitions ?? petitions.map((l) => l.trackingNo).join("\n")}
                aria-describedby="ev-minutes-petitions-hint"
                aria-invalid={error?.fields?.petitions ? true : undefined}
              />
              <p className="field__hint" id="ev-minutes-petitions-hint">
                {t("events.minutes.petitionsHint")}
              </p>
            </div>
            <div className="row">
              <button type="submit" name="intent" value="minutes" className="btn btn--primary" disabled={busy}>
                {t("events.minutes.save")}
              </button>
            </div>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
