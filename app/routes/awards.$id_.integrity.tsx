// /awards/:id/integrity — administrators: suspicious groups of votes (bursts from new accounts,
// many votes from one network for one candidate), the latest valid votes, and the voided ones.
// Votes are voided with a reason, one or a whole group at a time (tick the votes, give the reason).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { integrityView, voidVotes } from "~/.server/awards/integrity";
import { isAppError } from "~/.server/errors";
import { forPage, idParam, translateError, type TranslatedError } from "~/.server/http";
import { StateBadge } from "~/components/awards/AwardParts";
import { Field } from "~/components/Field";
import { Time } from "~/components/Time";
import { isAdmin } from "~/domain/auth/types";
import { INTEGRITY_DEFAULTS } from "~/domain/awards/rules";
import type { IntegrityGroupDto, IntegrityVoteDto } from "~/domain/awards/types";
import { getT } from "~/i18n";
import { useStickyActionData } from "~/realtime/useStickyActionData";
import styles from "~/styles/awards.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · ${data.siteName}` }] : []);

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  const id = await forPage(context, async () => idParam(params.id));
  if (!viewer) throw redirect(`/login?next=${encodeURIComponent(`/awards/${id}/integrity`)}`);
  if (!isAdmin(viewer)) throw new Response(t("errors.forbidden"), { status: 403 });
  const q = Object.fromEntries(new URL(request.url).searchParams);
  // Out-of-range filter values fall back to the defaults rather than failing the page.
  const view = await forPage(context, () => integrityView(app, viewer, id, q).catch(() => integrityView(app, viewer, id, {})));
  return { ...view, siteName: t("brand.name"), pageTitle: t("awards.integrity.title") };
}

type ActionResult = { ok: true; voided: number; form: string } | { ok: false; error: TranslatedError; form: string };

export async function action({ params, context, request }: ActionFunctionArgs) {
  const id = await forPage(context, async () => idParam(params.id));
  if (!context.viewer) return redirect(`/login?next=${encodeURIComponent(`/awards/${id}/integrity`)}`);
  const form = await request.formData();
  const formKey = String(form.get("form") ?? "");
  const voteIds = form.getAll("voteIds").filter((v): v is string => typeof v === "string");
  try {
    const r = await voidVotes(context.app, context.viewer, id, { voteIds: voteIds.length ? voteIds : "", reason: form.get("reason") ?? "" });
    return { ok: true, voided: r.voided, form: formKey } satisfies ActionResult;
  } catch (e) {
    if (!isAppError(e)) throw e;
    const error = translateError(e, context.lang);
    if (error.fields?.voteIds || Object.keys(error.fields ?? {}).some((k) => k.startsWith("voteIds."))) {
      error.fields = { ...error.fields, voteIds: getT(context.lang)("awards.integrity.selectSome") };
    }
    return data({ ok: false, error, form: formKey } satisfies ActionResult, { status: e.status });
  }
}

export default function Integrity() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const result = useStickyActionData<ActionResult>();
  const published = Boolean(d.award.awardedAt);
  const names = new Map(d.candidates.map((c) => [c.id, c.user.displayName]));
  return (
    <article className="stack aw-page" aria-labelledby="integrity-title">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to={`/awards/${d.award.id}`}>{t("awards.results.back")}</Link>
      </nav>
      <header className="aw-head">
        <p className="aw-head__kicker">
          <StateBadge state={d.award.state} /> <span>{d.award.title}</span>
        </p>
        <h1 id="integrity-title">{t("awards.integrity.title")}</h1>
        <p className="aw-lead">{t("awards.integrity.lead")}</p>
        <p className="meta" data-testid="integrity-totals">
          {t("awards.integrity.totals", { valid: d.totals.valid, voided: d.totals.voided })}
        </p>
      </header>
      {published ? <p className="alert alert--warning">{t("awards.integrity.publishedNote")}</p> : null}
      {result?.ok ? (
        <p className="alert alert--success" role="status">
          {t("awards.integrity.done", { count: result.voided })}
        </p>
      ) : null}

      <Form method="get" className="card aw-filters" aria-labelledby="aw-filters-title">
        <h2 id="aw-filters-title" className="aw-subtitle">
          {t("awards.integrity.filters")}
        </h2>
        <div className="aw-filters__grid">
          <Field label={t("awards.integrity.params.newAccountDays")} name="newAccountDays" type="number" min={1} max={365} defaultValue={String(d.params.newAccountDays)} />
          <Field label={t("awards.integrity.params.windowMinutes")} name="windowMinutes" type="number" min={1} max={1440} defaultValue={String(d.params.windowMinutes)} />
          <Field label={t("awards.integrity.params.minBurst")} name="minBurst" type="number" min={2} max={1000} defaultValue={String(d.params.minBurst)} />
          <Field label={t("awards.integrity.params.minNetwork")} name="minNetwork" type="number" min={2} max={1000} defaultValue={String(d.params.minNetwork)} />
        </div>
        <p className="field__hint">
          {t("awards.integrity.defaults", {
            days: INTEGRITY_DEFAULTS.newAccountDays,
            minutes: INTEGRITY_DEFAULTS.windowMinutes,
            burst: INTEGRITY_DEFAULTS.minBurst,
            network: INTEGRITY_DEFAULTS.minNetwork,
          })}
        </p>
        <button type="submit" className="btn btn--secondary">
          {t("awards.integrity.apply")}
        </button>
      </Form>

      <section aria-labelledby="aw-standing" className="card">
        <h2 id="aw-standing" className="section-title">
          {t("awards.integrity.candidatesTitle")}
        </h2>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("awards.integrity.candidatesTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("awards.integrity.candidate")}</th>
                <th scope="col">{t("awards.integrity.votes")}</th>
              </tr>
            </thead>
            <tbody>
              {d.candidates
                .filter((c) => c.approved)
                .map((c) => (
                  <tr key={c.id} data-candidate-id={c.id}>
                    <th scope="row">{c.user.displayName}</th>
                    <td data-testid="integrity-votes">{c.votes}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="aw-groups" className="stack">
        <h2 id="aw-groups" className="section-title">
          {t("awards.integrity.groups")}
        </h2>
        {d.groups.length === 0 ? <p className="empty">{t("awards.integrity.noGroups")}</p> : null}
        {d.groups.map((g, i) => {
          const key = `group-${i}`;
          return (
            <VoteGroup
              key={`${g.kind}-${g.candidateId}-${g.network ?? g.from}`}
              formKey={key}
              group={g}
              disabled={published}
              result={result && result.form === key ? result : undefined}
              title={t("awards.integrity.groupHead", { kind: t(`awards.integrity.kind.${g.kind}`), name: g.candidate.displayName, count: g.votes.length })}
            />
          );
        })}
      </section>

      <section aria-labelledby="aw-recent" className="stack">
        <h2 id="aw-recent" className="section-title">
          {t("awards.integrity.recent")}
        </h2>
        {d.recent.length === 0 ? (
          <p className="empty">{t("awards.integrity.noVotes")}</p>
        ) : (
          <VoteForm
            formKey="recent"
            votes={d.recent}
            names={names}
            checked={false}
            disabled={published}
            caption={t("awards.integrity.recent")}
            result={result && result.form === "recent" ? result : undefined}
          />
        )}
      </section>

      <section aria-labelledby="aw-voided" className="stack">
        <h2 id="aw-voided" className="section-title">
          {t("awards.integrity.voided")}
        </h2>
        {d.voided.length === 0 ? (
          <p className="empty">{t("awards.integrity.noVoided")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="voided">
              <caption className="visually-hidden">{t("awards.integrity.voided")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("awards.integrity.voter")}</th>
                  <th scope="col">{t("awards.integrity.candidate")}</th>
                  <th scope="col">{t("awards.integrity.time")}</th>
                  <th scope="col">{t("awards.integrity.voidedAt")}</th>
                  <th scope="col">{t("awards.integrity.voidedBy")}</th>
                  <th scope="col">{t("awards.integrity.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {d.voided.map((v) => (
                  <tr key={v.id}>
                    <td>{v.voter.displayName}</td>
                    <td>{v.candidate.displayName}</td>
                    <td>
                      <Time iso={v.createdAt} />
                    </td>
                    <td>
                      <Time iso={v.voidedAt} />
                    </td>
                    <td>{v.voidedBy?.displayName ?? ""}</td>
                    <td className="aw-reason">{v.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}

function VoteGroup({ group, title, formKey, disabled, result }: { group: IntegrityGroupDto; title: string; formKey: string; disabled: boolean; result?: ActionResult }) {
  const { t } = useTranslation();
  return (
    <section className="card stack aw-group" data-kind={group.kind} data-candidate-id={group.candidateId} data-testid="integrity-group">
      <h3 className="aw-subtitle">{title}</h3>
      <p className="meta">
        <Time iso={group.from} /> – <Time iso={group.to} />
        {group.network ? ` · ${t("awards.integrity.network", { network: group.network })}` : null}
      </p>
      <VoteForm formKey={formKey} votes={group.votes} checked disabled={disabled} caption={title} result={result} />
    </section>
  );
}

function VoteForm({
  formKey,
  votes,
  names,
  checked,
  disabled,
  caption,
  result,
}: {
  formKey: string;
  votes: IntegrityVoteDto[];
  names?: Map<string, string>;
  checked: boolean;
  disabled: boolean;
  caption: string;
  result?: ActionResult;
}) {
  const { t } = useTranslation();
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("form") === formKey;
  const err = result && !result.ok ? result.error : undefined;
  const errId = useId();
  return (
    <Form method="post" className="stack aw-void-form" preventScrollReset aria-describedby={err ? errId : undefined}>
      <input type="hidden" name="form" value={formKey} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("awards.integrity.select")}</th>
              <th scope="col">{t("awards.integrity.voter")}</th>
              {names ? <th scope="col">{t("awards.integrity.candidate")}</th> : null}
              <th scope="col">{t("awards.integrity.time")}</th>
              <th scope="col">{t("awards.integrity.age")}</th>
              <th scope="col">{t("awards.integrity.networkCol")}</th>
            </tr>
          </thead>
          <tbody>
            {votes.map((v) => (
              <tr key={v.id} data-vote-id={v.id}>
                <td>
                  <label className="aw-tick">
                    <input type="checkbox" name="voteIds" value={v.id} defaultChecked={checked} disabled={disabled} />
                    <span className="visually-hidden">{t("awards.integrity.selectVote", { name: v.voter.displayName })}</span>
                  </label>
                </td>
                <td>{v.voter.displayName}</td>
                {names ? <td>{names.get(v.candidateId) ?? ""}</td> : null}
                <td>
                  <Time iso={v.createdAt} />
                </td>
                <td>{t("awards.integrity.days", { count: v.accountAgeDays })}</td>
                <td className="aw-mono">{v.network}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {err ? (
        <p className="form-error" role="alert" id={errId}>
          {err.fields?.voteIds ?? (err.fields ? t("form.fixErrors") : err.message)}
        </p>
      ) : null}
      {disabled ? null : (
        <div className="aw-void-form__row">
          <Field label={t("awards.integrity.reason")} name="reason" required maxLength={500} error={err?.fields?.reason} />
          <button type="submit" className="btn btn--danger" disabled={busy}>
            {busy ? t("form.submitting") : t("awards.integrity.voidSelected")}
          </button>
        </div>
      )}
    </Form>
  );
}
