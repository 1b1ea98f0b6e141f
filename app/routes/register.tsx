import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { register } from "~/.server/auth/service";
import { redirectWithCookie } from "~/.server/auth/pages";
import { formAction, readForm, type TranslatedError } from "~/.server/http";
import { take } from "~/.server/rate-limit";
import { Field, FormError } from "~/components/Field";
import { getT, withSiteName } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export function loader({ context }: LoaderFunctionArgs) {
  if (context.viewer) throw redirect("/");
  return { title: withSiteName(context.lang, getT(context.lang)("auth.registerTitle")) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  return formAction(context, async () => {
    await take(context.app, `register:ip:${context.ip}`, 20, 3600);
    const { user, token } = await register(context.app, form);
    return redirectWithCookie(`/u/${user.username}`, context.app.lucia.createSessionCookie(token).serialize());
  }, { username: form.username ?? "", displayName: form.displayName ?? "" });
}

export default function Register() {
  const { t } = useTranslation();
  const result = useActionData<{ error?: TranslatedError; values?: { username: string; displayName: string } }>();
  const busy = useNavigation().state === "submitting";
  const err = result?.error;
  return (
    <div className="stack auth-page">
      <h1>{t("auth.registerTitle")}</h1>
      <Form method="post" className="form card" noValidate>
        <FormError message={err && !err.fields ? err.message : err?.fields ? t("form.fixErrors") : null} />
        <Field
          label={t("auth.username")}
          name="username"
          autoComplete="username"
          required
          minLength={3}
          maxLength={32}
          pattern="[A-Za-z0-9_]+"
          defaultValue={result?.values?.username}
          hint={t("auth.usernameHint")}
          error={err?.fields?.username}
        />
        <Field
          label={t("auth.displayName")}
          name="displayName"
          maxLength={40}
          defaultValue={result?.values?.displayName}
          hint={t("auth.displayNameHint")}
          error={err?.fields?.displayName}
        />
        <Field
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint={t("auth.passwordHint")}
          error={err?.fields?.password}
        />
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {t("auth.registerButton")}
        </button>
        <p className="meta">
          {t("auth.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
        </p>
      </Form>
    </div>
  );
}
