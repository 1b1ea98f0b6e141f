// /admin/api-keys — administrators issue Open311 API keys per integration (the 12345 hotline's
// operator system, a mobile app) and revoke them. A new key is shown once, in the action's
// answer (never in the loader's data), with a copy button and a warning.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { requireAdmin } from "~/.server/admin";
import { isAppError } from "~/.server/errors";
import { forPage, readForm, translateError, type TranslatedError } from "~/.server/http";
import { issueApiKey, listApiKeys, revokeApiKey } from "~/.server/open311/keys";
import { AdminNav } from "~/components/AdminNav";
import { Field, FormError, SelectField } from "~/components/Field";
import { CodeBox } from "~/components/PetitionPages";
import { Time } from "~/components/Time";
import { apiKeyChannels, RATE_LIMIT_MAX, type ApiKeyDto } from "~/domain/open311/schemas";
import { getT, withSiteName } from "~/i18n";
import pageStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pageStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ context }: LoaderFunctionArgs) {
  requireAdmin(context);
  const items = await forPage(context, () => listApiKeys(context.app, context.viewer));
  return { items, title: withSiteName(context.lang, getT(context.lang)("apiKeys.title")) };
}

type ActionData =
  | { issued: { key: string; apiKey: ApiKeyDto } }
  | { revoked: { name: string } }
  | { error: TranslatedError; values?: Record<string, string>; intent: string };

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdmin(context);
  const form = await readForm(request);
  try {
    if (form.intent === "revoke") {
      const k = await revokeApiKey(context.app, context.viewer, /^[1-9][0-9]{0,15}$/.test(form.id ?? "") ? Number(form.id) : 0);
      return data<ActionData>({ revoked: { name: k.name } });
    }
    const issued = await issueApiKey(context.app, context.viewer, { name: form.name ?? "", channel: form.channel ?? "", rateLimitPerMinute: form.rateLimitPerMinute ?? "" });
    return data<ActionData>({ issued }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    if (isAppError(e)) {
      // What was typed comes back, never a key.
      const values = form.intent === "revoke" ? undefined : { name: form.name ?? "", channel: form.channel ?? "", rateLimitPerMinute: form.rateLimitPerMinute ?? "" };
      return data<ActionData>({ error: translateError(e, context.lang), values, intent: form.intent ?? "issue" }, { status: e.status });
    }
    throw e;
  }
}

function Issued({ issued }: { issued: { key: string; apiKey: ApiKeyDto } }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), [issued.key]);
  return (
    <section className="card stack" aria-labelledby="issued-title" tabIndex={-1} ref={ref} data-testid="api-key-issued">
      <h2 className="card__title" id="issued-title">
        {t("apiKeys.issuedTitle", { name: issued.apiKey.name })}
      </h2>
      <div className="alert alert--warning" role="note">
        <p>{t("apiKeys.issuedWarning")}</p>
      </div>
      <dl className="pp-codes">
        <CodeBox label={t("apiKeys.keyLabel")} value={issued.key} testId="api-key-value" />
      </dl>
    </section>
  );
}

const summaryStyle = { listStyle: "none", cursor: "pointer", display: "inline-flex" } as const;

function KeyRow({ k, busy }: { k: ApiKeyDto; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <tr>
      <td>
        <strong>{k.name}</strong>
        <div className="meta">
          {t("apiKeys.createdBy", { name: k.createdBy.displayName })} · <Time iso={k.createdAt} />
        </div>
      </td>
      <td>{t(`apiKeys.channels.${k.channel}`)}</td>
      <td>
        <code translate="no">{k.prefix}…</code>
      </td>
      <td>{t("apiKeys.perMinute", { count: k.rateLimitPerMinute })}</td>
      <td>{k.lastUsedAt ? <Time iso={k.lastUsedAt} /> : t("apiKeys.never")}</td>
      <td>
        {k.active ? (
          t("apiKeys.active")
        ) : (
          <>
            <span className="badge badge--locked">{t("apiKeys.revoked")}</span>
            <div className="meta">
              {k.revokedAt ? <Time iso={k.revokedAt} /> : null} {k.revokedBy ? t("apiKeys.revokedAtBy", { by: k.revokedBy.displayName }) : null}
            </div>
          </>
        )}
      </td>
      <td>
        {k.active ? (
          <details>
            <summary className="btn btn--secondary btn--small" style={summaryStyle} aria-label={t("apiKeys.revokeLabel", { name: k.name })}>
              {t("apiKeys.revoke")}
            </summary>
            <Form method="post" className="stack">
              <p>{t("apiKeys.revokeConfirm", { name: k.name })}</p>
              <input type="hidden" name="id" value={k.id} />
              <button type="submit" name="intent" value="revoke" className="btn btn--danger btn--small" disabled={busy}>
                {t("apiKeys.revokeYes")}
              </button>
            </Form>
          </details>
        ) : null}
      </td>
    </tr>
  );
}

export default function AdminApiKeys() {
  const { items } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  const issueError = result && "error" in result && result.intent !== "revoke" ? result.error : null;
  const revokeError = result && "error" in result && result.intent === "revoke" ? result.error : null;
  const values = result && "error" in result ? result.values : undefined;
  return (
    <div className="stack">
      <AdminNav />
      <h1>{t("apiKeys.title")}</h1>
      <p className="muted">{t("apiKeys.lead")}</p>
      <p className="meta">{t("apiKeys.docsHint")}</p>

      {result && "issued" in result ? <Issued issued={result.issued} /> : null}
      {result && "revoked" in result ? (
        <p className="alert alert--success" role="status">
          {t("apiKeys.revokedNotice", { name: result.revoked.name })}
        </p>
      ) : null}
      <FormError message={revokeError?.message} />

      <section className="stack" aria-labelledby="keys-title">
        <h2 className="section-title" id="keys-title">
          {t("apiKeys.listTitle")}
        </h2>
        {items.length ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t("apiKeys.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("apiKeys.name")}</th>
                  <th scope="col">{t("apiKeys.channel")}</th>
                  <th scope="col">{t("apiKeys.prefix")}</th>
                  <th scope="col">{t("apiKeys.rateLimit")}</th>
                  <th scope="col">{t("apiKeys.lastUsedAt")}</th>
                  <th scope="col">{t("apiKeys.status")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("apiKeys.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((k) => (
                  <KeyRow key={k.id} k={k} busy={busy} />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="empty">{t("apiKeys.empty")}</p>
        )}
      </section>

      <section className="card stack" aria-labelledby="issue-title">
        <h2 className="card__title" id="issue-title">
          {t("apiKeys.issueTitle")}
        </h2>
        <FormError message={issueError?.message} />
        <Form method="post" className="form">
          <Field label={t("apiKeys.name")} name="name" required maxLength={100} defaultValue={values?.name ?? ""} hint={t("apiKeys.nameHint")} error={issueError?.fields?.name} />
          <SelectField label={t("apiKeys.channel")} name="channel" defaultValue={values?.channel || "mobile"} error={issueError?.fields?.channel}>
            {apiKeyChannels.map((c) => (
              <option key={c} value={c}>
                {t(`apiKeys.channels.${c}`)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t("apiKeys.rateLimit")}
            name="rateLimitPerMinute"
            type="number"
            inputMode="numeric"
            min={1}
            max={RATE_LIMIT_MAX}
            defaultValue={values?.rateLimitPerMinute || "60"}
            hint={t("apiKeys.rateLimitHint")}
            error={issueError?.fields?.rateLimitPerMinute}
          />
          <button type="submit" name="intent" value="issue" className="btn btn--primary" disabled={busy}>
            {t("apiKeys.issue")}
          </button>
        </Form>
      </section>
    </div>
  );
}
