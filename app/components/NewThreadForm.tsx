import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Section } from "~/domain/forum/types";
import { BODY_MAX, TITLE_MAX } from "~/domain/forum/types";
import type { TranslatedError } from "~/.server/http";
import { Field, FormError } from "./Field";

export function NewThreadForm({ section }: { section: Section }) {
  const { t } = useTranslation();
  const result = useActionData<{ error?: TranslatedError; values?: { title: string; body: string } }>();
  const busy = useNavigation().state === "submitting";
  const err = result?.error;
  return (
    <div className="stack">
      <h1>{t(`section.${section}.new`)}</h1>
      <Form method="post" className="form card" noValidate>
        <FormError message={err && !err.fields ? err.message : err?.fields ? t("form.fixErrors") : null} />
        <Field
          label={t("thread.titleLabel")}
          name="title"
          required
          maxLength={TITLE_MAX}
          defaultValue={result?.values?.title}
          error={err?.fields?.title}
          autoFocus
        />
        <Field
          label={t("thread.bodyLabel")}
          name="body"
          multiline
          rows={10}
          required
          maxLength={BODY_MAX}
          defaultValue={result?.values?.body}
          hint={t("form.markdownHint")}
          error={err?.fields?.body}
        />
        <div className="row">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? t("form.submitting") : t("thread.publish")}
          </button>
        </div>
      </Form>
    </div>
  );
}
