// The Markdown body of a reply, with its label, hint and error, for every reply form on a
// thread (the thread page, a commitment's discussion): one place for its accessibility wiring.
import type { FormEventHandler, Ref } from "react";
import { useTranslation } from "react-i18next";
import { describedByNotes, FieldNotes } from "~/components/Field";
import { BODY_MAX } from "~/domain/forum/types";

export function ReplyBodyField({
  id,
  label,
  rows,
  textareaRef,
  defaultValue,
  onInput,
  error,
}: {
  id: string;
  label: string;
  rows: number;
  textareaRef?: Ref<HTMLTextAreaElement>;
  defaultValue?: string;
  onInput?: FormEventHandler<HTMLTextAreaElement>;
  error?: string;
}) {
  const { t } = useTranslation();
  const hint = t("form.markdownHint");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={textareaRef}
        name="body"
        rows={rows}
        maxLength={BODY_MAX}
        required
        defaultValue={defaultValue}
        onInput={onInput}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByNotes(id, hint, error)}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
