import { useTranslation } from "react-i18next";
import { Field, SelectField } from "~/components/Field";
import { mailboxKinds, mailboxName, tiers, MAILBOX_NAME_EN_MAX, MAILBOX_NAME_MAX, type MailboxKind, type Tier } from "~/domain/petitions/mailboxes";

export interface ParentOption {
  id: string;
  name: string;
  nameEn: string;
  tier: Tier;
  active: boolean;
}

interface Values {
  name: string;
  nameEn: string;
  tier: Tier;
  kind: MailboxKind;
  parentId: string | null;
  /** A number, or what was typed ("" for none). */
  sortOrder: number | string;
  active: boolean;
}

/** The fields of a mailbox, shared by the "new mailbox" and the "edit mailbox" forms. */
export function MailboxFields({ values, parents, errors = {} }: { values: Values; parents: ParentOption[]; errors?: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <Field label={t("mailboxAdmin.name")} name="name" defaultValue={values.name} required maxLength={MAILBOX_NAME_MAX} error={errors.name} />
      <Field
        label={t("mailboxAdmin.nameEn")}
        name="nameEn"
        defaultValue={values.nameEn}
        maxLength={MAILBOX_NAME_EN_MAX}
        lang="en"
        hint={t("mailboxAdmin.nameEnHint")}
        error={errors.nameEn}
      />
      <div className="grid grid--2">
        <SelectField label={t("mailboxAdmin.tier")} name="tier" defaultValue={values.tier} error={errors.tier}>
          {tiers.map((x) => (
            <option key={x} value={x}>
              {t(`tiers.${x}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("mailboxAdmin.kind")} name="kind" defaultValue={values.kind} error={errors.kind}>
          {mailboxKinds.map((x) => (
            <option key={x} value={x}>
              {t(`mailboxAdmin.kinds.${x}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <SelectField label={t("mailboxAdmin.parent")} name="parentId" defaultValue={values.parentId ?? ""} error={errors.parentId}>
        <option value="">{t("mailboxAdmin.noParent")}</option>
        {tiers.map((tier) => (
          <optgroup key={tier} label={t(`tiers.${tier}`)}>
            {parents
              .filter((p) => p.tier === tier)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.active ? mailboxName(p, i18n.language) : `${mailboxName(p, i18n.language)} (${t("mailboxAdmin.inactive")})`}
                </option>
              ))}
          </optgroup>
        ))}
      </SelectField>
      <Field
        label={t("mailboxAdmin.sortOrder")}
        name="sortOrder"
        type="number"
        min={0}
        max={1_000_000}
        step={1}
        inputMode="numeric"
        defaultValue={values.sortOrder}
        hint={t("mailboxAdmin.sortOrderHint")}
        error={errors.sortOrder}
      />
      <label className="checkbox">
        <input type="checkbox" name="active" defaultChecked={values.active} /> {t("mailboxAdmin.active")}
      </label>
      {errors.active ? <p className="field__error">{errors.active}</p> : null}
    </>
  );
}
