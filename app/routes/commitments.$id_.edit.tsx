// /commitments/:id/edit — the details of a commitment (title, year, budget, summary; the owner
// mailbox for administrators), for those the rules allow (app/domain/commitments/rules.ts).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCommitment, updateCommitment } from "~/.server/commitments/service";
import { commitmentFormAction, mailboxChoices } from "~/.server/commitments/pages";
import { forPage, idParam, readForm } from "~/.server/http";
import { CommitmentForm, type CommitmentFormValues } from "~/domain/commitments/ui";
import { getT } from "~/i18n";
import styles from "~/styles/commitments.css?url";
import pickerStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: pickerStyles },
  { rel: "stylesheet", href: styles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = await forPage(context, async () => idParam(params.id));
  if (!context.viewer) throw redirect(`/login?next=${encodeURIComponent(new URL(request.url).pathname)}`);
  const c = await forPage(context, () => getCommitment(context.app, context.viewer, id));
  const t = getT(context.lang);
  if (!c.can.edit) throw new Response(t("errors.forbidden"), { status: 403 });
  const admin = context.viewer.role === "admin";
  const values: CommitmentFormValues = {
    year: String(c.year),
    title: c.title,
    summary: c.summary,
    ownerMailboxId: c.ownerMailbox.id,
    budgetYuan: c.budgetYuan === null ? "" : String(c.budgetYuan),
  };
  return {
    id: c.id,
    commitmentTitle: c.title,
    values,
    admin,
    mailboxes: admin ? await mailboxChoices(context.app) : [],
    title: `${t("commitments.form.editTitle")} · ${t("brand.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = idParam(params.id);
  if (!context.viewer) return redirect(`/login?next=${encodeURIComponent(`/commitments/${id}/edit`)}`);
  const form = await readForm(request);
  return commitmentFormAction(context, form, async () => {
    const input: Record<string, string> = { year: form.year, title: form.title, summary: form.summary ?? "", budgetYuan: form.budgetYuan ?? "" };
    if (context.viewer?.role === "admin" && form.ownerMailboxId) input.ownerMailboxId = form.ownerMailboxId;
    await updateCommitment(context.app, context.viewer, id, input);
    return redirect(`/commitments/${id}`);
  });
}

export default function EditCommitment() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack cm-page">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to={`/commitments/${d.id}`}>{t("commitments.detail.backTo", { title: d.commitmentTitle })}</Link>
      </nav>
      <h1>{t("commitments.form.editTitle")}</h1>
      <CommitmentForm mode="edit" values={d.values} mailboxes={d.mailboxes} admin={d.admin} />
    </div>
  );
}
