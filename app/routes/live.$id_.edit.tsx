// /live/:id/edit — the host (or an administrator) changes a session's topic, description,
// mailbox, times and moderation before it starts. Works without JavaScript.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { editSessionAction, editSessionLoader } from "~/.server/live/pages";
import { SessionForm, type SessionFormValues } from "~/components/LiveSessionForm";
import liveStyles from "~/styles/live.css?url";
import petitionPageStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: petitionPageStyles },
  { rel: "stylesheet", href: liveStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];
export const loader = ({ context, request, params }: LoaderFunctionArgs) => editSessionLoader(context, request, params);
export const action = ({ context, request, params }: ActionFunctionArgs) => editSessionAction(context, request, params);

type Result = { error?: { message: string; fields?: Record<string, string> }; values?: SessionFormValues };

export default function EditSession() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<Result>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack live-page">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to={`/live/${d.id}`}>{d.sessionTitle}</Link>
      </nav>
      <h1>{t("live.form.editTitle")}</h1>
      {d.scheduled ? (
        <SessionForm mode="edit" d={d} values={{ ...d.values, ...(r?.values ?? {}) }} error={r?.error} busy={busy} hostName={d.hostName} />
      ) : (
        <p className="alert alert--warning">{t("errors.session_started")}</p>
      )}
    </div>
  );
}
