// /events/:id/edit — organisers (the creator, moderators, administrators) change an event
// before it starts. More seats move the waitlist up at once; the seats and the deadline of an
// observe-the-sessions event stay as they were once the draw has run.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getEvent, updateEvent } from "~/.server/events/service";
import { forPage, idParam, readForm, type TranslatedError } from "~/.server/http";
import { eventFormAction } from "~/.server/events/pages";
import { toLocalInput } from "~/domain/events/schemas";
import { EventForm, type EventFormValues } from "~/domain/events/ui";
import { getT, withSiteName } from "~/i18n";
import styles from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const t = getT(context.lang);
  if (!context.viewer) throw redirect(`/login?next=${encodeURIComponent(new URL(request.url).pathname)}`);
  const { event } = await forPage(context, () => getEvent(context.app, context.viewer, idParam(params.id)));
  if (!event.canManage) throw new Response(t("errors.forbidden"), { status: 403 });
  const values: EventFormValues = {
    kind: event.kind,
    title: event.title,
    description: event.description,
    startsAt: toLocalInput(event.startsAt),
    endsAt: toLocalInput(event.endsAt),
    place: event.place ?? "",
    onlineUrl: event.onlineUrl ?? "",
    capacity: String(event.capacity),
    registrationClosesAt: toLocalInput(event.registrationClosesAt),
    terms: event.terms,
  };
  const started = event.phase === "ongoing" || event.phase === "ended";
  return { id: event.id, eventTitle: event.title, values, started, drawn: Boolean(event.draw), title: withSiteName(context.lang, `${t("events.form.editTitle")} · ${event.title}`) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const id = await forPage(context, async () => idParam(params.id));
  if (!context.viewer) return redirect(`/login?next=${encodeURIComponent(`/events/${id}/edit`)}`);
  return eventFormAction(context, form, async () => {
    await updateEvent(context.app, context.viewer, id, form);
    return redirect(`/events/${id}?saved=1`);
  });
}

export default function EditEvent() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const result = useActionData<{ error?: TranslatedError; values?: EventFormValues }>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to={`/events/${d.id}`}>{t("events.backToEvent", { title: d.eventTitle })}</Link>
      </nav>
      <h1>{t("events.form.editTitle")}</h1>
      {d.started ? (
        <p className="alert alert--warning">{t("errors.event_started")}</p>
      ) : (
        <EventForm mode="edit" values={{ ...d.values, ...(result?.values ?? {}) }} error={result?.error} busy={busy} drawn={d.drawn} />
      )}
    </div>
  );
}
