// /petitions/new — write to a mailbox; with ?thread=<id>, turn a forum discussion into a letter.
// Works without JavaScript: the form posts to this route, errors come back inline, and success
// renders the confirmation (tracking number and the one-time query code) in place.
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { forPage, readForm, translateError, type TranslatedError } from "~/.server/http";
import { isAppError } from "~/.server/errors";
import { getThread } from "~/.server/forum/service";
import { listMailboxes } from "~/.server/petitions/mailboxes";
import { convertThread, createPetition, newIntakeKey, petitionForThread } from "~/.server/petitions/service";
import { isModerator } from "~/domain/auth/types";
import { BODY_MAX, TITLE_MAX } from "~/domain/forum/types";
import type { MailboxChoice } from "~/domain/petitions/mailbox-groups";
import { mailboxName } from "~/domain/petitions/mailboxes";
import { categories } from "~/domain/petitions/workflow";
import { Field } from "~/components/Field";
import { CategorySelect, CodeBox, ErrorSummary, MailboxPicker } from "~/components/PetitionPages";
import { useHydrated } from "~/realtime/useHydrated";
import { getT } from "~/i18n";
import pageStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pageStyles }];
// The answer to a successful POST carries the query code: never cache it anywhere.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const ID = /^[1-9][0-9]{0,15}$/;

function threadParam(url: URL): number | null | "invalid" {
  const raw = url.searchParams.get("thread");
  if (raw === null) return null;
  return ID.test(raw) ? Number(raw) : "invalid";
}

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  const url = new URL(request.url);
  const threadId = threadParam(url);
  if (threadId === "invalid") throw new Response(t("errors.not_found"), { status: 404 });
  const mode = threadId === null ? ("new" as const) : ("convert" as const);
  const title = `${t(mode === "new" ? "petitionPages.form.title" : "petitionPages.convert.title")} · ${t("brand.name")}`;
  const base = { mode, title, next: url.pathname + url.search };
  if (!viewer) return { ...base, signedIn: false as const };

  let thread: { id: string; title: string; bodyHtml: string; authorName: string; own: boolean } | null = null;
  let blocked: null | "forbidden" | "notForum" | "already" = null;
  let existing: { id: string; trackingNo: string } | null = null;
  if (threadId !== null) {
    const th = await forPage(context, () => getThread(app, viewer, threadId));
    const own = th.author.id === String(viewer.id);
    thread = { id: th.id, title: th.title, bodyHtml: th.bodyHtml, authorName: th.author.displayName, own };
    const p = await petitionForThread(app, threadId);
    if (p) {
      blocked = "already";
      existing = { id: p.id, trackingNo: p.trackingNo };
    } else if (!own && !isModerator(viewer)) blocked = "forbidden";
    else if (th.section !== "forum") blocked = "notForum";
  }
  const items: MailboxChoice[] = blocked
    ? []
    : (await listMailboxes(app)).map((m) => ({ id: m.id, name: m.name, nameEn: m.nameEn, tier: m.tier, kind: m.kind, parentId: m.parentId }));
  const mailbox = url.searchParams.get("mailbox");
  const payload = {
    ...base,
    signedIn: true as const,
    // One key per form shown: re-posting the same form (a refresh after sending) cannot file twice.
    intakeKey: newIntakeKey(),
    thread,
    blocked,
    existing,
    items,
    preselect: mailbox && ID.test(mailbox) ? mailbox : "",
  };
  return blocked === "forbidden" || blocked === "notForum" ? data(payload, { status: 403 }) : payload;
}

type Values = Record<string, string>;
type Created = {
  petitionId: string;
  trackingNo: string;
  queryCode: string | null;
  mailbox: { name: string; nameEn: string } | null;
  converted: boolean;
  threadId: string | null;
  /** Whether the submitter may open the full case (a moderator converting for someone may not). */
  canView: boolean;
  /** The same form was sent again (a refresh): nothing new was filed; the code was shown before. */
  replayed?: boolean;
};

export async function action({ context, request }: ActionFunctionArgs) {
  const { app, viewer, lang } = context;
  const url = new URL(request.url);
  const form = await readForm(request);
  const threadId = form.threadId && ID.test(form.threadId) ? Number(form.threadId) : null;
  if (!viewer) return redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  // An unticked box sends nothing; say "no" explicitly (conversion would otherwise default to yes).
  const input = {
    mailboxId: form.mailboxId ?? "",
    category: form.category ?? "",
    public: form.public === "on" ? "true" : "false",
    contactName: form.contactName,
    contactPhone: form.contactPhone,
    contactAddress: form.contactAddress,
  };
  const values: Values = { ...input, public: form.public === "on" ? "on" : "", title: form.title ?? "", body: form.body ?? "" };
  try {
    let created: Created;
    if (threadId !== null) {
      const r = await convertThread(app, viewer, threadId, input);
      const summary = r.petition ?? (await petitionForThread(app, threadId));
      const mb = r.petition?.mailbox ?? (await listMailboxes(app)).find((m) => m.id === String(input.mailboxId)) ?? null;
      created = {
        petitionId: r.petitionId,
        trackingNo: summary?.trackingNo ?? "",
        queryCode: r.queryCode,
        mailbox: mb ? { name: mb.name, nameEn: mb.nameEn } : null,
        converted: true,
        threadId: String(threadId),
        canView: r.petition !== null,
      };
    } else {
      const r = await createPetition(app, viewer, { ...input, title: form.title, body: form.body }, { intakeKey: form.intakeKey || null });
      created = {
        petitionId: r.petition.id,
        trackingNo: r.petition.trackingNo,
        queryCode: r.queryCode,
        mailbox: { name: r.petition.mailbox.name, nameEn: r.petition.mailbox.nameEn },
        converted: false,
        threadId: null,
        canView: true,
        replayed: r.replayed,
      };
    }
    return data({ created }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    if (!isAppError(e)) throw e;
    const error: TranslatedError = translateError(e, lang);
    const t = getT(lang);
    // "Choose one" reads better than "not a valid choice" for a select left at its placeholder.
    if (error.fields?.mailboxId && !input.mailboxId) error.fields.mailboxId = t("petitionPages.form.mailboxRequired");
    if (error.fields?.category && !input.category) error.fields.category = t("petitionPages.form.categoryRequired");
    return data({ error, values }, { status: e.status });
  }
}

const FIELD_IDS: Record<string, string> = {
  mailboxId: "pp-mailbox",
  category: "pp-category",
  title: "pp-title",
  body: "pp-body",
  contactName: "pp-contact-name",
  contactPhone: "pp-contact-phone",
  contactAddress: "pp-contact-address",
};

function BodyField({ defaultValue, error }: { defaultValue: string; error?: string }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [count, setCount] = useState(defaultValue.length);
  const id = FIELD_IDS.body;
  const describedBy = [`${id}-hint`, hydrated ? `${id}-count` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const near = count > BODY_MAX * 0.9;
  return (
    <div className="field">
      <label htmlFor={id}>{t("petitionPages.form.body")}</label>
      <textarea
        id={id}
        name="body"
        rows={10}
        required
        maxLength={BODY_MAX}
        defaultValue={defaultValue}
        onInput={(e) => setCount(e.currentTarget.value.length)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <div className="pp-body-foot">
        <p className="field__hint" id={`${id}-hint`}>
          {t("petitionPages.form.bodyHint")}
        </p>
        {hydrated ? (
          <p className={`field__hint pp-counter${near ? " pp-counter--near" : ""}`} id={`${id}-count`}>
            {t("petitionPages.form.counter", { count, max: BODY_MAX })}
          </p>
        ) : null}
      </div>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Confirmation({ created }: { created: Created }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const mailbox = created.mailbox ? mailboxName(created.mailbox, i18n.language) : null;
  return (
    <section className="card pp-confirm" aria-labelledby="pp-confirm-title" tabIndex={-1} ref={ref} data-testid="petition-confirmation">
      <p className="pp-confirm__mark" aria-hidden="true">
        ✓
      </p>
      <h1 id="pp-confirm-title">{t(created.converted ? "petitionPages.done.convertedTitle" : "petitionPages.done.title")}</h1>
      <p>
        {mailbox
          ? t(created.queryCode || !created.converted ? "petitionPages.done.sentTo" : "petitionPages.done.sentToOther", { mailbox })
          : t("petitionPages.done.sent")}
      </p>
      <p className="meta">{t("petitionPages.form.limits")}</p>
      <dl className="pp-codes">
        <CodeBox label={t("petition.trackingNo")} value={created.trackingNo} testId="tracking-no" />
        {created.queryCode ? <CodeBox label={t("petition.queryCode")} value={created.queryCode} testId="query-code" /> : null}
        {created.replayed ? <p className="alert alert--info" data-testid="petition-replayed">{t("petitionPages.done.replayed")}</p> : null}
      </dl>
      {created.queryCode ? (
        <div className="alert alert--warning pp-confirm__warning">
          <p className="pp-confirm__warning-title">
            <strong>{t("petitionPages.done.warningTitle")}</strong>
          </p>
          <p>{t("petitionPages.done.warning")}</p>
        </div>
      ) : (
        <p className="alert alert--info">{t("petitionPages.done.noCode")}</p>
      )}
      <div className="row pp-actions">
        {created.canView ? (
          <Link to={`/petitions/${created.petitionId}`} className="btn btn--primary">
            {t("petitionPages.done.viewCase")}
          </Link>
        ) : null}
        <Link to={`/track?trackingNo=${encodeURIComponent(created.trackingNo)}`} className="btn btn--secondary">
          {t("petitionPages.done.track")}
        </Link>
        {created.threadId ? (
          <Link to={`/t/${created.threadId}`} className="btn btn--link">
            {t("petitionPages.convert.backToThread")}
          </Link>
        ) : (
          <Link to="/petitions/new" className="btn btn--link">
            {t("petitionPages.done.another")}
          </Link>
        )}
      </div>
    </section>
  );
}

export default function NewPetition() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const summaryRef = useRef<HTMLDivElement>(null);
  const err = result && "error" in result ? result.error : undefined;
  useEffect(() => {
    if (err) summaryRef.current?.focus();
  }, [err]);

  if (result && "created" in result) return <Confirmation created={result.created} />;

  const convert = loaded.mode === "convert";
  if (!loaded.signedIn) {
    return (
      <div className="stack pp-narrow">
        <h1>{t(convert ? "petitionPages.convert.title" : "petitionPages.form.title")}</h1>
        <section className="card stack" aria-labelledby="pp-signin">
          <h2 id="pp-signin" className="card__title">
            {t("petitionPages.form.signedOutTitle")}
          </h2>
          <p>{t(convert ? "petitionPages.convert.signedOut" : "petitionPages.form.signedOut")}</p>
          <p className="meta">{t("petitionPages.form.limits")}</p>
          <div className="row pp-actions">
            <Link to={`/login?next=${encodeURIComponent(loaded.next)}`} className="btn btn--primary">
              {t(convert ? "petitionPages.convert.login" : "petitionPages.form.login")}
            </Link>
            <span className="meta">
              {t("petitionPages.form.noAccount")} <Link to="/register">{t("petitionPages.form.register")}</Link>
            </span>
          </div>
          <p className="meta">
            <Link to="/track">{t("petitionPages.trackLong")}</Link>
          </p>
        </section>
      </div>
    );
  }

  if (loaded.blocked) {
    const already = loaded.blocked === "already" && loaded.existing;
    return (
      <div className="stack pp-narrow">
        <h1>{t("petitionPages.convert.title")}</h1>
        <section className={`alert ${already ? "alert--info" : "alert--warning"} stack`} aria-labelledby="pp-blocked">
          <h2 id="pp-blocked" className="pp-alert-title">
            {t(already ? "petitionPages.convert.alreadyTitle" : "petitionPages.convert.forbiddenTitle")}
          </h2>
          <p>
            {already
              ? t("petitionPages.convert.already", { trackingNo: loaded.existing!.trackingNo })
              : t(loaded.blocked === "notForum" ? "petitionPages.convert.notForum" : "petitionPages.convert.forbidden")}
          </p>
          <div className="row pp-actions">
            {already ? (
              <Link to={`/petitions/${loaded.existing!.id}`} className="btn btn--primary">
                {t("petitionPages.convert.viewCase")}
              </Link>
            ) : null}
            {loaded.thread ? (
              <Link to={`/t/${loaded.thread.id}`} className="btn btn--secondary">
                {t("petitionPages.convert.backToThread")}
              </Link>
            ) : null}
          </div>
        </section>
      </div>
    );
  }

  const values: Values = result && "values" in result ? result.values : {};
  const fieldErrors = err?.fields ?? {};
  const labels: Record<string, string> = {
    mailboxId: t("petitionPages.form.mailbox"),
    category: t("petitionPages.form.category"),
    title: t("petitionPages.form.titleLabel"),
    body: t("petitionPages.form.body"),
    contactName: t("petitionPages.form.contactName"),
    contactPhone: t("petitionPages.form.contactPhone"),
    contactAddress: t("petitionPages.form.contactAddress"),
  };
  // In the order of the form.
  const summaryFields = Object.keys(FIELD_IDS)
    .filter((k) => fieldErrors[k])
    .map((k) => [k, fieldErrors[k]] as const)
    .map(([k, message]) => ({ id: FIELD_IDS[k], text: t("petitionPages.form.fieldError", { label: labels[k], message }) }));
  const thread = loaded.thread;
  const ownThread = thread?.own ?? true;
  const consentDefault = result ? values.public === "on" : convert;

  return (
    <div className="pp-layout">
      <div className="stack pp-main">
        <header>
          <h1>{t(convert ? "petitionPages.convert.title" : "petitionPages.form.title")}</h1>
          <p className="muted pp-lead">{t(convert ? "petitionPages.convert.lead" : "petitionPages.form.lead")}</p>
        </header>
        <ErrorSummary
          ref={summaryRef}
          title={t("petitionPages.form.errorSummary")}
          message={err && !summaryFields.length ? err.message : null}
          fields={summaryFields}
        />
        {thread ? (
          <section className="card pp-source" aria-labelledby="pp-source-title">
            <h2 id="pp-source-title" className="card__title">
              {t("petitionPages.convert.source")}
            </h2>
            <p className="meta">{t("petitionPages.convert.readonlyNote")}</p>
            <dl className="pp-source__fields">
              <dt>{t("petitionPages.convert.titleLabel")}</dt>
              <dd className="pp-source__title">
                <Link to={`/t/${thread.id}`}>{thread.title}</Link>
              </dd>
              <dt>{t("petitionPages.convert.bodyLabel")}</dt>
              <dd>
                <div
                  className="prose pp-source__body"
                  tabIndex={0}
                  role="region"
                  aria-label={t("petitionPages.convert.bodyLabel")}
                  dangerouslySetInnerHTML={{ __html: thread.bodyHtml }}
                />
              </dd>
            </dl>
            {!ownThread ? <p className="alert alert--info">{t("petitionPages.convert.onBehalf", { name: thread.authorName })}</p> : null}
          </section>
        ) : null}
        <Form method="post" className="form card pp-form" noValidate aria-labelledby="pp-form-title">
          <h2 id="pp-form-title" className="visually-hidden">
            {t(convert ? "petitionPages.convert.title" : "petitionPages.form.title")}
          </h2>
          {thread ? <input type="hidden" name="threadId" value={thread.id} /> : null}
          <input type="hidden" name="intakeKey" value={loaded.intakeKey} />
          <MailboxPicker
            id={FIELD_IDS.mailboxId}
            name="mailboxId"
            label={t("petitionPages.form.mailbox")}
            items={loaded.items}
            defaultValue={values.mailboxId ?? loaded.preselect}
            placeholder={t("petitionPages.form.mailboxPlaceholder")}
            hint={t("petitionPages.form.mailboxHint")}
            error={fieldErrors.mailboxId}
            required
          />
          <CategorySelect
            id={FIELD_IDS.category}
            name="category"
            label={t("petitionPages.form.category")}
            categories={categories}
            defaultValue={values.category ?? ""}
            placeholder={t("petitionPages.form.categoryPlaceholder")}
            error={fieldErrors.category}
            required
          />
          {convert ? null : (
            <>
              <Field
                id={FIELD_IDS.title}
                name="title"
                label={t("petitionPages.form.titleLabel")}
                hint={t("petitionPages.form.titleHint")}
                defaultValue={values.title ?? ""}
                maxLength={TITLE_MAX}
                required
                error={fieldErrors.title}
              />
              <BodyField defaultValue={values.body ?? ""} error={fieldErrors.body} />
            </>
          )}
          {ownThread ? (
            <fieldset className="pp-fieldset">
              <legend>{t("petitionPages.form.contactLegend")}</legend>
              <p className="field__hint pp-fieldset__note" id="pp-contact-note">
                {t("petitionPages.form.contactNote")}
              </p>
              <div className="pp-contact-grid">
                <Field
                  id={FIELD_IDS.contactName}
                  name="contactName"
                  label={t("petitionPages.form.contactName")}
                  defaultValue={values.contactName ?? ""}
                  maxLength={50}
                  autoComplete="name"
                  error={fieldErrors.contactName}
                />
                <Field
                  id={FIELD_IDS.contactPhone}
                  name="contactPhone"
                  label={t("petitionPages.form.contactPhone")}
                  type="tel"
                  inputMode="tel"
                  defaultValue={values.contactPhone ?? ""}
                  maxLength={30}
                  autoComplete="tel"
                  error={fieldErrors.contactPhone}
                />
              </div>
              <Field
                id={FIELD_IDS.contactAddress}
                name="contactAddress"
                label={t("petitionPages.form.contactAddress")}
                defaultValue={values.contactAddress ?? ""}
                maxLength={200}
                autoComplete="street-address"
                error={fieldErrors.contactAddress}
              />
            </fieldset>
          ) : null}
          <div className="pp-consent">
            <label className="checkbox" htmlFor="pp-public">
              <input id="pp-public" type="checkbox" name="public" defaultChecked={consentDefault} aria-describedby="pp-public-hint" />
              <span>{t("petitionPages.form.consent")}</span>
            </label>
            <p className="field__hint" id="pp-public-hint">
              {t("petitionPages.form.consentHint")}
            </p>
          </div>
          <p className="meta">{t("petitionPages.form.limits")}</p>
          <div className="row pp-actions">
            <button type="submit" className="btn btn--primary pp-submit" disabled={busy}>
              {busy ? t("form.submitting") : t(convert ? "petitionPages.convert.submit" : "petitionPages.form.submit")}
            </button>
            {thread ? (
              <Link to={`/t/${thread.id}`} className="btn btn--link">
                {t("petitionPages.convert.backToThread")}
              </Link>
            ) : null}
          </div>
        </Form>
      </div>
      <Steps />
    </div>
  );
}

/** How a letter is handled, beside the form (below it on phones). */
function Steps() {
  const { t } = useTranslation();
  const steps = ["submit", "accept", "assign", "reply", "rate"] as const;
  return (
    <aside className="card pp-aside" aria-labelledby="pp-steps-title">
      <h2 id="pp-steps-title" className="card__title">
        {t("petitionPages.steps.title")}
      </h2>
      <ol className="pp-steps">
        {steps.map((s) => (
          <li key={s}>
            <strong>{t(`petitionPages.steps.${s}.title`)}</strong>
            <span>{t(`petitionPages.steps.${s}.text`)}</span>
          </li>
        ))}
      </ol>
      <p className="pp-aside__more">
        <Link to="/track">{t("petitionPages.trackLong")} →</Link>
      </p>
    </aside>
  );
}
