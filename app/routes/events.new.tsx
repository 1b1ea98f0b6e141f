// /events/new — officials, moderators and administrators create a meetup or an
// observe-the-sessions event. Works without JavaScript; errors come back inline with a summary.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { canCreateEvents, createEvent } from "~/.server/events/service";
import { readForm, type TranslatedError } from "~/.server/http";
import { eventFormAction } from "~/.server/events/pages";
import { EventForm, type EventFormValues } from "~/domain/events/ui";
import { getT } from "~/i18n";
import styles from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export function loader({ request, context }: LoaderFunctionArgs) {
  const t = getT(context.lang);
  if (!context.viewer) throw redirect(`/login?next=${encodeURIComponent(new URL(request.url).pathname)}`);
  if (!canCreateEvents(context.viewer)) throw new Response(t("errors.events_forbidden"), { status: 403 });
  return { title: `${t("events.form.newTitle")} · ${t("brand.name")}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.viewer) return redirect("/login?next=%2Fevents%2Fnew");
  const form = await readForm(request);
  return eventFormAction(context, form, async () => {
    const event = await createEvent(context.app, context.viewer, form);
    return redirect(`/events/${event.id}`);
  });
}

export default function NewEvent() {
  const { t } = useTranslation();
  const result = useActionData<{ error?: TranslatedError; values?: EventFormValues }>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to="/events">{t("events.backToList")}</Link>
      </nav>
      <h1>{t("events.form.newTitle")}</h1>
      <EventForm mode="new" values={result?.values ?? {}} error={result?.error} busy={busy} />
    </div>
  );
}
