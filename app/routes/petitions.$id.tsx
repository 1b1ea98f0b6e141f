// A case (/petitions/:id). Those entitled (the petitioner, members of the involved mailboxes,
// administrators) see the whole case and the actions they may take now, each a small form that
// works without JavaScript; the page follows `petition:<id>` and reloads its data when someone
// else acts. Everyone else sees the masked public view of a published case, or a 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, isRouteErrorResponse, useActionData, useLoaderData, useLocation, useNavigation, useRevalidator, useRouteError } from "@remix-run/react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { idParam, translateError, type TranslatedError } from "~/.server/http";
import { isAppError } from "~/.server/errors";
import { actOnPetition, getPetition, loadActor, reissueQueryCode } from "~/.server/petitions/service";
import { getPublicPetition } from "~/.server/petitions/queries";
import { listMailboxes } from "~/.server/petitions/mailboxes";
import { Field, FormError, SelectField } from "~/components/Field";
import { DueLeft, LightBadge, MailboxName, StatusBadge, Timeline } from "~/components/Petitions";
import { Time } from "~/components/Time";
import { addDaysIso, groupByTier, matchesMailbox, shanghaiDate, type PickableMailbox } from "~/domain/petitions/desk";
import type { MailboxRef, PetitionDto, PublicPetitionDto } from "~/domain/petitions/types";
import { actionNames, defaultSettings, satisfactions, type ActionName } from "~/domain/petitions/workflow";
import { BODY_MAX } from "~/domain/forum/types";
import { getT, formatDate, type Lang } from "~/i18n";
import { useHydrated } from "~/realtime/useHydrated";
import { usePetitionUpdates } from "~/realtime/usePetitionUpdates";
import { useStickyActionData } from "~/realtime/useStickyActionData";
import { useRootData } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (data) return [{ title: `${data.petition.title} · ${data.siteName}` }];
  const t = getT((matches.find((m) => m.id === "root")?.data as { lang?: Lang } | undefined)?.lang ?? "zh-CN");
  return [{ title: `${t("casePage.notFound.title")} · ${t("brand.name")}` }];
};

const NOTE_MAX = 5000;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  const siteName = t("brand.name");
  const notFound = () => new Response(t("casePage.notFound.text"), { status: 404 });
  let id: number;
  try {
    id = idParam(params.id);
  } catch {
    throw notFound();
  }
  let petition: PetitionDto | null = null;
  try {
    petition = await getPetition(app, viewer, id);
  } catch (e) {
    if (!isAppError(e) || e.status !== 404) throw e;
  }
  if (petition) {
    const [actor, mailboxes] = await Promise.all([loadActor(app, viewer), petition.actions.includes("assign") ? listMailboxes(app) : Promise.resolve(null)]);
    return {
      kind: "full" as const,
      petition,
      siteName,
      now: app.now().toISOString(),
      official: viewer?.role === "official" || viewer?.role === "admin",
      myMailboxIds: actor?.mailboxes.map((m) => String(m.mailboxId)) ?? [],
      viewerId: viewer ? String(viewer.id) : null,
      mailboxes: (mailboxes ?? []).map((m): PickableMailbox => ({ id: m.id, name: m.name, nameEn: m.nameEn, tier: m.tier })),
    };
  }
  const published = await getPublicPetition(app, id);
  if (!published) throw notFound();
  return { kind: "public" as const, petition: published, siteName };
}

type ActionResult =
  | { done: ActionName }
  | { intent: string; error: TranslatedError; values: Record<string, string | string[]> }
  | { queryCode: string };

/** One workflow action from one of the page's forms: `intent` names it, the other fields are actionSchema's. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  let id: number;
  try {
    id = idParam(params.id);
  } catch {
    throw new Response(t("casePage.notFound.text"), { status: 404 });
  }
  if (!viewer) return redirect(`/login?next=${encodeURIComponent(`/petitions/${id}`)}`);
  const form = await request.formData();
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = key === "mailboxIds" ? all : (all[0] ?? "");
  }
  const intent = typeof values.intent === "string" ? values.intent : "";
  const fail = (error: TranslatedError, status: number) => data({ intent, error, values } satisfies ActionResult, { status });
  if (intent === "queryCode") {
    // A new query code for the petitioner, shown once (never stored in clear, never in a URL).
    try {
      const r = await reissueQueryCode(app, viewer, id);
      return data({ queryCode: r.queryCode } satisfies ActionResult, { headers: { "Cache-Control": "no-store" } });
    } catch (e) {
      if (isAppError(e)) return fail(translateError(e, lang), e.status);
      throw e;
    }
  }
  if (!(actionNames as readonly string[]).includes(intent)) return fail({ code: "invalid_input", message: t("errors.invalid_input") }, 400);

  const input: Record<string, unknown> = { action: intent };
  for (const [k, v] of Object.entries(values)) {
    if (k === "intent" || k === "action") continue;
    // Optional choices left empty mean "the default", not an invalid value.
    if (["leadMailboxId", "dueAt", "mailboxId", "comment"].includes(k) && (typeof v !== "string" || v.trim() === "")) continue;
    input[k] = v;
  }
  if (intent === "assign") {
    // Choosing a lead means assigning to it: it joins the ticked mailboxes if it is not one of them.
    const ids = (values.mailboxIds as string[] | undefined) ?? [];
    const lead = typeof input.leadMailboxId === "string" ? input.leadMailboxId : null;
    const all = lead && !ids.includes(lead) ? [lead, ...ids] : ids;
    input.mailboxIds = all;
    if (all.length === 0 || all.length > defaultSettings.maxAssignees) {
      const message = t(all.length === 0 ? "casePage.forms.assign.noneSelected" : "casePage.forms.assign.tooMany");
      return fail({ code: "invalid_input", message: t("errors.invalid_input"), fields: { mailboxIds: message } }, 400);
    }
  }
  try {
    await actOnPetition(app, viewer, id, input);
    return { done: intent as ActionName } satisfies ActionResult;
  } catch (e) {
    if (!isAppError(e)) throw e;
    const error = translateError(e, lang);
    if (error.fields) {
      // The generic wording ("at least 1 character") does not fit these controls.
      if (error.fields.days) error.fields.days = t("errors.invalid_extension");
      for (const k of Object.keys(error.fields)) {
        if (k.startsWith("mailboxIds.")) {
          error.fields.mailboxIds = t("validation.unknown_mailbox");
          delete error.fields[k];
        }
      }
    }
    return fail(error, e.status);
  }
}

export default function CasePage() {
  const d = useLoaderData<typeof loader>();
  return d.kind === "full" ? (
    <FullCase petition={d.petition} now={d.now} official={d.official} myMailboxIds={d.myMailboxIds} mailboxes={d.mailboxes} viewerId={d.viewerId} />
  ) : (
    <PublicCase petition={d.petition} />
  );
}

// ---------------------------------------------------------------- the full case

/** The case's time limit; "N days left" only while the clock runs (not once every assignment has replied). */
function DueLine({ petition: p, now }: { petition: PetitionDto; now: string }) {
  const { t, i18n } = useTranslation();
  if (!p.dueAt || p.light === "none") return <span className="meta">{t("casePage.noDeadline")}</span>;
  const running = p.status !== "replied" || p.assignments.some((a) => a.status === "open");
  return (
    <span className="case-due">
      {t("casePage.dueBy", { date: formatDate(p.dueAt, i18n.language as Lang) })}
      {running ? (
        <>
          {" · "}
          <DueLeft dueAt={p.dueAt} now={now} light={p.light} />
        </>
      ) : null}
    </span>
  );
}

/** The petitioner's way to a (new) query code: for a case filed on their behalf, or a lost code. */
function QueryCodeReissue() {
  const { t } = useTranslation();
  const result = useActionData<ActionResult>();
  const code = result && "queryCode" in result ? result.queryCode : null;
  return (
    <section aria-labelledby="case-query-code" className="card stack">
      <h2 id="case-query-code" className="section-title">
        {t("petition.queryCode")}
      </h2>
      {code ? (
        <p role="status" data-testid="new-query-code">
          {t("casePage.queryCode.shown")} <strong className="code">{code}</strong>
        </p>
      ) : (
        <p className="meta">{t("casePage.queryCode.hint")}</p>
      )}
      <Form method="post">
        <input type="hidden" name="intent" value="queryCode" />
        <button type="submit" className="btn btn--secondary" data-testid="action-queryCode">
          {t("casePage.queryCode.button")}
        </button>
      </Form>
    </section>
  );
}

function FullCase({
  petition: p,
  now,
  official,
  myMailboxIds,
  mailboxes,
  viewerId,
}: {
  viewerId: string | null;
  petition: PetitionDto;
  now: string;
  official: boolean;
  myMailboxIds: string[];
  mailboxes: PickableMailbox[];
}) {
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const busy = useRef(false);
  busy.current = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  const lastSeq = useRef(0);
  lastSeq.current = p.timeline.at(-1)?.seq ?? 0;
  const status = useRef(p.status);
  status.current = p.status;
  const [notice, setNotice] = useState("");
  const noticeTimer = useRef<ReturnType<typeof setTimeout>>();

  usePetitionUpdates([`petition:${p.id}`], {
    onUpdate: (u) => {
      if (u.petitionId !== p.id || u.event.seq <= lastSeq.current) return;
      revalidator.revalidate();
      // One's own action is confirmed by its form; others' are announced.
      if (busy.current) return;
      const what = u.status !== status.current ? t(`petition.status.${u.status}`) : t(`petition.action.${u.event.action}`, { defaultValue: "" });
      setNotice("");
      clearTimeout(noticeTimer.current);
      noticeTimer.current = setTimeout(() => setNotice(t("casePage.liveUpdated", { what })), 50);
    },
    onResync: () => revalidator.revalidate(),
  });
  useEffect(() => () => clearTimeout(noticeTimer.current), []);

  // The lead mailbox first (主办), then the co-handlers (协办) in the order they were assigned.
  const ordered = [...p.assignments].sort((a, b) => Number(b.lead) - Number(a.lead));
  const replies = ordered.filter((a) => a.reply);

  return (
    <article className="case" aria-labelledby="case-title">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        {official ? <Link to="/workbench">{t("casePage.backToWorkbench")}</Link> : <Link to="/petitions">{t("casePage.publicList")}</Link>}
      </nav>
      <header className="case-head">
        <p className="case-head__no">
          {t("petition.trackingNo")} <span className="case-head__code">{p.trackingNo}</span>
        </p>
        <h1 id="case-title">{p.title}</h1>
        <div className="case-head__state">
          <span data-testid="case-status" data-status={p.status}>
            <StatusBadge status={p.status} />
          </span>
          <span data-testid="case-light" data-light={p.light}>
            <LightBadge light={p.light} />
          </span>
          <DueLine petition={p} now={now} />
        </div>
        {p.actions.length ? (
          <p className="case-head__jump">
            <a href="#case-actions">{t("casePage.jumpToActions", { count: p.actions.length })}</a>
          </p>
        ) : null}
      </header>
      <p className={`live-notice${notice ? " live-notice--shown" : ""}`} role="status" data-testid="case-live">
        {notice}
      </p>

      <div className="case-layout">
        <div className="case-main">
          <section aria-labelledby="case-summary">
            <h2 id="case-summary" className="section-title">
              {t("casePage.summary")}
            </h2>
            <dl className="facts">
              <div>
                <dt>{t("casePage.category")}</dt>
                <dd>{t(`petition.category.${p.category}`)}</dd>
              </div>
              <div>
                <dt>{t("casePage.channel")}</dt>
                <dd>{t(`petition.channel.${p.channel}`)}</dd>
              </div>
              <div>
                <dt>{t("casePage.mailbox")}</dt>
                <dd>
                  <MailboxName mailbox={p.mailbox} />
                </dd>
              </div>
              <div>
                <dt>{t("casePage.createdAt")}</dt>
                <dd>
                  <Time iso={p.createdAt} />
                </dd>
              </div>
              <div>
                <dt>{t("petition.due")}</dt>
                <dd>{p.dueAt && p.light !== "none" ? <Time iso={p.dueAt} /> : t("casePage.noDeadline")}</dd>
              </div>
              {p.threadId ? (
                <div>
                  <dt>{t("casePage.fromThread")}</dt>
                  <dd>
                    <Link to={`/t/${p.threadId}`}>{t("casePage.openThread")}</Link>
                  </dd>
                </div>
              ) : null}
              {p.threadId || p.cosignCount > 0 ? (
                <div>
                  <dt>{t("casePage.cosigns")}</dt>
                  <dd>{t("petition.cosigns", { count: p.cosignCount })}</dd>
                </div>
              ) : null}
              {p.extendedDays ? (
                <div>
                  <dt>{t("petition.action.extend")}</dt>
                  <dd>{t("casePage.extended", { count: p.extendedDays })}</dd>
                </div>
              ) : null}
              {p.satisfaction ? (
                <div>
                  <dt>{t("casePage.satisfaction")}</dt>
                  <dd>{t(`petition.satisfaction.${p.satisfaction}`)}</dd>
                </div>
              ) : null}
              <div>
                <dt>{t("casePage.publicity")}</dt>
                <dd>{p.public ? t("casePage.publicYes") : t("casePage.publicNo")}</dd>
              </div>
            </dl>
          </section>

          <section aria-labelledby="case-petitioner" className="case-private">
            <h2 id="case-petitioner" className="section-title">
              {t("casePage.petitionerHeading")}
            </h2>
            <p className="case-private__note">
              <svg className="case-private__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" fill="currentColor" />
              </svg>
              {t("casePage.privateNote")}
            </p>
            <dl className="facts">
              <div>
                <dt>{t("casePage.petitioner")}</dt>
                <dd>{p.petitioner ? <Link to={`/u/${p.petitioner.username}`}>{p.petitioner.displayName}</Link> : t("casePage.notGiven")}</dd>
              </div>
              <div>
                <dt>{t("casePage.contactName")}</dt>
                <dd>{p.contact.name ?? t("casePage.notGiven")}</dd>
              </div>
              <div>
                <dt>{t("casePage.contactPhone")}</dt>
                <dd>{p.contact.phone ? <a href={`tel:${p.contact.phone.replace(/[^0-9+]/g, "")}`}>{p.contact.phone}</a> : t("casePage.notGiven")}</dd>
              </div>
              <div>
                <dt>{t("casePage.contactAddress")}</dt>
                <dd>{p.contact.address ?? t("casePage.notGiven")}</dd>
              </div>
            </dl>
          </section>

          {p.petitioner && p.petitioner.id === viewerId ? <QueryCodeReissue /> : null}

          <section aria-labelledby="case-body">
            <h2 id="case-body" className="section-title">
              {t("casePage.bodyHeading")}
            </h2>
            <div className="prose case-body" dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />
          </section>

          {p.proposedOpinion || p.instruction ? (
            <section aria-labelledby="case-guidance">
              <h2 id="case-guidance" className="section-title">
                {t("casePage.guidanceHeading")}
              </h2>
              <div className="guidance-list">
                {p.proposedOpinion ? (
                  <div className="guidance guidance--opinion" data-testid="case-opinion">
                    <h3 className="guidance__title">{t("casePage.proposedOpinion")}</h3>
                    <p className="guidance__text">{p.proposedOpinion}</p>
                  </div>
                ) : null}
                {p.instruction ? (
                  <div className="guidance guidance--instruction" data-testid="case-instruction">
                    <h3 className="guidance__title">{t("casePage.instruction")}</h3>
                    <p className="guidance__text">{p.instruction}</p>
                  </div>
                ) : null}
              </div>
            </section>
          ) : null}

          {p.supervision || p.supervisedCount > 0 ? (
            <section aria-labelledby="case-supervision">
              <h2 id="case-supervision" className="section-title">
                {t("casePage.supervisionHeading")}
              </h2>
              {p.supervision ? (
                <p className="alert alert--warning" data-testid="case-supervision">
                  <SupervisionText mailbox={p.supervision.mailbox} since={p.supervision.since} />
                </p>
              ) : null}
              <p className="meta">{t("casePage.supervisedCount", { count: p.supervisedCount })}</p>
            </section>
          ) : null}

          <section aria-labelledby="case-assignments">
            <h2 id="case-assignments" className="section-title">
              {t("casePage.assignmentsHeading")}
            </h2>
            {p.assignments.length === 0 ? (
              <p className="meta">{t("casePage.noAssignments")}</p>
            ) : (
              <div className="table-wrap">
                <table className="table assignment-table">
                  <caption className="visually-hidden">{t("casePage.assignmentsCaption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("petitionList.mailbox")}</th>
                      <th scope="col">{t("casePage.role")}</th>
                      <th scope="col">{t("casePage.assignmentDue")}</th>
                      <th scope="col">{t("petitionList.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ordered.map((a) => (
                      <tr key={a.mailbox.id}>
                        <th scope="row">
                          <MailboxName mailbox={a.mailbox} />
                        </th>
                        <td>{a.lead ? t("petition.lead") : t("petition.coHandler")}</td>
                        <td>
                          <Time iso={a.dueAt} />
                          <div className="assignment-table__light">
                            <LightBadge light={a.light} short /> {a.status === "open" && p.light !== "none" ? <DueLeft dueAt={a.dueAt} now={now} /> : null}
                          </div>
                        </td>
                        <td>
                          {t(`casePage.assignmentStatus.${a.status}`)}
                          {a.repliedAt ? (
                            <div className="meta">
                              <Time iso={a.repliedAt} />
                            </div>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {replies.length ? (
              <div className="case-replies">
                <h3 className="visually-hidden">{t("casePage.repliesHeading")}</h3>
                {replies.map((a) => (
                  <article key={a.mailbox.id} className={`case-reply${a.lead ? " case-reply--lead" : ""}`} aria-labelledby={`reply-${a.mailbox.id}`}>
                    <h4 id={`reply-${a.mailbox.id}`} className="case-reply__title">
                      <ReplyTitle mailbox={a.mailbox} /> <span className="badge badge--info">{a.lead ? t("petition.lead") : t("petition.coHandler")}</span>
                    </h4>
                    <p className="meta">
                      {a.reply?.by ? <RepliedBy name={a.reply.by.displayName} at={a.repliedAt!} /> : <RepliedAt at={a.repliedAt!} />}
                    </p>
                    <div className="prose" dangerouslySetInnerHTML={{ __html: a.reply!.bodyHtml }} />
                  </article>
                ))}
              </div>
            ) : null}
          </section>

          <section aria-labelledby="case-timeline">
            <h2 id="case-timeline" className="section-title">
              {t("casePage.timelineHeading")}
            </h2>
            <Timeline entries={p.timeline} />
          </section>
        </div>

        <ActionPanel petition={p} myMailboxIds={myMailboxIds} mailboxes={mailboxes} now={now} />
      </div>
    </article>
  );
}

function SupervisionText({ mailbox, since }: { mailbox: MailboxRef; since: string }) {
  const { t, i18n } = useTranslation();
  const name = i18n.language === "en" && mailbox.nameEn ? mailbox.nameEn : mailbox.name;
  return <>{t("casePage.supervisionActive", { mailbox: name, date: formatDate(since, i18n.language as Lang) })}</>;
}

function ReplyTitle({ mailbox }: { mailbox: MailboxRef }) {
  const { t, i18n } = useTranslation();
  return <>{t("casePage.replyOf", { mailbox: i18n.language === "en" && mailbox.nameEn ? mailbox.nameEn : mailbox.name })}</>;
}

function RepliedBy({ name, at }: { name: string; at: string }) {
  const { t, i18n } = useTranslation();
  return <>{t("casePage.repliedBy", { name, date: formatDate(at, i18n.language as Lang) })}</>;
}

function RepliedAt({ at }: { at: string }) {
  const { t, i18n } = useTranslation();
  return <>{t("casePage.repliedAt", { date: formatDate(at, i18n.language as Lang) })}</>;
}

// ---------------------------------------------------------------- actions

const mailboxLabel = (m: { name: string; nameEn: string }, lang: string) => (lang === "en" && m.nameEn ? m.nameEn : m.name);

function ActionPanel({ petition: p, myMailboxIds, mailboxes, now }: { petition: PetitionDto; myMailboxIds: string[]; mailboxes: PickableMailbox[]; now: string }) {
  const { t } = useTranslation();
  const result = useStickyActionData<ActionResult>();
  const navigation = useNavigation();
  const done = result && "done" in result && navigation.state === "idle" ? result.done : null;
  // An action refused because the case moved on (409): its form is gone, so the message shows here.
  const orphan = result && "error" in result && !(p.actions as string[]).includes(result.intent) ? result : null;
  return (
    <aside id="case-actions" className="case-side" aria-labelledby="case-actions-title" tabIndex={-1}>
      <h2 id="case-actions-title" className="section-title">
        {t("casePage.actionsHeading")}
      </h2>
      <div role="status" className="case-side__status">
        {done ? <p className="alert alert--success">{t("casePage.done", { action: t(`petition.action.${done}`) })}</p> : null}
      </div>
      {orphan ? (
        <FormError
          message={
            (actionNames as readonly string[]).includes(orphan.intent)
              ? t("casePage.refused", { action: t(`casePage.forms.${orphan.intent}.title`), message: orphan.error.message })
              : orphan.error.message
          }
        />
      ) : null}
      {p.actions.length === 0 ? <p className="meta">{t("casePage.noActions")}</p> : null}
      {p.actions.map((name) => (
        <ActionForm key={name} name={name} petition={p} myMailboxIds={myMailboxIds} mailboxes={mailboxes} now={now} />
      ))}
    </aside>
  );
}

function ActionForm({
  name,
  petition: p,
  myMailboxIds,
  mailboxes,
  now,
}: {
  name: ActionName;
  petition: PetitionDto;
  myMailboxIds: string[];
  mailboxes: PickableMailbox[];
  now: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const result = useStickyActionData<ActionResult>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const mine = result && "intent" in result && result.intent === name ? result : null;
  const err = mine?.error;
  const fe = err?.fields ?? {};
  const v = (k: string) => {
    const x = mine?.values[k];
    return typeof x === "string" ? x : undefined;
  };
  const sending = navigation.state === "submitting" && navigation.formData?.get("intent") === name;
  // After this form's own success, empty it (other people's updates never clear what is typed).
  useEffect(() => {
    if (navigation.state === "idle" && result && "done" in result && result.done === name) formRef.current?.reset();
  }, [navigation.state, result, name]);

  const titleId = useId();
  const reviewing = p.status === "reviewing";
  const title = name === "reply" && reviewing ? t("casePage.forms.reply.reviewTitle") : t(`casePage.forms.${name}.title`);
  const danger = name === "reject";

  let fields: React.ReactNode = null;
  switch (name) {
    case "accept":
      fields = <p className="meta">{t("casePage.forms.accept.hint")}</p>;
      break;
    case "close":
      fields = <p className="meta">{t("casePage.forms.close.hint")}</p>;
      break;
    case "reject":
      fields = (
        <Field
          label={t("casePage.forms.reject.reason")}
          name="reason"
          multiline
          rows={3}
          required
          maxLength={NOTE_MAX}
          hint={t("casePage.forms.reject.hint")}
          defaultValue={v("reason")}
          error={fe.reason}
        />
      );
      break;
    case "propose":
      fields = <Field label={t("casePage.forms.propose.opinion")} name="opinion" multiline rows={4} required maxLength={NOTE_MAX} defaultValue={v("opinion") ?? p.proposedOpinion ?? undefined} error={fe.opinion} />;
      break;
    case "instruct":
      fields = <Field label={t("casePage.forms.instruct.instruction")} name="instruction" multiline rows={4} required maxLength={NOTE_MAX} defaultValue={v("instruction")} error={fe.instruction} />;
      break;
    case "assign": {
      const accepted = [...p.timeline].reverse().find((e) => e.action === "accept")?.at ?? now;
      fields = (
        <>
          <MailboxPicker mailboxes={mailboxes} selectedIds={(mine?.values.mailboxIds as string[] | undefined) ?? []} leadId={v("leadMailboxId") ?? ""} error={fe.mailboxIds} leadError={fe.leadMailboxId} />
          <Field
            label={t("casePage.forms.assign.due")}
            name="dueAt"
            type="date"
            min={shanghaiDate(addDaysIso(now, 1))}
            hint={t("casePage.forms.assign.dueHint", { date: formatDate(addDaysIso(accepted, defaultSettings.handleDays), lang) })}
            defaultValue={v("dueAt")}
            error={fe.dueAt}
          />
        </>
      );
      break;
    }
    case "reply": {
      const options = reviewing ? [] : p.assignments.filter((a) => a.status === "open" && myMailboxIds.includes(a.mailbox.id)).sort((a, b) => Number(b.lead) - Number(a.lead));
      fields = (
        <>
          {reviewing ? <p className="meta">{t("casePage.forms.reply.reviewHint")}</p> : null}
          {options.length > 1 ? (
            <SelectField label={t("casePage.forms.reply.mailbox")} name="mailboxId" defaultValue={v("mailboxId") ?? options[0].mailbox.id} error={fe.mailboxId}>
              {options.map((a) => (
                <option key={a.mailbox.id} value={a.mailbox.id}>
                  {mailboxLabel(a.mailbox, lang)} · {a.lead ? t("petition.lead") : t("petition.coHandler")}
                </option>
              ))}
            </SelectField>
          ) : null}
          <Field label={t("casePage.forms.reply.body")} name="body" multiline rows={8} required maxLength={BODY_MAX} hint={t("casePage.markdownHint")} defaultValue={v("body")} error={fe.body} />
        </>
      );
      break;
    }
    case "extend":
      fields = (
        <>
          <Field label={t("casePage.forms.extend.days")} name="days" type="number" inputMode="numeric" min={1} max={defaultSettings.maxExtensionDays} step={1} required defaultValue={v("days") ?? "15"} error={fe.days} />
          <Field label={t("casePage.forms.extend.reason")} name="reason" multiline rows={3} required maxLength={NOTE_MAX} hint={t("casePage.forms.extend.hint")} defaultValue={v("reason")} error={fe.reason} />
        </>
      );
      break;
    case "supervise": {
      const involved = [p.mailbox, ...p.assignments.map((a) => a.mailbox)].filter((m, i, all) => all.findIndex((x) => x.id === m.id) === i);
      fields = (
        <>
          <Field label={t("casePage.forms.supervise.note")} name="note" multiline rows={3} required maxLength={NOTE_MAX} defaultValue={v("note")} error={fe.note} />
          {involved.length > 1 ? (
            <SelectField label={t("casePage.forms.supervise.target")} name="mailboxId" defaultValue={v("mailboxId") ?? ""} error={fe.mailboxId}>
              <option value="">{t("casePage.forms.supervise.targetDefault")}</option>
              {involved.map((m) => (
                <option key={m.id} value={m.id}>
                  {mailboxLabel(m, lang)}
                </option>
              ))}
            </SelectField>
          ) : null}
        </>
      );
      break;
    }
    case "feedback":
      fields = <Field label={t("casePage.forms.feedback.note")} name="note" multiline rows={3} required maxLength={NOTE_MAX} defaultValue={v("note")} error={fe.note} />;
      break;
    case "rate":
      fields = (
        <>
          <RadioGroup legend={t("casePage.forms.rate.legend")} name="satisfaction" options={satisfactions.map((s) => ({ value: s, label: t(`petition.satisfaction.${s}`) }))} defaultValue={v("satisfaction")} error={fe.satisfaction} />
          <Field label={t("casePage.forms.rate.comment")} name="comment" multiline rows={3} maxLength={NOTE_MAX} defaultValue={v("comment")} error={fe.comment} />
        </>
      );
      break;
    case "review": {
      const repliedAt = p.assignments.find((a) => a.lead)?.repliedAt ?? p.assignments.find((a) => a.repliedAt)?.repliedAt;
      fields = (
        <>
          {repliedAt ? <p className="meta">{t("casePage.forms.review.deadline", { date: formatDate(addDaysIso(repliedAt, defaultSettings.reviewRequestDays), lang) })}</p> : null}
          <Field label={t("casePage.forms.review.reason")} name="reason" multiline rows={3} required maxLength={NOTE_MAX} defaultValue={v("reason")} error={fe.reason} />
        </>
      );
      break;
    }
  }

  return (
    <section className={`action-card action-card--${name}`} aria-labelledby={titleId}>
      <h3 id={titleId} className="action-card__title">
        {title}
      </h3>
      <Form method="post" className="form action-form" ref={formRef} preventScrollReset noValidate>
        <input type="hidden" name="intent" value={name} />
        <FormError message={err && (!err.fields || Object.keys(err.fields).length === 0) ? err.message : null} />
        {fields}
        <button type="submit" className={`btn ${danger ? "btn--danger" : "btn--primary"}`} data-testid={`action-${name}`} disabled={sending}>
          {sending ? t("casePage.submitting") : t(`casePage.forms.${name}.submit`)}
        </button>
      </Form>
    </section>
  );
}

function RadioGroup({
  legend,
  name,
  options,
  defaultValue,
  error,
}: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  error?: string;
}) {
  const id = useId();
  return (
    <fieldset className="field radio-group" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input type="radio" name={name} value={o.value} defaultChecked={defaultValue === o.value} required />
          {o.label}
        </label>
      ))}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * The mailboxes to assign: a checkbox list grouped by tier (城市/县区/镇街), a filter that hides
 * what does not match (with JavaScript; without it the whole list shows), and the lead selector,
 * which lists only the ticked mailboxes once the page runs JavaScript.
 */
function MailboxPicker({ mailboxes, selectedIds, leadId, error, leadError }: { mailboxes: PickableMailbox[]; selectedIds: string[]; leadId: string; error?: string; leadError?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const hydrated = useHydrated();
  const id = useId();
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState<string[]>(selectedIds);
  const groups = useMemo(() => groupByTier(mailboxes), [mailboxes]);
  const byId = useMemo(() => new Map(mailboxes.map((m) => [m.id, m])), [mailboxes]);
  const visible = (m: PickableMailbox) => !hydrated || matchesMailbox(m, query);
  const anyVisible = mailboxes.some(visible);
  const toggle = (mid: string, on: boolean) => setSelected((s) => (on ? (s.includes(mid) ? s : [...s, mid]) : s.filter((x) => x !== mid)));
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const leadOptions = hydrated ? selected.map((x) => byId.get(x)).filter((m): m is PickableMailbox => Boolean(m)) : null;
  return (
    <>
      <fieldset className="field picker" aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
        <legend>{t("casePage.forms.assign.mailboxes")}</legend>
        <p className="field__hint" id={`${id}-hint`}>
          {t("casePage.forms.assign.mailboxesHint")}
        </p>
        {error ? (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
        {hydrated ? (
          <div className="field picker__filter">
            <label htmlFor={`${id}-filter`}>{t("casePage.forms.assign.filter")}</label>
            <input
              id={`${id}-filter`}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              aria-describedby={`${id}-filter-hint`}
              aria-controls={`${id}-list`}
              autoComplete="off"
            />
            <p className="field__hint" id={`${id}-filter-hint`}>
              {t("casePage.forms.assign.filterHint")}
            </p>
          </div>
        ) : null}
        <p className="picker__selected" aria-live="polite">
          {hydrated ? t("casePage.forms.assign.selected", { count: selected.length }) : null}
          {hydrated && selected.length ? `：${selected.map((x) => (byId.get(x) ? mailboxLabel(byId.get(x)!, lang) : x)).join("、")}` : null}
        </p>
        <div className="picker__list" id={`${id}-list`}>
          {groups.map((g) => {
            const shown = g.items.filter(visible);
            return (
              <fieldset key={g.tier} className="picker__group" hidden={shown.length === 0}>
                <legend>{t(`tiers.${g.tier}`)}</legend>
                {g.items.map((m) => (
                  <label key={m.id} className="checkbox picker__item" hidden={!visible(m)}>
                    <input
                      type="checkbox"
                      name="mailboxIds"
                      value={m.id}
                      defaultChecked={selectedIds.includes(m.id)}
                      onChange={(e) => toggle(m.id, e.target.checked)}
                    />
                    <span>{mailboxLabel(m, lang)}</span>
                  </label>
                ))}
              </fieldset>
            );
          })}
          {!anyVisible ? <p className="meta">{t("casePage.forms.assign.noMatch")}</p> : null}
        </div>
      </fieldset>
      <SelectField label={t("casePage.forms.assign.lead")} name="leadMailboxId" defaultValue={leadId} error={leadError}>
        <option value="">{t("casePage.forms.assign.leadDefault")}</option>
        {leadOptions
          ? leadOptions.map((m) => (
              <option key={m.id} value={m.id}>
                {mailboxLabel(m, lang)}
              </option>
            ))
          : groups.map((g) => (
              <optgroup key={g.tier} label={t(`tiers.${g.tier}`)}>
                {g.items.map((m) => (
                  <option key={m.id} value={m.id}>
                    {mailboxLabel(m, lang)}
                  </option>
                ))}
              </optgroup>
            ))}
      </SelectField>
    </>
  );
}

// ---------------------------------------------------------------- the public view

function PublicCase({ petition: p }: { petition: PublicPetitionDto }) {
  const { t } = useTranslation();
  return (
    <article className="case" aria-labelledby="case-title">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to="/petitions">{t("casePage.publicList")}</Link>
      </nav>
      <header className="case-head">
        <h1 id="case-title">{p.title}</h1>
        <div className="case-head__state">
          <span data-testid="case-status" data-status={p.status}>
            <StatusBadge status={p.status} />
          </span>
          <span className="meta">
            <MailboxName mailbox={p.mailbox} /> · {t(`petition.category.${p.category}`)} · <Time iso={p.createdAt} />
          </span>
          {p.satisfaction ? <span className="meta">{t(`petition.satisfaction.${p.satisfaction}`)}</span> : null}
        </div>
      </header>
      <p className="alert alert--info">{t("casePage.publicView.note")}</p>
      <section aria-labelledby="case-body">
        <h2 id="case-body" className="section-title">
          {t("casePage.bodyHeading")}
        </h2>
        <div className="prose case-body" dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />
      </section>
      <section aria-labelledby="case-replies">
        <h2 id="case-replies" className="section-title">
          {t("casePage.publicView.replies")}
        </h2>
        {p.replies.length === 0 ? (
          <p className="meta">{t("casePage.publicView.noReplies")}</p>
        ) : (
          <div className="case-replies">
            {p.replies.map((r) => (
              <article key={r.mailbox.id} className={`case-reply${r.lead ? " case-reply--lead" : ""}`} aria-labelledby={`reply-${r.mailbox.id}`}>
                <h3 id={`reply-${r.mailbox.id}`} className="case-reply__title">
                  <ReplyTitle mailbox={r.mailbox} /> <span className="badge badge--info">{r.lead ? t("petition.lead") : t("petition.coHandler")}</span>
                </h3>
                <p className="meta">
                  <RepliedAt at={r.repliedAt} />
                </p>
                <div className="prose" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
              </article>
            ))}
          </div>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const { viewer } = useRootData();
  const location = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status !== 404) {
    return (
      <div className="stack">
        <h1>{t("errorPage.title")}</h1>
        <p>{t("errorPage.text")}</p>
      </div>
    );
  }
  return (
    <div className="stack">
      <h1>{t("casePage.notFound.title")}</h1>
      <p>{t("casePage.notFound.text")}</p>
      {!viewer ? <p>{t("casePage.notFound.signedOut")}</p> : null}
      <p className="row">
        {!viewer ? (
          <Link to={`/login?next=${encodeURIComponent(location.pathname)}`} className="btn btn--primary">
            {t("casePage.notFound.login")}
          </Link>
        ) : null}
        <Link to="/track" className="btn btn--secondary">
          {t("casePage.notFound.track")}
        </Link>
      </p>
    </div>
  );
}
