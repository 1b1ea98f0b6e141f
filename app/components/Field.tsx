import { useId } from "react";

type Props = {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  multiline?: boolean;
  /** A fixed id, where something links to the field (an error summary); otherwise one of React's. */
  id?: string;
} & React.InputHTMLAttributes<HTMLInputElement> &
  React.TextareaHTMLAttributes<HTMLTextAreaElement>;

/** A labelled input or textarea with its hint and inline error wired for screen readers. */
export function Field({ id: fixedId, label, name, error, hint, multiline, ...rest }: Props) {
  const autoId = useId();
  const id = fixedId ?? autoId;
  const common = { id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedByNotes(id, hint, error) };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...(rest as React.TextareaHTMLAttributes<HTMLTextAreaElement>)} {...common} />
      ) : (
        <input {...(rest as React.InputHTMLAttributes<HTMLInputElement>)} {...common} />
      )}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** A labelled select with its hint and inline error, wired like Field. */
export function SelectField({
  label,
  name,
  defaultValue,
  error,
  hint,
  children,
}: {
  label: string;
  name: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedByNotes(id, hint, error)}>
        {children}
      </select>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** The ids of a field's hint and error (see FieldNotes), for its aria-describedby; undefined without either. */
export function describedByNotes(id: string, hint?: string, error?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A field's hint and inline error, under its control (`${id}-hint`, `${id}-error`). */
export function FieldNotes({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
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
    </>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  );
}
