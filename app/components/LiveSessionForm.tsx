// The officials-online session form: scheduling a new session (/live/new) and changing one
// before it starts (/live/:id/edit). Works without JavaScript; times are Shanghai time.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormError, SelectField } from "~/components/Field";
import { MailboxPicker } from "~/components/PetitionPages";
import { LIVE_DESCRIPTION_MAX, LIVE_TITLE_MAX } from "~/domain/live/types";
import { mailboxName } from "~/domain/petitions/mailboxes";

export type SessionFormValues = Partial<Record<"title" | "description" | "hostId" | "mailboxId" | "startsAt" | "endsAt" | "moderated", string>>;

export interface SessionFormData {
  admin: boolean;
  me: { id: string; displayName: string };
  hosts: { id: string; username: string; displayName: string }[];
  ownMailboxes: { id: string; name: string; nameEn: string }[];
  allMailboxes: Parameters<typeof MailboxPicker>[0]["items"];
}

export function SessionForm({
  mode,
  d,
  values: v,
  error: err,
  busy,
  hostName,
}: {
  mode: "new" | "edit";
  d: SessionFormData;
  values: SessionFormValues;
  error?: { message: string; fields?: Record<string, string> };
  busy: boolean;
  /** Edit: the host stays; shown, not chosen. */
  hostName?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
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
      {mode === "edit" ? (
        <p className="meta">{t("live.form.hostFixed", { name: hostName ?? "" })}</p>
      ) : d.admin ? (
        <SelectField label={t("live.form.host")} name="hostId" defaultValue={v.hostId ?? d.me.id} error={err?.fields?.hostId} hint={t("live.form.hostHint")}>
          {d.hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.displayName} · @{h.username}
            </option>
          ))}
        </SelectField>
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
        <SelectField label={t("live.form.mailbox")} name="mailboxId" defaultValue={v.mailboxId ?? d.ownMailboxes[0]?.id ?? ""} error={err?.fields?.mailboxId} hint={t("live.form.mailboxHint")}>
          {d.ownMailboxes.map((m) => (
            <option key={m.id} value={m.id}>
              {mailboxName(m, i18n.language)}
            </option>
          ))}
        </SelectField>
      )}
      <div className="grid grid--2 live-form-times">
        <Field label={t("live.form.startsAt")} name="startsAt" type="datetime-local" required defaultValue={v.startsAt} error={err?.fields?.startsAt} hint={t("live.form.timeHint")} />
        <Field label={t("live.form.endsAt")} name="endsAt" type="datetime-local" required defaultValue={v.endsAt} error={err?.fields?.endsAt} />
      </div>
      <label className="checkbox">
        <input type="checkbox" name="moderated" defaultChecked={v.moderated === undefined ? true : v.moderated === "on"} /> {t("live.form.moderated")}
      </label>
      <p className="field__hint">{t("live.form.moderatedHint")}</p>
      <div className="row">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t("form.submitting") : t(mode === "edit" ? "live.form.save" : "live.form.submit")}
        </button>
      </div>
    </Form>
  );
}
