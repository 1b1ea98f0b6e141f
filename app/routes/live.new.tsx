// /live/new — an official (or an administrator, for any official) schedules a session of
// officials online: title, description, host, mailbox, start and end (Shanghai time), and
// whether questions wait for approval. Works without JavaScript.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { scheduleAction, scheduleLoader } from "~/.server/live/pages";
import { SessionForm, type SessionFormValues } from "~/components/LiveSessionForm";
import { toLocalInput } from "~/domain/live/schemas";
import liveStyles from "~/styles/live.css?url";
import petitionPageStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: petitionPageStyles },
  { rel: "stylesheet", href: liveStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];
export const loader = ({ context, request }: LoaderFunctionArgs) => scheduleLoader(context, request);
export const action = ({ context, request }: ActionFunctionArgs) => scheduleAction(context, request);

type Result = { error?: { message: string; fields?: Record<string, string> }; values?: SessionFormValues };

export default function ScheduleSession() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<Result>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  // Default: the next full hour, for an hour (Shanghai time).
  const next = new Date(Math.ceil((Date.parse(d.serverNow) + 60_000) / 3_600_000) * 3_600_000);
  const values: SessionFormValues = r?.values ?? { startsAt: toLocalInput(next), endsAt: toLocalInput(new Date(next.getTime() + 3_600_000)) };
  const noMailbox = !d.admin && d.ownMailboxes.length === 0;
  return (
    <div className="stack live-page">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to="/live">{t("live.list.title")}</Link>
      </nav>
      <h1>{t("live.form.title")}</h1>
      {noMailbox ? <p className="alert alert--warning">{t("live.form.noMailbox")}</p> : <SessionForm mode="new" d={d} values={values} error={r?.error} busy={busy} />}
    </div>
  );
}
