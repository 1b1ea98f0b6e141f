import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdmin } from "~/.server/admin";
import { isAppError } from "~/.server/errors";
import { forPage, readForm, translateError, type TranslatedError } from "~/.server/http";
import { createMailbox, listMailboxesForAdmin } from "~/.server/petitions/mailboxes";
import { AdminNav } from "~/components/AdminNav";
import { FormError } from "~/components/Field";
import { MailboxFields } from "~/components/MailboxFields";
import { ancestorsOf, groupMailboxTree, mailboxKinds, mailboxName, tiers, type MailboxAdminDto, type TreeRow } from "~/domain/petitions/mailboxes";
import { getT, withSiteName } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 64);
  const items = await forPage(context, () => listMailboxesForAdmin(context.app, context.viewer));
  return { q, items, title: withSiteName(context.lang, getT(context.lang)("mailboxAdmin.title")) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdmin(context);
  const form = await readForm(request);
  let id: string;
  try {
    ({ id } = await createMailbox(context.app, context.viewer, {
      name: form.name ?? "",
      nameEn: form.nameEn ?? "",
      tier: form.tier ?? "",
      kind: form.kind ?? "",
      parentId: form.parentId ?? "",
      active: form.active === "on",
      ...(form.sortOrder?.trim() ? { sortOrder: form.sortOrder } : {}),
    }));
  } catch (e) {
    // The form comes back with what was typed and the errors beside their fields.
    if (isAppError(e)) return data({ error: translateError(e, context.lang), values: form }, { status: e.status });
    throw e;
  }
  return redirect(`/admin/mailboxes/${id}?created=1`);
}

function MailboxTable({ rows, caption, withPath }: { rows: TreeRow<MailboxAdminDto>[]; caption: string; withPath?: Map<string, MailboxAdminDto> }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.mailbox")}</th>
            <th scope="col">{t("mailboxAdmin.kind")}</th>
            <th scope="col">{t("mailboxAdmin.members")}</th>
            <th scope="col">{t("admin.status")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("admin.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ item: m, depth }) => {
            const path = withPath
              ? ancestorsOf(m.id, withPath)
                  .reverse()
                  .map((a) => mailboxName(a, i18n.language))
                  .join(" › ")
              : "";
            return (
              <tr key={m.id}>
                <td>
                  <div style={depth ? { paddingInlineStart: `${depth * 1.5}rem` } : undefined}>
                    <Link to={`/admin/mailboxes/${m.id}`}>{mailboxName(m, i18n.language)}</Link>
                    {i18n.language === "en" ? null : m.nameEn ? (
                      <div className="meta" lang="en">
                        {m.nameEn}
                      </div>
                    ) : null}
                    {path ? <div className="meta">{t("mailboxAdmin.parentPath", { path })}</div> : null}
                  </div>
                </td>
                <td>{t(`mailboxAdmin.kinds.${m.kind}`)}</td>
                <td>{t("mailboxAdmin.memberCount", { count: m.memberCount })}</td>
                <td>{m.active ? t("admin.active") : <span className="badge badge--locked">{t("mailboxAdmin.inactive")}</span>}</td>
                <td>
                  <Link to={`/admin/mailboxes/${m.id}`} className="btn btn--secondary btn--small" aria-label={`${t("mailboxAdmin.edit")} ${mailboxName(m, i18n.language)}`}>
                    {t("mailboxAdmin.edit")}
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The new-mailbox form's values: empty, or what was sent when it came back with errors. */
function newValues(sent?: Record<string, string>) {
  const pick = <T extends string>(list: readonly T[], v: string | undefined, fallback: T) => list.find((x) => x === v) ?? fallback;
  return {
    name: sent?.name ?? "",
    nameEn: sent?.nameEn ?? "",
    tier: pick(tiers, sent?.tier, "city"),
    kind: pick(mailboxKinds, sent?.kind, "department"),
    parentId: sent?.parentId || null,
    sortOrder: sent?.sortOrder ?? "",
    active: sent ? sent.active === "on" : true,
  };
}

const summaryStyle = { cursor: "pointer", minHeight: "var(--tap-min)", fontWeight: 700 } as const;

export default function AdminMailboxes() {
  const { items, q } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: TranslatedError; values?: Record<string, string> }>();
  const { t, i18n } = useTranslation();
  const byId = new Map(items.map((m) => [m.id, m]));
  const needle = q.toLowerCase();
  const matches = needle
    ? items.filter((m) => [m.name, m.nameEn, m.slug ?? ""].some((s) => s.toLowerCase().includes(needle)))
    : [];
  const groups = groupMailboxTree(items);
  const inactive = items.filter((m) => !m.active).length;
  const errors = result?.error?.fields ?? {};
  return (
    <div className="stack">
      <AdminNav />
      <h1>{t("mailboxAdmin.title")}</h1>
      <p className="muted">{t("mailboxAdmin.lead")}</p>
      <div className="row">
        <p>{t("mailboxAdmin.summary", { total: items.length, inactive })}</p>
        <a href="#new-mailbox" className="btn btn--primary btn--small">
          {t("mailboxAdmin.newTitle")}
        </a>
      </div>

      <Form method="get" className="row" role="search">
        <div className="field">
          <label htmlFor="q">{t("mailboxAdmin.filter")}</label>
          <input id="q" name="q" type="search" defaultValue={q} aria-describedby="q-hint" />
          <p className="field__hint" id="q-hint">
            {t("mailboxAdmin.filterHint")}
          </p>
        </div>
        <button type="submit" className="btn btn--secondary">
          {t("mailboxAdmin.filterButton")}
        </button>
        {q ? <Link to="/admin/mailboxes">{t("mailboxAdmin.clearFilter")}</Link> : null}
      </Form>

      {q ? (
        <section className="stack" aria-label={t("mailboxAdmin.filterResults", { count: matches.length })}>
          <p role="status">{t("mailboxAdmin.filterResults", { count: matches.length })}</p>
          {matches.length ? (
            <MailboxTable rows={matches.map((item) => ({ item, depth: 0 }))} caption={t("mailboxAdmin.filterResults", { count: matches.length })} withPath={byId} />
          ) : (
            <p className="empty">{t("mailboxAdmin.noResults")}</p>
          )}
        </section>
      ) : (
        <section className="stack" aria-label={t("mailboxAdmin.treeLabel")}>
          <details className="card" open>
            <summary style={summaryStyle}>{t("mailboxAdmin.cityGroup", { count: groups.city.length })}</summary>
            <MailboxTable rows={groups.city} caption={t("tiers.city")} />
          </details>
          {groups.counties.map((g) => {
            const name = mailboxName(g.root, i18n.language);
            return (
              <details className="card" key={g.root.id}>
                <summary style={summaryStyle}>{t("mailboxAdmin.countyGroup", { name, county: g.county.length, town: g.town.length })}</summary>
                <div className="stack">
                  <h2 className="section-title">{t("tiers.county")}</h2>
                  <MailboxTable rows={g.county} caption={`${name} · ${t("tiers.county")}`} />
                  {g.town.length ? (
                    <>
                      <h2 className="section-title">{t("tiers.town")}</h2>
                      <MailboxTable rows={g.town} caption={`${name} · ${t("tiers.town")}`} />
                    </>
                  ) : null}
                </div>
              </details>
            );
          })}
          {groups.unassigned.length ? (
            <details className="card" open>
              <summary style={summaryStyle}>{t("mailboxAdmin.unassignedGroup", { count: groups.unassigned.length })}</summary>
              <MailboxTable rows={groups.unassigned} caption={t("tiers.town")} withPath={byId} />
            </details>
          ) : null}
        </section>
      )}

      <section className="card stack" aria-labelledby="new-mailbox">
        <h2 className="card__title" id="new-mailbox">
          {t("mailboxAdmin.newTitle")}
        </h2>
        <FormError message={result?.error?.message} />
        <Form method="post" className="form">
          <MailboxFields
            values={newValues(result?.values)}
            parents={items}
            errors={errors}
          />
          <button type="submit" className="btn btn--primary">
            {t("mailboxAdmin.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}
