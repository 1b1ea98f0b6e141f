import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdmin } from "~/.server/admin";
import { adminUpdateUser, getUserById, userDto } from "~/.server/auth/service";
import { formAction, forPage, idParam, type TranslatedError } from "~/.server/http";
import { listMailboxesForAdmin } from "~/.server/petitions/mailboxes";
import { roles } from "~/domain/auth/types";
import { FormError } from "~/components/Field";
import { getT, withSiteName } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireAdmin(context);
  const row = await forPage(context, () => getUserById(context.app, idParam(params.userId)));
  if (!row) throw new Response(getT(context.lang)("errors.not_found"), { status: 404 });
  const [user, mailboxes] = await Promise.all([userDto(context.app, row, { withDisabled: true }), listMailboxesForAdmin(context.app, context.viewer)]);
  return { user, mailboxes, isSelf: context.viewer?.id === row.id, title: withSiteName(context.lang, getT(context.lang)("admin.editTitle", { name: user.displayName })) };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  requireAdmin(context);
  const form = await request.formData();
  const mailboxes = form
    .getAll("mailbox")
    .map(String)
    .map((id) => ({ mailboxId: id, position: String(form.get(`position-${id}`) ?? "handler") }));
  return formAction(context, async () => {
    const user = await adminUpdateUser(context.app, context.viewer, idParam(params.userId), {
      role: String(form.get("role")),
      disabled: form.get("disabled") === "on",
      mailboxes,
    });
    return { saved: true, user };
  });
}

export default function AdminUser() {
  const { user, mailboxes, isSelf } = useLoaderData<typeof loader>();
  const result = useActionData<{ saved?: boolean; error?: TranslatedError }>();
  const { t, i18n } = useTranslation();
  const member = new Map(user.mailboxes.map((m) => [m.mailboxId, m.position]));
  return (
    <div className="stack">
      <p>
        <Link to="/admin">{t("admin.back")}</Link>
      </p>
      <h1>{t("admin.editTitle", { name: user.displayName })}</h1>
      {result?.saved ? (
        <p className="alert alert--success" role="status">
          {t("admin.saved")}
        </p>
      ) : null}
      <FormError message={result?.error?.message} />
      <Form method="post" className="form card">
        <div className="field">
          <label htmlFor="role">{t("admin.role")}</label>
          <select id="role" name="role" defaultValue={user.role} disabled={isSelf}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          {isSelf ? (
            <>
              <input type="hidden" name="role" value={user.role} />
              <p className="field__hint">{t("admin.selfHint")}</p>
            </>
          ) : null}
        </div>
        <label className="checkbox">
          <input type="checkbox" name="disabled" defaultChecked={user.disabled} disabled={isSelf} /> {t("admin.disableAccount")}
        </label>
        <fieldset className="stack">
          <legend>{t("admin.mailboxMemberships")}</legend>
          <p className="field__hint">{t("admin.mailboxHint")}</p>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("admin.member")}</th>
                  <th scope="col">{t("admin.mailbox")}</th>
                  <th scope="col">{t("admin.tier")}</th>
                  <th scope="col">{t("admin.position")}</th>
                </tr>
              </thead>
              <tbody>
                {mailboxes.map((m) => {
                  const name = i18n.language === "en" && m.nameEn ? m.nameEn : m.name;
                  return (
                    <tr key={m.id}>
                      <td>
                        <input
                          type="checkbox"
                          name="mailbox"
                          value={m.id}
                          id={`mb-${m.id}`}
                          defaultChecked={member.has(m.id)}
                        />
                      </td>
                      <td>
                        <label htmlFor={`mb-${m.id}`}>{name}</label>
                      </td>
                      <td>{t(`tiers.${m.tier}`)}</td>
                      <td>
                        <select name={`position-${m.id}`} defaultValue={member.get(m.id) ?? "handler"} aria-label={t("admin.positionFor", { name })}>
                          <option value="handler">{t("positions.handler")}</option>
                          <option value="leader">{t("positions.leader")}</option>
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </fieldset>
        <button type="submit" className="btn btn--primary">
          {t("admin.save")}
        </button>
      </Form>
    </div>
  );
}
