import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { login } from "~/.server/auth/service";
import { redirectWithCookie, safeNext } from "~/.server/auth/pages";
import { formAction, readForm, type TranslatedError } from "~/.server/http";
import { Field, FormError } from "~/components/Field";
import { getT, withSiteName } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export function loader({ context, request }: LoaderFunctionArgs) {
  if (context.viewer) throw redirect(safeNext(new URL(request.url).searchParams.get("next")));
  return { title: withSiteName(context.lang, getT(context.lang)("auth.loginTitle")) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  return formAction(context, async () => {
    const { token } = await login(context.app, form, context.ip);
    return redirectWithCookie(safeNext(form.next), context.app.lucia.createSessionCookie(token).serialize());
  }, { username: form.username ?? "" });
}

export default function Login() {
  const { t } = useTranslation();
  const result = useActionData<{ error?: TranslatedError; values?: { username: string } }>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const err = result?.error;
  return (
    <div className="stack auth-page">
      <h1>{t("auth.loginTitle")}</h1>
      <Form method="post" className="form card" noValidate>
        <FormError message={err && !err.fields ? err.message : null} />
        <input type="hidden" name="next" value={params.get("next") ?? "/"} />
        <Field label={t("auth.username")} name="username" autoComplete="username" required defaultValue={result?.values?.username} error={err?.fields?.username} />
        <Field
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={err?.fields?.password}
        />
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {t("auth.loginButton")}
        </button>
        <p className="meta">
          {t("auth.noAccount")} <Link to="/register">{t("nav.register")}</Link>
        </p>
      </Form>
    </div>
  );
}
