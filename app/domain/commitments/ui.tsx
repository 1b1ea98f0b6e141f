// Building blocks of the commitments pages: the progress bar, status badge, budget, the
// progress chart (recharts, drawn at a fixed size so the server's and the browser's SVG agree,
// with its data as a table for screen readers), and the form shared by /new and /edit.
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from "recharts";
import { Field, FormError } from "~/components/Field";
import { MailboxPicker } from "~/components/PetitionPages";
import type { MailboxChoice } from "~/domain/petitions/mailbox-groups";
import { mailboxName } from "~/domain/petitions/mailboxes";
import { TITLE_MAX } from "~/domain/forum/types";
import { formatYuan, percent } from "./rules";
import { SUMMARY_MAX, type CommitmentStatus } from "./types";

export function ProgressBar({ value, label, id }: { value: number; label: string; id?: string }) {
  const v = percent(value);
  return (
    <div className="cm-progress" id={id}>
      <div
        className="cm-progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={v}
        aria-valuetext={`${v}%`}
        data-testid="commitment-progress"
        data-value={v}
      >
        <div className={v >= 100 ? "cm-progress__fill cm-progress__fill--done" : "cm-progress__fill"} style={{ width: `${v}%` }} />
      </div>
      <span className="cm-progress__value" aria-hidden="true">
        {v}%
      </span>
    </div>
  );
}

export function StatusBadge({ status }: { status: CommitmentStatus }) {
  const { t } = useTranslation();
  return <span className={`badge cm-status cm-status--${status}`}>{t(`commitments.status.${status}`)}</span>;
}

export function Budget({ yuan }: { yuan: number | null }) {
  const { t, i18n } = useTranslation();
  if (yuan === null) return <span className="muted">{t("commitments.facts.noBudget")}</span>;
  return <span className="cm-budget">{formatYuan(yuan, i18n.language)}</span>;
}

/** The head of a commitment's card and page: its place in the list, its title, its status. */
export function CommitmentHead({ ordinal, status, children }: { ordinal: number | null; status: CommitmentStatus; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="cm-card__head">
      {ordinal !== null ? (
        <span className="cm-ordinal" aria-label={t("commitments.facts.ordinal", { n: ordinal })}>
          {ordinal}
        </span>
      ) : null}
      {children}
      <StatusBadge status={status} />
    </div>
  );
}

/** One term of a commitment's facts (`<dl className="cm-facts">`). */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The owner mailbox and the budget, as facts. */
export function OwnerAndBudget({ c }: { c: { ownerMailbox: Parameters<typeof mailboxName>[0]; budgetYuan: number | null } }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <Fact label={t("commitments.facts.owner")}>{mailboxName(c.ownerMailbox, i18n.language)}</Fact>
      <Fact label={t("commitments.facts.budget")}>
        <Budget yuan={c.budgetYuan} />
      </Fact>
    </>
  );
}

/** A tick label as plain SVG text (recharts' own measures words in the browser). */
function Tick({ x, y, payload, anchor = "middle", dy = 12, unit = "" }: { x?: number; y?: number; payload?: { value?: string | number }; anchor?: "middle" | "end"; dy?: number; unit?: string }) {
  return (
    <text x={x} y={y} dy={dy} textAnchor={anchor} fontSize={12} fill="#555b63">
      {`${payload?.value ?? ""}${unit}`}
    </text>
  );
}

export interface ChartPoint {
  /** A short date label, in Beijing time. */
  label: string;
  value: number;
}

/** Progress over time as a stepped line, 0–100%, with its numbers in a table beneath. */
export function ProgressChart({ id, points, title, alt, valueLabel }: { id: string; points: ChartPoint[]; title: string; alt: string; valueLabel: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  if (points.length === 0) return <p className="empty">{t("commitments.chart.none")}</p>;
  return (
    <figure className="cm-chart" aria-labelledby={headingId}>
      <figcaption className="cm-chart__title" id={headingId}>
        {title}
      </figcaption>
      <div role="img" aria-label={alt} className="cm-chart__canvas">
        <LineChart id={id} width={640} height={240} data={points} margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={<Tick />} interval={Math.max(0, Math.ceil(points.length / 8) - 1)} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tick={<Tick anchor="end" dy={4} unit="%" />} interval={0} />
          <Line type="stepAfter" dataKey="value" name={valueLabel} stroke="#a8201a" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </div>
      <details className="cm-chart__data">
        <summary>{t("commitments.chart.data")}</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{alt}</caption>
            <thead>
              <tr>
                <th scope="col">{t("commitments.chart.date")}</th>
                <th scope="col">{valueLabel}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p, i) => (
                <tr key={`${p.label}-${i}`}>
                  <th scope="row">{p.label}</th>
                  <td className="num">{p.value}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** "11-28" in Beijing time, for chart labels. */
export const shortDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(5, 10);

export interface CommitmentFormValues {
  year?: string;
  title?: string;
  summary?: string;
  ownerMailboxId?: string;
  budgetYuan?: string;
  status?: string;
  ordinal?: string;
  milestones?: string;
  threadIds?: string;
  petitionIds?: string;
}

/**
 * The commitment form, with the action's errors and values and the busy state read here. `new`: everything, including first milestones (one per line, an optional
 * date first: "2026-06-30 开工") and the motivating threads and petitions (ids, comma-separated);
 * administrators may adopt at once with a place in the list. `edit`: the details.
 */
export function CommitmentForm({
  mode,
  values: initial,
  mailboxes,
  admin,
}: {
  mode: "new" | "edit";
  /** The loader's values; after a refused submission, the values sent are shown again. */
  values: CommitmentFormValues;
  mailboxes: MailboxChoice[];
  admin: boolean;
}) {
  const { t } = useTranslation();
  const r = useActionData<{ error?: { message: string; fields?: Record<string, string> }; values?: CommitmentFormValues }>();
  const busy = useNavigation().state === "submitting";
  const values = r?.values ?? initial;
  const errors = r?.error?.fields ?? {};
  const formError = r?.error && !r.error.fields ? r.error.message : r?.error?.fields ? t("commitments.form.fixErrors") : null;
  return (
    <Form method="post" className="form card" noValidate>
      <FormError message={formError} />
      <Field label={t("commitments.form.title")} name="title" defaultValue={values.title ?? ""} maxLength={TITLE_MAX} required error={errors.title} />
      <Field
        label={t("commitments.form.year")}
        name="year"
        type="number"
        inputMode="numeric"
        min={2000}
        max={2100}
        defaultValue={values.year ?? ""}
        required
        error={errors.year}
      />
      {mode === "new" || admin ? (
        <MailboxPicker
          id="commitment-mailbox"
          name="ownerMailboxId"
          label={t("commitments.form.owner")}
          items={mailboxes}
          defaultValue={values.ownerMailboxId ?? ""}
          placeholder={t("commitments.form.ownerPlaceholder")}
          hint={t("commitments.form.ownerHint")}
          error={errors.ownerMailboxId}
          required
        />
      ) : null}
      <Field
        label={t("commitments.form.budget")}
        name="budgetYuan"
        inputMode="numeric"
        defaultValue={values.budgetYuan ?? ""}
        hint={t("commitments.form.budgetHint")}
        error={errors.budgetYuan}
      />
      <Field
        label={t("commitments.form.summary")}
        name="summary"
        multiline
        rows={8}
        defaultValue={values.summary ?? ""}
        maxLength={SUMMARY_MAX}
        hint={t("commitments.form.summaryHint")}
        error={errors.summary}
      />
      {mode === "new" ? (
        <>
          {admin ? (
            <fieldset className="field cm-fieldset">
              <legend>{t("commitments.form.status")}</legend>
              <label className="checkbox">
                <input type="radio" name="status" value="proposed" defaultChecked={(values.status ?? "proposed") === "proposed"} />
                {t("commitments.status.proposed")}
              </label>
              <label className="checkbox">
                <input type="radio" name="status" value="adopted" defaultChecked={values.status === "adopted"} />
                {t("commitments.status.adopted")}
              </label>
            </fieldset>
          ) : (
            <input type="hidden" name="status" value="proposed" />
          )}
          {admin ? (
            <Field
              label={t("commitments.form.ordinal")}
              name="ordinal"
              type="number"
              inputMode="numeric"
              min={1}
              max={10}
              defaultValue={values.ordinal ?? ""}
              hint={t("commitments.form.ordinalHint")}
              error={errors.ordinal}
            />
          ) : null}
          <Field
            label={t("commitments.form.milestones")}
            name="milestones"
            multiline
            rows={4}
            defaultValue={values.milestones ?? ""}
            hint={t("commitments.form.milestonesHint")}
            error={errors.milestones}
          />
          <Field
            label={t("commitments.form.threads")}
            name="threadIds"
            defaultValue={values.threadIds ?? ""}
            hint={t("commitments.form.idsHint")}
            error={errors.threadIds}
          />
          <Field
            label={t("commitments.form.petitions")}
            name="petitionIds"
            defaultValue={values.petitionIds ?? ""}
            hint={t("commitments.form.petitionsHint")}
            error={errors.petitionIds}
          />
        </>
      ) : null}
      <div className="toolbar">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {mode === "new" ? t("commitments.form.create") : t("commitments.form.save")}
        </button>
      </div>
    </Form>
  );
}

/**
 * Reads the milestones box: one per line, an optional leading date ("2026-06-30 开工" or
 * "2026-06-30：开工"). Returns the API's shape; dates are checked by the schema.
 */
export function parseMilestoneLines(text: string): { title: string; dueOn?: string }[] {
  const out: { title: string; dueOn?: string }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\d{4}-\d{2}-\d{2})[\s:：,，]+(.+)$/.exec(line);
    out.push(m ? { dueOn: m[1], title: m[2].trim() } : { title: line });
  }
  return out;
}
