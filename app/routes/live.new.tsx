// /live/new — an official (or an administrator, for any official) schedules a session of
// officials online: title, description, host, mailbox, start and end (Shanghai time), and
// whether questions wait for approval. Works without JavaScript.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { scheduleAction, scheduleLoader } from "~/.server/live/pages";
import { Field, FormError } from "~/components/Field";
import { MailboxPicker } from "~/components/PetitionPages";
import { LIVE_DESCRIPTION_MAX, LIVE_TITLE_MAX } from "~/domain/live/types";
import { toLocalInput } from "~/domain/live/schemas";
import { mailboxName } from "~/domain/petitions/mailboxes";
import liveStyles from "~/styles/live.css?url";
import petitionPageStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: petitionPageStyles },
  { rel: "stylesheet", href: liveStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];
export const loader = ({ context, request }: LoaderFunctionArgs) => scheduleLoader(context, request);
export const action = ({ context, request }: ActionFunctionArgs) => scheduleAction(context, request);

type Result = { error?: { message: string; fields?: Record<string, string> }; values?: Record<string, string> };

function Select({ label, name, defaultValue, error, children, hint }: { label: string; name: string; defaultValue: string; error?: string; hint?: string; children: React.ReactNode }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {children}
      </select>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export default function ScheduleSession() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<Result>();
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const err = r?.error;
  const v = r?.values ?? {};
  // Default: the next full hour, for an hour (Shanghai time).
  const next = new Date(Math.ceil((Date.parse(d.serverNow) + 60_000) / 3_600_000) * 3_600_000);
  const startDefault = v.startsAt ?? toLocalInput(next);
  const endDefault = v.endsAt ?? toLocalInput(new Date(next.getTime() + 3_600_000));
  const noMailbox = !d.admin && d.ownMailboxes.length === 0;
  return (
    <div className="stack live-page">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to="/live">{t("live.list.title")}</Link>
      </nav>
      <h1>{t("live.form.title")}</h1>
      {noMailbox ? (
        <p className="alert alert--warning">{t("live.form.noMailbox")}</p>
      ) : (
        <Form method="post" className="form card" noValidate>
          <FormError message={err && !err.fields ? err.message : err?.fields ? t("form.fixErrors") : null} />
          <Field label={t("live.form.titleLabel")} name="title" required maxLength={LIVE_TITLE_MAX} defaultValue={v.title} error={err?.fields?.title} autoFocus />
          <Field
            label={t("live.form.description")}
            name="description"
            multiline
            rows={5}
            maxLength={LIVE_DESCRIPTION_MAX}
            defaultValue={v.description}
            hint={t("live.form.descriptionHint")}
            error={err?.fields?.description}
          />
          {d.admin ? (
            <Select label={t("live.form.host")} name="hostId" defaultValue={v.hostId ?? d.me.id} error={err?.fields?.hostId} hint={t("live.form.hostHint")}>
              {d.hosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.displayName} · @{h.username}
                </option>
              ))}
            </Select>
          ) : (
            <p className="meta">{t("live.form.hostSelf", { name: d.me.displayName })}</p>
          )}
          {d.admin ? (
            <MailboxPicker
              id="live-mailbox"
              name="mailboxId"
              label={t("live.form.mailbox")}
              items={d.allMailboxes}
              defaultValue={v.mailboxId ?? ""}
              placeholder={t("live.form.mailboxPlaceholder")}
              hint={t("live.form.mailboxHintAdmin")}
              error={err?.fields?.mailboxId}
              required
            />
          ) : (
            <Select label={t("live.form.mailbox")} name="mailboxId" defaultValue={v.mailboxId ?? d.ownMailboxes[0]?.id ?? ""} error={err?.fields?.mailboxId} hint={t("live.form.mailboxHint")}>
              {d.ownMailboxes.map((m) => (
                <option key={m.id} value={m.id}>
                  {mailboxName(m, i18n.language)}
                </option>
              ))}
            </Select>
          )}
          <div className="grid grid--2 live-form-times">
            <Field label={t("live.form.startsAt")} name="startsAt" type="datetime-local" required defaultValue={startDefault} error={err?.fields?.startsAt} hint={t("live.form.timeHint")} />
            <Field label={t("live.form.endsAt")} name="endsAt" type="datetime-local" required defaultValue={endDefault} error={err?.fields?.endsAt} />
          </div>
          <label className="checkbox">
            <input type="checkbox" name="moderated" defaultChecked={v.title === undefined ? true : v.moderated === "on"} /> {t("live.form.moderated")}
          </label>
          <p className="field__hint">{t("live.form.moderatedHint")}</p>
          <div className="row">
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? t("form.submitting") : t("live.form.submit")}
            </button>
          </div>
        </Form>
      )}
    </div>
  );
}
