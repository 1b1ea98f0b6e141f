import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listUsers } from "~/.server/auth/service";
import { requireAdmin } from "~/.server/admin";
import { AdminNav } from "~/components/AdminNav";
import { RoleBadge } from "~/components/Badges";
import { Time } from "~/components/Time";
import { getT, withSiteName } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(context);
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const users = await listUsers(context.app, q, 100);
  return {
    q,
    users: users.map((u) => ({
      id: String(u.id),
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      disabled: u.disabled,
      createdAt: u.createdAt.toISOString(),
      mailboxCount: u.mailboxes.length,
    })),
    title: withSiteName(context.lang, getT(context.lang)("admin.title")),
  };
}

export default function AdminUsers() {
  const { users, q } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack">
      <AdminNav />
      <h1>{t("admin.title")}</h1>
      <Form method="get" className="row" role="search">
        <div className="field">
          <label htmlFor="q">{t("admin.search")}</label>
          <input id="q" name="q" defaultValue={q} type="search" />
        </div>
        <button type="submit" className="btn btn--secondary">
          {t("admin.searchButton")}
        </button>
      </Form>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t("admin.usersCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.user")}</th>
              <th scope="col">{t("admin.role")}</th>
              <th scope="col">{t("admin.mailboxes")}</th>
              <th scope="col">{t("admin.status")}</th>
              <th scope="col">{t("admin.joined")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("admin.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/u/${u.username}`}>{u.displayName}</Link>
                  <div className="meta">@{u.username}</div>
                </td>
                <td>
                  {t(`roles.${u.role}`)} <RoleBadge role={u.role} />
                </td>
                <td>{u.mailboxCount}</td>
                <td>{u.disabled ? t("admin.disabled") : t("admin.active")}</td>
                <td>
                  <Time iso={u.createdAt} />
                </td>
                <td>
                  <Link to={`/admin/users/${u.id}`} className="btn btn--secondary btn--small">
                    {t("admin.edit")}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
