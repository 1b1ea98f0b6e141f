// /commitments/new — propose (officials of the owner mailbox, moderators) or, for
// administrators, adopt at once a commitment. Prefill from the address, as the emerging-issues
// page links here: ?title=&summary=&threads=12,15&petitions=7&mailbox=42. Works without JS.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createCommitment, currentYear } from "~/.server/commitments/service";
import { commitmentFormAction, createInput, mailboxChoices, requireProposer } from "~/.server/commitments/pages";
import { readForm } from "~/.server/http";
import { readPrefill } from "~/domain/commitments/schemas";
import { CommitmentForm, type CommitmentFormValues } from "~/domain/commitments/ui";
import { getT } from "~/i18n";
import styles from "~/styles/commitments.css?url";
import pickerStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: pickerStyles },
  { rel: "stylesheet", href: styles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireProposer(context, request);
  const t = getT(context.lang);
  const prefill = readPrefill(new URL(request.url).searchParams);
  const values: CommitmentFormValues = {
    year: String(currentYear(context.app.now())),
    title: prefill.title,
    summary: prefill.summary,
    ownerMailboxId: prefill.mailboxId ? String(prefill.mailboxId) : "",
    threadIds: prefill.threadIds.join(", "),
    petitionIds: prefill.petitionIds.join(", "),
  };
  return {
    values,
    mailboxes: await mailboxChoices(context.app),
    admin: viewer.role === "admin",
    title: `${t("commitments.form.newTitle")} · ${t("brand.name")}`,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireProposer(context, request);
  const form = await readForm(request);
  return commitmentFormAction(context, form, async () => {
    const c = await createCommitment(context.app, context.viewer, createInput(form));
    return redirect(`/commitments/${c.id}`);
  });
}

export default function NewCommitment() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack cm-page">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to="/commitments">{t("commitments.detail.backToList")}</Link>
      </nav>
      <h1>{t("commitments.form.newTitle")}</h1>
      <p className="meta">{d.admin ? t("commitments.form.leadAdmin") : t("commitments.form.lead")}</p>
      <CommitmentForm mode="new" values={d.values} mailboxes={d.mailboxes} admin={d.admin} />
    </div>
  );
}
