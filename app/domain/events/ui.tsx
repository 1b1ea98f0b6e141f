// React pieces shared by the events pages (/events, /events/new, /events/:id, its edit and
// check-in pages). They live with the area because app/components is shared by every area.
import { Form } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { BODY_MAX, TITLE_MAX } from "../forum/types";
import { CAPACITY_MAX, PLACE_MAX, TERMS_MAX, URL_MAX } from "./schemas";
import type { EventKind, EventPhase, EventSummary } from "./types";

export function KindBadge({ kind }: { kind: EventKind }) {
  const { t } = useTranslation();
  return <span className={`ev-kind ev-kind--${kind}`}>{t(`events.kind.${kind}`)}</span>;
}

export function PhaseBadge({ phase, drawn }: { phase: EventPhase; drawn?: boolean }) {
  const { t } = useTranslation();
  return <span className={`ev-phase ev-phase--${phase}`}>{drawn && phase === "closed" ? t("events.phase.drawn") : t(`events.phase.${phase}`)}</span>;
}

/** "12 seats left", "Full: join the waitlist", "8 applicants for 5 seats" … in one line. */
export function seatsText(t: (k: string, o?: Record<string, unknown>) => string, e: Pick<EventSummary, "kind" | "capacity" | "registered" | "waitlisted" | "phase" | "drawn">) {
  if (e.kind === "observe_sessions") {
    if (e.drawn) return t("events.seats.drawn", { count: e.registered, capacity: e.capacity });
    return t("events.seats.applicants", { count: e.waitlisted, capacity: e.capacity });
  }
  const left = Math.max(0, e.capacity - e.registered);
  if (left > 0) return t("events.seats.left", { count: left, capacity: e.capacity });
  return e.waitlisted > 0 ? t("events.seats.fullWaiting", { count: e.waitlisted }) : t("events.seats.full");
}

export interface EventFormValues {
  kind?: EventKind;
  title?: string;
  description?: string;
  startsAt?: string;
  endsAt?: string;
  place?: string;
  onlineUrl?: string;
  capacity?: string;
  registrationClosesAt?: string;
  terms?: string;
}

const FIELD_ORDER = ["kind", "title", "startsAt", "endsAt", "registrationClosesAt", "place", "onlineUrl", "capacity", "description", "terms"] as const;

/**
 * The event form (new and edit). Stable ids let the error summary link to each field; hints and
 * errors are tied to their inputs with aria-describedby. Works without JavaScript.
 */
export function EventForm({
  values,
  error,
  busy,
  mode,
  drawn,
}: {
  values: EventFormValues;
  error?: { message: string; fields?: Record<string, string> } | null;
  busy: boolean;
  mode: "new" | "edit";
  drawn?: boolean;
}) {
  const { t } = useTranslation();
  const fields = error?.fields ?? {};
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) summary.current?.focus();
  }, [error]);
  const listed = FIELD_ORDER.filter((f) => fields[f]);

  const describe = (name: string, hint: boolean) => [hint ? `ev-${name}-hint` : null, fields[name] ? `ev-${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const err = (name: string) =>
    fields[name] ? (
      <p className="field__error" id={`ev-${name}-error`}>
        {fields[name]}
      </p>
    ) : null;
  const hint = (name: string, text: string) => (
    <p className="field__hint" id={`ev-${name}-hint`}>
      {text}
    </p>
  );
  const input = (name: keyof EventFormValues, props: React.InputHTMLAttributes<HTMLInputElement>, hintText?: string) => (
    <div className="field">
      <label htmlFor={`ev-${name}`}>{t(`events.form.${name}`)}</label>
      <input
        id={`ev-${name}`}
        name={name}
        defaultValue={values[name] ?? ""}
        aria-invalid={fields[name] ? true : undefined}
        aria-describedby={describe(name, Boolean(hintText))}
        {...props}
      />
      {hintText ? hint(name, hintText) : null}
      {err(name)}
    </div>
  );

  return (
    <Form method="post" className="form card ev-form" noValidate>
      {error ? (
        <div className="form-error" role="alert" tabIndex={-1} ref={summary}>
          {listed.length ? (
            <>
              <p>{t("form.fixErrors")}</p>
              <ul>
                {listed.map((f) => (
                  <li key={f}>
                    <a href={`#ev-${f}`}>
                      {t("form.fieldError", { label: t(`events.form.${f}`), message: fields[f] })}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{error.message}</p>
          )}
        </div>
      ) : null}

      {mode === "new" ? (
        <fieldset className="ev-kinds" aria-describedby={fields.kind ? "ev-kind-error" : undefined}>
          <legend>{t("events.form.kind")}</legend>
          {(["meetup", "observe_sessions"] as const).map((k, i) => (
            <label key={k} className="ev-kinds__option">
              <input type="radio" name="kind" value={k} id={i === 0 ? "ev-kind" : undefined} defaultChecked={(values.kind ?? "meetup") === k} />
              <span>
                <strong>{t(`events.kind.${k}`)}</strong>
                <span className="field__hint">{t(`events.form.kindHint.${k}`)}</span>
              </span>
            </label>
          ))}
          {err("kind")}
        </fieldset>
      ) : null}

      {input("title", { required: true, maxLength: TITLE_MAX, autoComplete: "off" })}
      <div className="ev-form__times">
        {input("startsAt", { type: "datetime-local", required: true })}
        {input("endsAt", { type: "datetime-local", required: true })}
      </div>
      {input("registrationClosesAt", { type: "datetime-local", required: true, disabled: drawn }, t(drawn ? "events.form.lockedAfterDraw" : "events.form.deadlineHint"))}
      {input("place", { maxLength: PLACE_MAX }, t("events.form.placeHint"))}
      {input("onlineUrl", { type: "url", maxLength: URL_MAX, inputMode: "url", placeholder: "https://" }, t("events.form.onlineUrlHint"))}
      {input(
        "capacity",
        { type: "number", required: true, min: 1, max: CAPACITY_MAX, step: 1, inputMode: "numeric", disabled: drawn, className: "ev-form__narrow" },
        t(drawn ? "events.form.lockedAfterDraw" : "events.form.capacityHint"),
      )}
      <div className="field">
        <label htmlFor="ev-description">{t("events.form.description")}</label>
        <textarea
          id="ev-description"
          name="description"
          rows={8}
          maxLength={BODY_MAX}
          defaultValue={values.description ?? ""}
          aria-invalid={fields.description ? true : undefined}
          aria-describedby={describe("description", true)}
        />
        {hint("description", t("form.markdownHint"))}
        {err("description")}
      </div>
      <div className="field">
        <label htmlFor="ev-terms">{t("events.form.terms")}</label>
        <textarea
          id="ev-terms"
          name="terms"
          rows={5}
          maxLength={TERMS_MAX}
          defaultValue={values.terms ?? ""}
          aria-invalid={fields.terms ? true : undefined}
          aria-describedby={describe("terms", true)}
        />
        {hint("terms", t("events.form.termsHint"))}
        {err("terms")}
      </div>
      <div className="row">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t("form.submitting") : t(mode === "new" ? "events.form.create" : "events.form.save")}
        </button>
      </div>
    </Form>
  );
}
