// The period pieces of the public statistics pages (/stats and /stats/assessment): the preset
// links, the fields of the GET filter form with its note and errors, and the summary line
// above the results. Every id is `${idPrefix}-…`, so each page keeps its own ids.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Time } from "./Time";

/** Links to preset periods; the one shown now is marked current. */
export function PeriodPresets({ label, presets }: { label: string; presets: { key: string | number; to: string; label: string; current: boolean }[] }) {
  return (
    <nav aria-label={label} className="assessment-presets">
      <span className="assessment-presets__label">{label}</span>
      <ul>
        {presets.map((p) => (
          <li key={p.key}>
            <Link to={p.to} aria-current={p.current ? "true" : undefined} className={p.current ? "is-current" : undefined}>
              {p.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The period's first and last day, each described by the period note (and its error, if any). */
export function PeriodDateFields({
  idPrefix,
  labels,
  values,
  errors,
}: {
  idPrefix: string;
  labels: { from: string; to: string };
  values: { from: string; to: string };
  errors: { from?: string; to?: string };
}) {
  return (
    <>
      <PeriodDateField idPrefix={idPrefix} name="from" label={labels.from} defaultValue={values.from} error={errors.from} />
      <PeriodDateField idPrefix={idPrefix} name="to" label={labels.to} defaultValue={values.to} error={errors.to} />
    </>
  );
}

function PeriodDateField({ idPrefix, name, label, defaultValue, error }: { idPrefix: string; name: "from" | "to"; label: string; defaultValue: string; error?: string }) {
  const id = `${idPrefix}-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type="date" defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error ${idPrefix}-period-note` : `${idPrefix}-period-note`} />
    </div>
  );
}

/** A select of the filter form. */
export function FilterSelect({
  id,
  name,
  label,
  defaultValue,
  invalid,
  describedBy,
  options,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  invalid: boolean;
  describedBy?: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={invalid ? true : undefined} aria-describedby={describedBy}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The note under the filter form, then each field's error in the order given. */
export function FilterNotes({ idPrefix, note, fields }: { idPrefix: string; note: string; fields: { name: string; label: string; error?: string }[] }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="field__hint assessment-filter__note" id={`${idPrefix}-period-note`}>
        {note}
      </p>
      {fields.map((f) =>
        f.error ? (
          <p key={f.name} className="field__error assessment-filter__note" id={`${idPrefix}-${f.name}-error`}>
            {t("form.fieldError", { label: f.label, message: f.error })}
          </p>
        ) : null,
      )}
    </>
  );
}

/** "Period: from – to · count · as of …", and the page's downloads beside it. */
export function PeriodSummary({
  label,
  value,
  count,
  asOf,
  generatedAt,
  children,
}: {
  label: string;
  value: string;
  count: ReactNode;
  asOf: string;
  generatedAt: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="row assessment-summary">
      <p>
        <strong>{t("form.labelled", { label })}</strong>
        {value}
        {" · "}
        {count}
        {" · "}
        <span className="meta">
          {asOf} <Time iso={generatedAt} />
        </span>
      </p>
      {children}
    </div>
  );
}
