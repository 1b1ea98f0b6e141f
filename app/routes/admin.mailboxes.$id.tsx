import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdmin } from "~/.server/admin";
import { isAppError } from "~/.server/errors";
import { forPage, idParam, readForm, translateError, type TranslatedError } from "~/.server/http";
import { getMailbox, listMailboxesForAdmin, removeMember, setMember, updateMailbox } from "~/.server/petitions/mailboxes";
import { AdminNav } from "~/components/AdminNav";
import { Field, FormError } from "~/components/Field";
import { MailboxFields } from "~/components/MailboxFields";
import { RoleBadge } from "~/components/Badges";
import { ancestorsOf, descendantIds, mailboxKinds, mailboxName, positions, tiers } from "~/domain/petitions/mailboxes";
import { getT, withSiteName } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdmin(context);
  const id = await forPage(context, async () => idParam(params.id));
  const [mailbox, all] = await forPage(context, () =>
    Promise.all([getMailbox(context.app, context.viewer, id), listMailboxesForAdmin(context.app, context.viewer)]),
  );
  const byId = new Map(all.map((m) => [m.id, m]));
  const below = descendantIds(mailbox.id, all);
  const lang = context.lang;
  return {
    mailbox,
    path: ancestorsOf(mailbox.id, byId).reverse(),
    children: all.filter((m) => m.parentId === mailbox.id),
    // Neither the mailbox itself nor anything below it can become its parent.
    parents: all.filter((m) => m.id !== mailbox.id && !below.has(m.id)),
    created: new URL(request.url).searchParams.has("created"),
    title: withSiteName(lang, getT(lang)("mailboxAdmin.editTitle", { name: mailboxName(mailbox, lang) })),
  };
}

const intents = ["save", "add", "position", "remove"] as const;
type Intent = (typeof intents)[number];
type ActionResult = { intent: Intent; done?: string; at?: number; error?: TranslatedError; values?: Record<string, string> };

export async function action({ params, request, context }: ActionFunctionArgs) {
  requireAdmin(context);
  const form = await readForm(request);
  const intent = intents.find((i) => i === form.intent) ?? "save";
  const { app, viewer } = context;
  try {
    const id = idParam(params.id);
    switch (intent) {
      case "save":
        await updateMailbox(app, viewer, id, {
          name: form.name ?? "",
          nameEn: form.nameEn ?? "",
          tier: form.tier ?? "",
          kind: form.kind ?? "",
          parentId: form.parentId ?? "",
          active: form.active === "on",
          ...(form.sortOrder?.trim() ? { sortOrder: form.sortOrder } : {}),
        });
        return { intent, done: "mailboxAdmin.saved", at: Date.now() } satisfies ActionResult;
      case "add":
        await setMember(app, viewer, id, form.username ?? "", { position: form.position });
        return { intent, done: "mailboxAdmin.memberAdded", at: Date.now() } satisfies ActionResult;
      case "position":
        await setMember(app, viewer, id, idParam(form.userId), { position: form.position });
        return { intent, done: "mailboxAdmin.memberUpdated", at: Date.now() } satisfies ActionResult;
      case "remove":
        await removeMember(app, viewer, id, idParam(form.userId));
        return { intent, done: "mailboxAdmin.memberRemoved", at: Date.now() } satisfies ActionResult;
    }
  } catch (e) {
    // The form that was sent comes back with what was typed and its errors beside the fields.
    if (isAppError(e)) {
      return data({ intent, error: translateError(e, context.lang), values: form } satisfies ActionResult, { status: e.status });
    }
    throw e;
  }
}

export default function AdminMailbox() {
  const { mailbox, path, children, parents, created } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const { t, i18n } = useTranslation();
  const name = mailboxName(mailbox, i18n.language);
  const saveErrors = result?.intent === "save" ? (result.error?.fields ?? {}) : {};
  const addErrors = result?.intent === "add" ? (result.error?.fields ?? {}) : {};
  const sent = result?.intent === "save" && result.error ? result.values : undefined;
  const pick = <T extends string>(list: readonly T[], v: string | undefined, fallback: T) => list.find((x) => x === v) ?? fallback;
  const values = sent
    ? {
        name: sent.name ?? "",
        nameEn: sent.nameEn ?? "",
        tier: pick(tiers, sent.tier, mailbox.tier),
        kind: pick(mailboxKinds, sent.kind, mailbox.kind),
        parentId: sent.parentId || null,
        sortOrder: sent.sortOrder ?? "",
        active: sent.active === "on",
      }
    : mailbox;
  const notice = result?.done ? t(result.done) : created ? t("mailboxAdmin.created") : null;
  // An error of a member row's form is shown above the table (the row has no room for it).
  const memberError = result?.error && (result.intent === "position" || result.intent === "remove") ? result.error.message : null;

  return (
    <div className="stack">
      <AdminNav />
      <p>
        <Link to="/admin/mailboxes">{t("mailboxAdmin.back")}</Link>
      </p>
      <h1>{t("mailboxAdmin.editTitle", { name })}</h1>
      <p className="meta">
        {t(`tiers.${mailbox.tier}`)} · {t(`mailboxAdmin.kinds.${mailbox.kind}`)}
        {mailbox.slug ? ` · ${t("mailboxAdmin.slug", { slug: mailbox.slug })}` : ""}
        {path.length ? ` · ${t("mailboxAdmin.parentPath", { path: path.map((p) => mailboxName(p, i18n.language)).join(" › ") })}` : ""}
      </p>
      {mailbox.active ? null : (
        <p className="alert alert--warning" role="note">
          {t("mailboxAdmin.inactiveNotice")}
        </p>
      )}
      {notice ? (
        <p className="alert alert--success" role="status">
          {notice}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="mailbox-details">
        <h2 className="card__title" id="mailbox-details">
          {t("mailboxAdmin.details")}
        </h2>
        {result?.intent === "save" ? <FormError message={result.error?.message} /> : null}
        <Form method="post" className="form" key={`save-${result?.intent === "save" ? (result.at ?? "error") : "initial"}`}>
          <input type="hidden" name="intent" value="save" />
          <MailboxFields values={values} parents={parents} errors={saveErrors} />
          <button type="submit" className="btn btn--primary">
            {t("mailboxAdmin.save")}
          </button>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="mailbox-members">
        <h2 className="card__title" id="mailbox-members">
          {t("mailboxAdmin.members")}
        </h2>
        <p className="field__hint">{t("mailboxAdmin.memberHint")}</p>
        <FormError message={memberError} />
        {mailbox.members.length ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t("mailboxAdmin.membersCaption", { name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("mailboxAdmin.member")}</th>
                  <th scope="col">{t("mailboxAdmin.position")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("admin.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {mailbox.members.map((m) => (
                  <tr key={m.userId}>
                    <td>
                      <Link to={`/admin/users/${m.userId}`}>{m.displayName}</Link> <RoleBadge role={m.role} />
                      <div className="meta">@{m.username}</div>
                    </td>
                    <td>
                      <Form method="post" className="row" key={`${m.userId}-${m.position}`}>
                        <input type="hidden" name="intent" value="position" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <select name="position" defaultValue={m.position} aria-label={t("mailboxAdmin.positionFor", { name: m.displayName })}>
                          {positions.map((p) => (
                            <option key={p} value={p}>
                              {t(`positions.${p}`)}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="btn btn--secondary btn--small">
                          {t("mailboxAdmin.changePosition")}
                        </button>
                      </Form>
                    </td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <button type="submit" className="btn btn--danger btn--small" aria-label={t("mailboxAdmin.removeLabel", { name: m.displayName })}>
                          {t("mailboxAdmin.remove")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="empty">{t("mailboxAdmin.noMembers")}</p>
        )}

        <h3 id="add-member">{t("mailboxAdmin.addMember")}</h3>
        {result?.intent === "add" ? <FormError message={result.error?.message} /> : null}
        <Form method="post" className="form" aria-labelledby="add-member" key={`add-${result?.intent === "add" ? (result.at ?? "error") : "initial"}`}>
          <input type="hidden" name="intent" value="add" />
          <div className="grid grid--2">
            <Field
              label={t("mailboxAdmin.username")}
              name="username"
              required
              autoComplete="off"
              defaultValue={result?.intent === "add" && result.error ? (result.values?.username ?? "") : ""}
              hint={t("mailboxAdmin.usernameHint")}
              error={addErrors.username}
            />
            <div className="field">
              <label htmlFor="add-position">{t("mailboxAdmin.position")}</label>
              <select
                id="add-position"
                name="position"
                defaultValue={result?.intent === "add" && result.error ? pick(positions, result.values?.position, "handler") : "handler"}
                aria-invalid={addErrors.position ? true : undefined}
                aria-describedby={addErrors.position ? "add-position-error" : undefined}
              >
                {positions.map((p) => (
                  <option key={p} value={p}>
                    {t(`positions.${p}`)}
                  </option>
                ))}
              </select>
              {addErrors.position ? (
                <p className="field__error" id="add-position-error">
                  {addErrors.position}
                </p>
              ) : null}
            </div>
          </div>
          <button type="submit" className="btn btn--primary">
            {t("mailboxAdmin.add")}
          </button>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="mailbox-children">
        <h2 className="card__title" id="mailbox-children">
          {t("mailboxAdmin.children")}
        </h2>
        {children.length ? (
          <ul>
            {children.map((c) => (
              <li key={c.id}>
                <Link to={`/admin/mailboxes/${c.id}`}>{mailboxName(c, i18n.language)}</Link>{" "}
                <span className="meta">{t("mailboxAdmin.memberCount", { count: c.memberCount })}</span>
                {c.active ? null : (
                  <>
                    {" "}
                    <span className="badge badge--locked">{t("mailboxAdmin.inactive")}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("mailboxAdmin.noChildren")}</p>
        )}
      </section>
    </div>
  );
}
