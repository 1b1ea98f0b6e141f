// /events/:id/checkin — the organisers' door (the creator, moderators, administrators): type
// the code a registrant shows, or check someone in from the list; counts of seats, arrivals and
// people waiting. The list reloads when registrations change (`event:<id>`). Works without JS.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { checkIn, getEvent, listRegistrants } from "~/.server/events/service";
import { isAppError } from "~/.server/errors";
import { forPage, idParam, readForm, translateError, type TranslatedError } from "~/.server/http";
import { Time } from "~/components/Time";
import { isAdmitted, type RegistrantDto } from "~/domain/events/types";
import { useEventSeats } from "~/domain/events/useEventSeats";
import { getT, withSiteName } from "~/i18n";
import { useStickyActionData } from "~/realtime/useStickyActionData";
import styles from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  const id = await forPage(context, async () => idParam(params.id));
  if (!viewer) throw redirect(`/login?next=${encodeURIComponent(new URL(request.url).pathname)}`);
  const { event } = await forPage(context, () => getEvent(app, viewer, id));
  const list = await forPage(context, () => listRegistrants(app, viewer, id));
  return { event, ...list, title: withSiteName(lang, `${t("events.checkin.title")} · ${event.title}`) };
}

type Result =
  | { ok: true; name: string; alreadyAt: string | null; at: string }
  | { ok: false; error: TranslatedError; code: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { app, viewer, lang } = context;
  const id = await forPage(context, async () => idParam(params.id));
  if (!viewer) return redirect(`/login?next=${encodeURIComponent(`/events/${id}/checkin`)}`);
  const form = await readForm(request);
  const input = form.registrationId ? { registrationId: form.registrationId } : { code: form.code ?? "" };
  try {
    const r = await checkIn(app, viewer, id, input);
    return { ok: true, name: r.registrant.user.displayName, alreadyAt: r.alreadyAt, at: r.registrant.checkedInAt ?? "" } satisfies Result;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return data({ ok: false, error: translateError(e, lang), code: form.code ?? "" } satisfies Result, { status: e.status });
  }
}

export default function CheckIn() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const result = useStickyActionData<Result>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const revalidator = useRevalidator();
  const codeRef = useRef<HTMLInputElement>(null);
  const e = d.event;
  useEventSeats(e.id, { eventId: e.id, registered: e.registered, capacity: e.capacity, waitlisted: e.waitlisted }, {
    onChange: () => revalidator.revalidate(),
    onResync: () => revalidator.revalidate(),
  });
  // Ready for the next person: the box is emptied and focused after each check-in.
  useEffect(() => {
    if (result && codeRef.current) {
      if (result.ok) codeRef.current.value = "";
      codeRef.current.focus();
    }
  }, [result]);

  const admitted = d.items.filter((i) => isAdmitted(i.status));
  const others = d.items.filter((i) => !isAdmitted(i.status));
  const fieldError = result && !result.ok ? (result.error.fields?.code ?? result.error.message) : null;

  return (
    <div className="stack ev-checkin">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to={`/events/${e.id}`}>{t("events.backToEvent", { title: e.title })}</Link>
      </nav>
      <div>
        <h1>{t("events.checkin.title")}</h1>
        <p className="meta">
          {e.title} · <Time iso={e.startsAt} />
        </p>
      </div>

      <dl className="ev-counts" data-testid="checkin-counts">
        <div>
          <dt>{t(e.kind === "meetup" ? "events.checkin.admitted" : "events.checkin.selected")}</dt>
          <dd>
            {d.counts.admitted} / {e.capacity}
          </dd>
        </div>
        <div>
          <dt>{t("events.checkin.arrived")}</dt>
          <dd data-testid="checked-in-count">{d.counts.checkedIn}</dd>
        </div>
        <div>
          <dt>{t("events.checkin.waiting")}</dt>
          <dd>{d.counts.waiting}</dd>
        </div>
      </dl>

      <Form method="post" className="card ev-checkin__form" noValidate>
        <div className="field">
          <label htmlFor="ev-code">{t("events.checkin.code")}</label>
          <div className="ev-checkin__row">
            <input
              id="ev-code"
              name="code"
              ref={codeRef}
              className="ev-mono ev-checkin__input"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              autoFocus
              maxLength={12}
              defaultValue={result && !result.ok ? result.code : ""}
              aria-describedby={`ev-code-hint${fieldError ? " ev-code-error" : ""}`}
              aria-invalid={fieldError ? true : undefined}
            />
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {t("events.checkin.submit")}
            </button>
          </div>
          <p className="field__hint" id="ev-code-hint">
            {t("events.checkin.codeHint")}
          </p>
          {fieldError ? (
            <p className="field__error" id="ev-code-error">
              {fieldError}
            </p>
          ) : null}
        </div>
        <div role="status" aria-live="polite" data-testid="checkin-result">
          {result?.ok ? (
            result.alreadyAt ? (
              <p className="alert alert--warning">
                {t("events.checkin.already", { name: result.name })} <Time iso={result.alreadyAt} />
              </p>
            ) : (
              <p className="alert alert--success">{t("events.checkin.done", { name: result.name })}</p>
            )
          ) : null}
        </div>
      </Form>

      <section aria-labelledby="ev-people">
        <h2 id="ev-people" className="section-title">
          {t("events.checkin.list")}
        </h2>
        {d.items.length === 0 ? <p className="empty">{t("events.checkin.nobody")}</p> : null}
        {admitted.length ? <PeopleTable caption={t(e.kind === "meetup" ? "events.checkin.admitted" : "events.checkin.selected")} people={admitted} busy={busy} /> : null}
        {others.length ? <PeopleTable caption={t("events.checkin.others")} people={others} busy={busy} /> : null}
      </section>
    </div>
  );
}

function PeopleTable({ caption, people, busy }: { caption: string; people: RegistrantDto[]; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table ev-people">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("events.checkin.no")}</th>
            <th scope="col">{t("events.checkin.name")}</th>
            <th scope="col">{t("events.checkin.status")}</th>
            <th scope="col" className="ev-people__when">
              {t("events.checkin.registeredAt")}
            </th>
            <th scope="col">{t("events.checkin.arrivedAt")}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id} data-testid="registrant" data-status={p.status} data-checked-in={p.checkedInAt ? "yes" : "no"}>
              <td className="ev-mono">#{p.id}</td>
              <th scope="row">
                {p.user.displayName} <span className="meta ev-people__user">@{p.user.username}</span>
              </th>
              <td className="ev-people__status">{t(`events.status.${p.status}`)}</td>
              <td className="ev-people__when">
                <Time iso={p.createdAt} />
              </td>
              <td>
                {p.checkedInAt ? (
                  <>
                    <span aria-hidden="true">✓ </span>
                    <Time iso={p.checkedInAt} />
                  </>
                ) : isAdmitted(p.status) ? (
                  <Form method="post">
                    <input type="hidden" name="registrationId" value={p.id} />
                    <button type="submit" className="btn btn--secondary btn--small" disabled={busy} aria-label={t("events.checkin.manualFor", { name: p.user.displayName })}>
                      {t("events.checkin.manual")}
                    </button>
                  </Form>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
