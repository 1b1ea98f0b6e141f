// /awards/new — an administrator opens a round: title, year, the three times (Shanghai time),
// votes per voter, eligibility and how results are shown. Works without JavaScript.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createAward } from "~/.server/awards/service";
import { isAppError } from "~/.server/errors";
import { readForm, translateError, type TranslatedError } from "~/.server/http";
import { Field, FormError, SelectField } from "~/components/Field";
import { isAdmin } from "~/domain/auth/types";
import { DAY_MS, toShanghaiLocal } from "~/domain/awards/rules";
import { DESCRIPTION_MAX } from "~/domain/awards/schemas";
import { TITLE_MAX } from "~/domain/forum/types";
import { getT } from "~/i18n";
import styles from "~/styles/awards.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const t = getT(context.lang);
  if (!context.viewer) throw redirect(`/login?next=${encodeURIComponent(new URL(request.url).pathname)}`);
  if (!isAdmin(context.viewer)) throw new Response(t("errors.forbidden"), { status: 403 });
  const now = context.app.now();
  // A sensible first draft: nominations from the next hour for two weeks, then two weeks of voting.
  const start = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  const year = Number(toShanghaiLocal(now).slice(0, 4));
  return {
    title: `${t("awards.form.title")} · ${t("brand.name")}`,
    defaults: {
      title: t("awards.form.defaultTitle", { year }),
      year: String(year),
      nominationOpensAt: toShanghaiLocal(start),
      votingOpensAt: toShanghaiLocal(new Date(start.getTime() + 14 * DAY_MS)),
      votingClosesAt: toShanghaiLocal(new Date(start.getTime() + 28 * DAY_MS)),
    },
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  if (!context.viewer) return redirect("/login?next=%2Fawards%2Fnew");
  const form = await readForm(request);
  try {
    const award = await createAward(context.app, context.viewer, form);
    return redirect(`/awards/${award.id}`);
  } catch (e) {
    // The form comes back with what was typed (also without JavaScript) and the errors inline.
    if (isAppError(e)) return data({ error: translateError(e, context.lang), values: form }, { status: e.status });
    throw e;
  }
}

export default function NewAward() {
  const { defaults } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: TranslatedError; values?: Record<string, string> }>();
  const v: Record<string, string> = { votesPerVoter: "3", winners: "3", minAccountAgeDays: "30", minPosts: "1", resultsVisibility: "live", description: "", ...defaults, ...result?.values };
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const err = result?.error;
  const f = err?.fields ?? {};
  return (
    <div className="stack aw-page">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to="/awards">{t("awards.backToList")}</Link>
      </nav>
      <h1>{t("awards.form.title")}</h1>
      <Form method="post" className="form card aw-form" noValidate>
        <FormError message={err && !err.fields ? err.message : err?.fields ? t("form.fixErrors") : null} />
        <Field label={t("awards.form.titleLabel")} name="title" required maxLength={TITLE_MAX} defaultValue={v.title} error={f.title} />
        <Field label={t("awards.form.year")} name="year" type="number" inputMode="numeric" min={2000} max={2100} required defaultValue={v.year} error={f.year} />
        <Field
          label={t("awards.form.description")}
          name="description"
          multiline
          rows={4}
          maxLength={DESCRIPTION_MAX}
          defaultValue={v.description}
          hint={t("awards.form.descriptionHint")}
          error={f.description}
        />
        <fieldset className="aw-fieldset">
          <legend>{t("awards.form.windows")}</legend>
          <p className="field__hint">{t("awards.form.windowsHint")}</p>
          <div className="aw-form__grid">
            <Field label={t("awards.dates.nominationOpensAt")} name="nominationOpensAt" type="datetime-local" required defaultValue={v.nominationOpensAt} error={f.nominationOpensAt} />
            <Field label={t("awards.dates.votingOpensAt")} name="votingOpensAt" type="datetime-local" required defaultValue={v.votingOpensAt} error={f.votingOpensAt} />
            <Field label={t("awards.dates.votingClosesAt")} name="votingClosesAt" type="datetime-local" required defaultValue={v.votingClosesAt} error={f.votingClosesAt} />
          </div>
        </fieldset>
        <fieldset className="aw-fieldset">
          <legend>{t("awards.form.rules")}</legend>
          <div className="aw-form__grid">
            <Field
              label={t("awards.form.votesPerVoter")}
              name="votesPerVoter"
              defaultValue={v.votesPerVoter}
              type="number"
              inputMode="numeric"
              min={1}
              max={20}
              required
              hint={t("awards.form.votesPerVoterHint")}
              error={f.votesPerVoter}
            />
            <Field
              label={t("awards.form.winners")}
              name="winners"
              defaultValue={v.winners}
              type="number"
              inputMode="numeric"
              min={1}
              max={50}
              hint={t("awards.form.winnersHint")}
              error={f.winners}
            />
            <Field
              label={t("awards.form.minAccountAgeDays")}
              name="minAccountAgeDays"
              defaultValue={v.minAccountAgeDays}
              type="number"
              inputMode="numeric"
              min={0}
              max={3650}
              hint={t("awards.form.minAccountAgeDaysHint")}
              error={f.minAccountAgeDays}
            />
            <Field
              label={t("awards.form.minPosts")}
              name="minPosts"
              defaultValue={v.minPosts}
              type="number"
              inputMode="numeric"
              min={0}
              max={100000}
              hint={t("awards.form.minPostsHint")}
              error={f.minPosts}
            />
          </div>
          <SelectField label={t("awards.form.resultsVisibility")} name="resultsVisibility" defaultValue={v.resultsVisibility} hint={t("awards.form.resultsVisibilityHint")}>
            {(["live", "after_close"] as const).map((o) => (
              <option key={o} value={o}>
                {t(`awards.visibility.${o}`)}
              </option>
            ))}
          </SelectField>
        </fieldset>
        <div className="row">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? t("form.submitting") : t("awards.form.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
