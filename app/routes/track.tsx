// /track — follow a case by tracking number and query code, without an account. The pair is
// POSTed (never in a URL or an access log); a wrong pair gets one neutral answer whether or not
// the number exists. ?trackingNo= may prefill the number (never the code).
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { readForm } from "~/.server/http";
import { isAppError } from "~/.server/errors";
import { trackView } from "~/.server/petitions/queries";
import { trackPetition } from "~/.server/petitions/service";
import type { TrackDto } from "~/domain/petitions/types";
import { LightBadge, MailboxName, StatusBadge, Timeline } from "~/components/Petitions";
import { Time } from "~/components/Time";
import { getT } from "~/i18n";
import pageStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pageStyles }];
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const h = new Headers({ "Cache-Control": "no-store" });
  const retry = actionHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const clean = (v: string | null | undefined) => (v ?? "").trim().toUpperCase().slice(0, 40);

export function loader({ context, request }: LoaderFunctionArgs) {
  const t = getT(context.lang);
  const prefill = clean(new URL(request.url).searchParams.get("trackingNo"));
  return { title: `${t("petitionPages.trackPage.title")} · ${t("brand.name")}`, prefill: /^[A-Z0-9]+$/.test(prefill) ? prefill : "" };
}

type Result =
  | { result: TrackDto; trackingNo: string }
  | { error: { code: string; message: string; fields?: Record<string, string> }; trackingNo: string };

export async function action({ context, request }: ActionFunctionArgs) {
  const t = getT(context.lang);
  const form = await readForm(request);
  const trackingNo = clean(form.trackingNo);
  const queryCode = clean(form.queryCode);
  const noStore = { "Cache-Control": "no-store" };
  if (!trackingNo || !queryCode) {
    const fields: Record<string, string> = {};
    if (!trackingNo) fields.trackingNo = t("validation.required");
    if (!queryCode) fields.queryCode = t("validation.required");
    return data({ error: { code: "invalid_input", message: t("form.fixErrors"), fields }, trackingNo } satisfies Result, { status: 400, headers: noStore });
  }
  try {
    const id = await trackPetition(context.app, context.ip, { trackingNo, queryCode });
    return data({ result: await trackView(context.app, id), trackingNo } satisfies Result, { headers: noStore });
  } catch (e) {
    if (!isAppError(e)) throw e;
    let message: string;
    if (e.status === 429) message = t("petitionPages.trackPage.rateLimited", { minutes: Math.max(1, Math.ceil((e.retryAfter ?? 60) / 60)) });
    else if (e.status === 404) message = t("petitionPages.trackPage.notFound", { message: t("errors.petition_not_found") });
    else message = t(`errors.${e.code}`, { defaultValue: t("errors.invalid_input") });
    const headers: Record<string, string> = { ...noStore };
    if (e.retryAfter) headers["Retry-After"] = String(e.retryAfter);
    return data({ error: { code: e.code, message, fields: {} as Record<string, string> }, trackingNo } satisfies Result, { status: e.status, headers });
  }
}

function TrackResult({ r }: { r: TrackDto }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), [r]);
  return (
    <section className="card stack pp-track-result" data-testid="track-result" aria-labelledby="pp-track-title" tabIndex={-1} ref={ref}>
      <div>
        <p className="pp-kicker">{t("petitionPages.trackPage.result")}</p>
        <h2 id="pp-track-title" className="pp-track-result__title">
          {r.title}
        </h2>
      </div>
      <dl className="pp-facts">
        <div>
          <dt>{t("petition.trackingNo")}</dt>
          <dd className="pp-mono">{r.trackingNo}</dd>
        </div>
        <div>
          <dt>{t("petitionPages.trackPage.status")}</dt>
          <dd>
            <StatusBadge status={r.status} />
          </dd>
        </div>
        <div>
          <dt>{t("petitionPages.trackPage.light")}</dt>
          <dd>
            <LightBadge light={r.light} />
          </dd>
        </div>
        <div>
          <dt>{t("petitionPages.trackPage.due")}</dt>
          <dd>{r.dueAt && r.light !== "none" ? <Time iso={r.dueAt} /> : t("petitionPages.trackPage.noDue")}</dd>
        </div>
        <div>
          <dt>{t("petitionPages.trackPage.mailbox")}</dt>
          <dd>
            <MailboxName mailbox={r.mailbox} />
          </dd>
        </div>
        <div>
          <dt>{t("petitionPages.trackPage.submitted")}</dt>
          <dd>
            <Time iso={r.createdAt} />
          </dd>
        </div>
      </dl>
      <section aria-labelledby="pp-track-replies" className="stack">
        <h3 id="pp-track-replies" className="section-title">
          {t("petitionPages.trackPage.replies")}
        </h3>
        {r.replies.length ? (
          r.replies.map((rep, i) => (
            <article key={i} className={`pp-reply${rep.lead ? " pp-reply--lead" : ""}`}>
              <p className="pp-reply__head">
                <strong>
                  <MailboxName mailbox={rep.mailbox} />
                </strong>
                <span className="badge">{t(rep.lead ? "petition.lead" : "petition.coHandler")}</span>
                <span className="meta">
                  {t("petitionPages.trackPage.repliedAt")} <Time iso={rep.repliedAt} />
                </span>
              </p>
              <div className="prose" dangerouslySetInnerHTML={{ __html: rep.bodyHtml }} />
            </article>
          ))
        ) : (
          <p className="meta">{t("petitionPages.trackPage.noReplies")}</p>
        )}
      </section>
      <section aria-labelledby="pp-track-timeline" className="stack">
        <h3 id="pp-track-timeline" className="section-title">
          {t("petitionPages.trackPage.timeline")}
        </h3>
        <Timeline entries={r.timeline} />
      </section>
      <p className="meta">{t("petitionPages.trackPage.privacy")}</p>
    </section>
  );
}

export default function Track() {
  const { prefill } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const signedIn = Boolean((useRouteLoaderData("root") as { viewer?: unknown } | undefined)?.viewer);
  const errRef = useRef<HTMLDivElement>(null);
  const err = answer && "error" in answer ? answer.error : null;
  useEffect(() => {
    if (err) errRef.current?.focus();
  }, [err]);
  const fields = err?.fields ?? {};
  const trackingDefault = answer?.trackingNo ?? prefill;
  return (
    <div className="stack pp-track">
      <header>
        <h1>{t("petitionPages.trackPage.title")}</h1>
        <p className="muted pp-lead">{t("petitionPages.trackPage.lead")}</p>
      </header>
      <Form method="post" className="form card pp-track-form" noValidate aria-label={t("petitionPages.trackPage.title")}>
        {err ? (
          <div className="form-error" role="alert" tabIndex={-1} ref={errRef}>
            {err.message}
          </div>
        ) : null}
        <div className="pp-track-form__fields">
          <div className="field">
            <label htmlFor="pp-tracking-no">{t("petition.trackingNo")}</label>
            <input
              id="pp-tracking-no"
              name="trackingNo"
              defaultValue={trackingDefault}
              key={trackingDefault}
              required
              maxLength={40}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              className="pp-mono"
              aria-invalid={fields.trackingNo ? true : undefined}
              aria-describedby={`pp-tracking-no-hint${fields.trackingNo ? " pp-tracking-no-error" : ""}`}
            />
            <p className="field__hint" id="pp-tracking-no-hint">
              {t("petitionPages.trackPage.trackingHint")}
            </p>
            {fields.trackingNo ? (
              <p className="field__error" id="pp-tracking-no-error">
                {fields.trackingNo}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="pp-query-code">{t("petition.queryCode")}</label>
            <input
              id="pp-query-code"
              name="queryCode"
              required
              maxLength={40}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              className="pp-mono"
              aria-invalid={fields.queryCode ? true : undefined}
              aria-describedby={`pp-query-code-hint${fields.queryCode ? " pp-query-code-error" : ""}`}
            />
            <p className="field__hint" id="pp-query-code-hint">
              {t("petitionPages.trackPage.queryCodeHint")}
            </p>
            {fields.queryCode ? (
              <p className="field__error" id="pp-query-code-error">
                {fields.queryCode}
              </p>
            ) : null}
          </div>
        </div>
        <div className="row pp-actions">
          <button type="submit" className="btn btn--primary pp-submit" disabled={busy}>
            {busy ? t("form.submitting") : t("petitionPages.trackPage.submit")}
          </button>
        </div>
        <p className="meta">
          <Link to={signedIn ? "/petitions?tab=mine" : `/login?next=${encodeURIComponent("/petitions?tab=mine")}`}>{t("petitionPages.trackPage.lostCode")}</Link>
        </p>
      </Form>
      {answer && "result" in answer ? <TrackResult r={answer.result} /> : null}
    </div>
  );
}
