// The officials' and administrators' case desk (/workbench). Officials: the open work of their
// mailboxes, red → yellow → green then by deadline, with counts per light, a tab per mailbox,
// light and status filters and the history of what was done. Administrators: every open case,
// and the supervision board (督办) with a quick supervision form on each row. The list follows
// `mailbox:<id>` (officials) or `supervision` (administrators) and refreshes itself when a case
// changes. Filters and pages are plain links and GET forms: everything works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, isRouteErrorResponse, useLoaderData, useNavigation, useRevalidator, useRouteError } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { forPage, translateError, type TranslatedError } from "~/.server/http";
import { isAppError } from "~/.server/errors";
import { actOnPetition, loadActor } from "~/.server/petitions/service";
import { countCasesByLight, listCases, supervisionBoard } from "~/.server/petitions/queries";
import { listMailboxes } from "~/.server/petitions/mailboxes";
import { CaseTable, LightBadge } from "~/components/Petitions";
import { isOfficial } from "~/domain/auth/types";
import {
  groupByTier,
  historyStatuses,
  lightTotals,
  openStatuses,
  parseWorkbenchQuery,
  tiersList,
  workbenchHref,
  workLights,
  type PickableMailbox,
  type WorkbenchQuery,
} from "~/domain/petitions/desk";
import type { MailboxRef, PetitionListItem } from "~/domain/petitions/types";
import { formatDate, getT, type Lang } from "~/i18n";
import { usePetitionUpdates } from "~/realtime/usePetitionUpdates";
import { useStickyActionData } from "~/realtime/useStickyActionData";
import { SUPERVISION_ROOM } from "~/realtime/contract";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (data) return [{ title: data.title }];
  const t = getT((matches.find((m) => m.id === "root")?.data as { lang?: Lang } | undefined)?.lang ?? "zh-CN");
  return [{ title: `${t("workbench.title")} · ${t("brand.name")}` }];
};

type BoardItem = PetitionListItem & { responsible: MailboxRef; supervisedCount: number; supervisedAt: string | null };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  const url = new URL(request.url);
  if (!viewer) throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (!isOfficial(viewer)) throw new Response(t("errors.forbidden"), { status: 403 });
  const admin = viewer.role === "admin";
  const q = parseWorkbenchQuery(url.searchParams, { admin });
  const [actor, all] = await Promise.all([loadActor(app, viewer), listMailboxes(app)]);
  const myMailboxIds = (actor?.mailboxes ?? []).map((m) => String(m.mailboxId));
  const pick = (m: (typeof all)[number]): PickableMailbox => ({ id: m.id, name: m.name, nameEn: m.nameEn, tier: m.tier });
  const base = {
    title: `${t("workbench.title")} · ${t("brand.name")}`,
    admin,
    q,
    now: app.now().toISOString(),
    myMailboxes: all.filter((m) => myMailboxIds.includes(m.id)).map(pick),
    // Administrators filter by any mailbox; officials by theirs (the tabs).
    allMailboxes: admin ? all.map(pick) : [],
  };
  if (!admin && myMailboxIds.length === 0) {
    return { ...base, noMailboxes: true, items: [] as (PetitionListItem | BoardItem)[], nextCursor: null, counts: null };
  }
  if (q.mailboxId && !admin && !myMailboxIds.includes(q.mailboxId)) q.mailboxId = null;
  const mailboxId = q.mailboxId ? Number(q.mailboxId) : null;
  return forPage(context, async () => {
    if (q.view === "supervision") {
      const page = await supervisionBoard(app, viewer, { tier: q.tier, light: q.light, cursor: q.cursor });
      return { ...base, noMailboxes: false, items: page.items as (PetitionListItem | BoardItem)[], nextCursor: page.nextCursor, counts: null };
    }
    const opts = { mailboxId, status: q.status, light: q.view === "history" ? null : q.light, cursor: q.cursor };
    const [page, counts] = await Promise.all([
      listCases(app, viewer, opts),
      q.view === "inbox" ? countCasesByLight(app, viewer, { mailboxId, status: q.status }) : Promise.resolve(null),
    ]);
    return { ...base, noMailboxes: false, items: page.items as (PetitionListItem | BoardItem)[], nextCursor: page.nextCursor, counts };
  });
}

type QuickResult = { petitionId: string; done: true } | { petitionId: string; error: TranslatedError; note: string };

/** The supervision board's quick form: `supervise` with a note on one case (administrators). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { app, viewer, lang } = context;
  if (!viewer) return redirect("/login?next=%2Fworkbench%3Fview%3Dsupervision");
  const form = await request.formData();
  const petitionId = String(form.get("petitionId") ?? "");
  const note = String(form.get("note") ?? "");
  const t = getT(lang);
  if (form.get("intent") !== "supervise" || !/^[1-9][0-9]{0,15}$/.test(petitionId)) {
    return data({ petitionId, error: { code: "invalid_input", message: t("errors.invalid_input") }, note } satisfies QuickResult, { status: 400 });
  }
  try {
    await actOnPetition(app, viewer, Number(petitionId), { action: "supervise", note });
    return { petitionId, done: true } satisfies QuickResult;
  } catch (e) {
    if (!isAppError(e)) throw e;
    const error = translateError(e, lang);
    // The one field of this form is the note: its message stands for the whole form.
    if (error.fields?.note) error.message = error.fields.note;
    return data({ petitionId, error, note } satisfies QuickResult, { status: e.status });
  }
}

export default function Workbench() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const q = d.q as WorkbenchQuery;
  const revalidator = useRevalidator();
  const [changed, setChanged] = useState<string[]>([]);
  const [announce, setAnnounce] = useState("");
  const pending = useRef(new Set<string>());
  const newCase = useRef(false);
  const debounce = useRef<ReturnType<typeof setTimeout>>();
  const clearChanged = useRef<ReturnType<typeof setTimeout>>();
  const waiting = useRef(false);

  const rooms = d.noMailboxes ? [] : d.admin ? [SUPERVISION_ROOM] : d.myMailboxes.map((m) => `mailbox:${m.id}`);
  usePetitionUpdates(rooms, {
    onUpdate: (u) => {
      pending.current.add(u.petitionId);
      // A new letter to the mailbox, or (for a department) a case newly assigned to it.
      if (u.event.action === "submit" || (!d.admin && u.event.action === "assign")) newCase.current = true;
      clearTimeout(debounce.current);
      debounce.current = setTimeout(() => {
        waiting.current = true;
        revalidator.revalidate();
      }, 600);
    },
    onResync: () => revalidator.revalidate(),
  });
  // Once the fresh list is in: mark the rows that changed for a few seconds, announce new letters.
  useEffect(() => {
    if (revalidator.state !== "idle" || !waiting.current) return;
    waiting.current = false;
    setChanged([...pending.current]);
    pending.current.clear();
    if (newCase.current) {
      newCase.current = false;
      setAnnounce("");
      setTimeout(() => setAnnounce(t("workbench.live.newCase")), 50);
    }
    clearTimeout(clearChanged.current);
    clearChanged.current = setTimeout(() => setChanged([]), 4000);
  }, [revalidator.state, t]);
  useEffect(
    () => () => {
      clearTimeout(debounce.current);
      clearTimeout(clearChanged.current);
    },
    [],
  );

  const views = d.admin ? (["inbox", "history", "supervision"] as const) : (["inbox", "history"] as const);
  const caption = t(`workbench.caption.${q.view}`);

  return (
    <div className="stack workbench">
      <header className="page-header">
        <h1>{t("workbench.title")}</h1>
      </header>
      <p className="meta">{q.view === "supervision"
          ? t("workbench.board.lead")
          : q.view === "history"
            ? t("workbench.leadHistory")
            : d.admin
              ? t("workbench.leadAdmin")
              : t("workbench.leadOfficial")}</p>

      {d.noMailboxes ? (
        <p className="alert alert--info">{t("workbench.noMailboxes")}</p>
      ) : (
        <>
          <nav className="tabs" aria-label={t("workbench.views")}>
            {views.map((v) => (
              <Link key={v} to={workbenchHref({ view: v })} aria-current={q.view === v ? "page" : undefined} data-testid={`view-${v}`}>
                {t(`workbench.view.${v}`)}
              </Link>
            ))}
          </nav>

          {!d.admin && d.myMailboxes.length > 1 && q.view !== "supervision" ? (
            <nav className="tabs wb-mailboxes" aria-label={t("workbench.mailboxes")}>
              <Link to={workbenchHref({ ...q, mailboxId: null, cursor: null })} aria-current={q.mailboxId === null ? "page" : undefined}>
                {t("workbench.allMailboxes")}
              </Link>
              {d.myMailboxes.map((m) => (
                <Link key={m.id} to={workbenchHref({ ...q, mailboxId: m.id, cursor: null })} aria-current={q.mailboxId === m.id ? "page" : undefined}>
                  <MailboxLabel m={m} />
                </Link>
              ))}
            </nav>
          ) : null}

          {d.counts ? (
            <section aria-labelledby="wb-counts">
              <h2 id="wb-counts" className="visually-hidden">
                {t("workbench.countsLabel")}
              </h2>
              <ul className="wb-counts" data-testid="light-counts">
                {lightTotals(d.counts).map(({ light, count }) => (
                  <li key={light}>
                    <Link
                      className={`wb-count wb-count--${light}`}
                      to={workbenchHref({ ...q, light: q.light === light ? null : light, cursor: null })}
                      aria-current={q.light === light ? "true" : undefined}
                      aria-label={t("workbench.countLink", { light: t(`petition.lightShort.${light}`), count })}
                      data-testid={`count-${light}`}
                      data-count={count}
                    >
                      <LightBadge light={light} short />
                      <span className="wb-count__n">{count}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <Filters q={q} admin={d.admin} allMailboxes={d.allMailboxes} />

          <p className="visually-hidden" aria-live="polite" data-testid="workbench-live">
            {announce}
          </p>

          <section aria-labelledby="wb-list" className="stack">
            <h2 id="wb-list" className="section-title">
              {caption}
            </h2>
            {d.items.length === 0 ? (
              <p className="empty">{t("workbench.empty")}</p>
            ) : q.view === "supervision" ? (
              <CaseTable<BoardItem>
                items={d.items as BoardItem[]}
                caption={caption}
                now={d.now}
                changed={changed}
                mailboxHeader={t("workbench.board.responsible")}
                mailboxOf={(p) => p.responsible}
                columns={[
                  { header: t("workbench.board.supervised"), cell: (p) => <Supervised p={p} /> },
                  { header: t("workbench.board.quick"), cell: (p) => <QuickSupervise p={p} /> },
                ]}
              />
            ) : (
              <CaseTable items={d.items as PetitionListItem[]} caption={caption} now={q.view === "inbox" ? d.now : undefined} changed={changed} />
            )}
            {d.nextCursor || q.cursor ? (
              <nav className="wb-more" aria-label={t("pagination.label")}>
                {q.cursor ? (
                  <Link to={workbenchHref({ ...q, cursor: null })} className="btn btn--secondary btn--small">
                    {t("workbench.first")}
                  </Link>
                ) : null}
                {d.nextCursor ? (
                  <Link to={workbenchHref({ ...q, cursor: d.nextCursor })} className="btn btn--secondary btn--small" rel="next" data-testid="more">
                    {t("workbench.more")}
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </section>
        </>
      )}
    </div>
  );
}

function MailboxLabel({ m }: { m: { name: string; nameEn: string } }) {
  const { i18n } = useTranslation();
  return <>{i18n.language === "en" && m.nameEn ? m.nameEn : m.name}</>;
}

/** The filters as a GET form: works without JavaScript, and the address stays shareable. */
function Filters({ q, admin, allMailboxes }: { q: WorkbenchQuery; admin: boolean; allMailboxes: PickableMailbox[] }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const statuses = q.view === "history" ? historyStatuses : q.view === "inbox" ? openStatuses : [];
  const lightsShown = q.view === "supervision" ? (["red", "yellow"] as const) : q.view === "inbox" ? workLights : [];
  const filtered = Boolean(q.light || q.tier || (q.view === "inbox" && q.status) || (q.view === "history" && q.status !== "replied") || (admin && q.mailboxId));
  return (
    <Form method="get" action="/workbench" className="wb-filters" aria-labelledby={`${id}-legend`}>
      <h2 id={`${id}-legend`} className="visually-hidden">
        {t("workbench.filters")}
      </h2>
      {q.view !== "inbox" ? <input type="hidden" name="view" value={q.view} /> : null}
      {!admin && q.mailboxId ? <input type="hidden" name="mailbox" value={q.mailboxId} /> : null}
      {admin && q.view !== "supervision" ? (
        <div className="field">
          <label htmlFor={`${id}-mailbox`}>{t("workbench.mailbox")}</label>
          <select id={`${id}-mailbox`} name="mailbox" defaultValue={q.mailboxId ?? ""}>
            <option value="">{t("workbench.allMailboxes")}</option>
            {groupByTier(allMailboxes).map((g) => (
              <optgroup key={g.tier} label={t(`tiers.${g.tier}`)}>
                {g.items.map((m) => (
                  <option key={m.id} value={m.id}>
                    {i18n.language === "en" && m.nameEn ? m.nameEn : m.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
      ) : null}
      {q.view === "supervision" ? (
        <div className="field">
          <label htmlFor={`${id}-tier`}>{t("workbench.tier")}</label>
          <select id={`${id}-tier`} name="tier" defaultValue={q.tier ?? ""}>
            <option value="">{t("workbench.any")}</option>
            {tiersList.map((x) => (
              <option key={x} value={x}>
                {t(`tiers.${x}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {lightsShown.length ? (
        <div className="field">
          <label htmlFor={`${id}-light`}>{t("workbench.light")}</label>
          <select id={`${id}-light`} name="light" defaultValue={q.light ?? ""}>
            <option value="">{t("workbench.any")}</option>
            {lightsShown.map((x) => (
              <option key={x} value={x}>
                {t(`petition.light.${x}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {statuses.length ? (
        <div className="field">
          <label htmlFor={`${id}-status`}>{q.view === "history" ? t("workbench.historyStatus") : t("workbench.status")}</label>
          <select id={`${id}-status`} name="status" defaultValue={q.status ?? ""}>
            {q.view === "inbox" ? <option value="">{t("workbench.any")}</option> : null}
            {statuses.map((x) => (
              <option key={x} value={x}>
                {t(`petition.status.${x}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="wb-filters__actions">
        <button type="submit" className="btn btn--primary btn--small">
          {t("workbench.apply")}
        </button>
        {filtered ? <Link to={workbenchHref({ view: q.view, mailboxId: admin ? null : q.mailboxId })}>{t("workbench.clear")}</Link> : null}
      </div>
    </Form>
  );
}

function Supervised({ p }: { p: BoardItem }) {
  const { t } = useTranslation();
  if (!p.supervisedCount) return <span className="meta">{t("workbench.board.never")}</span>;
  return (
    <span>
      {t("workbench.board.supervisedCount", { count: p.supervisedCount })}
      {p.supervisedAt ? (
        <span className="meta wb-since">
          <SinceDate iso={p.supervisedAt} />
        </span>
      ) : null}
    </span>
  );
}

function SinceDate({ iso }: { iso: string }) {
  const { t, i18n } = useTranslation();
  return <>{t("workbench.board.since", { date: formatDate(iso, i18n.language as Lang) })}</>;
}

function QuickSupervise({ p }: { p: BoardItem }) {
  const { t } = useTranslation();
  const result = useStickyActionData<QuickResult>();
  const navigation = useNavigation();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const mine = result && result.petitionId === p.id ? result : null;
  const error = mine && "error" in mine ? mine.error : null;
  const done = mine && "done" in mine && navigation.state === "idle";
  const sending = navigation.state === "submitting" && navigation.formData?.get("petitionId") === p.id;
  useEffect(() => {
    if (done) formRef.current?.reset();
  }, [done]);
  return (
    <Form method="post" className="board-form" ref={formRef} preventScrollReset noValidate>
      <input type="hidden" name="intent" value="supervise" />
      <input type="hidden" name="petitionId" value={p.id} />
      <label htmlFor={`${id}-note`} className="visually-hidden">
        {t("workbench.board.note", { title: p.title })}
      </label>
      <input
        id={`${id}-note`}
        name="note"
        required
        maxLength={5000}
        placeholder={t("workbench.board.notePlaceholder")}
        defaultValue={error && mine && "note" in mine ? mine.note : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <button type="submit" className="btn btn--secondary btn--small" disabled={sending} data-testid="quick-supervise">
        {t("workbench.board.submit")}
      </button>
      {error ? (
        <p className="board-form__msg board-form__msg--error" id={`${id}-error`} role="alert">
          {error.message}
        </p>
      ) : done ? (
        <p className="board-form__msg" role="status">
          {t("workbench.board.done", { title: p.title })}
        </p>
      ) : null}
    </Form>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <div className="stack">
      <h1>{t("workbench.title")}</h1>
      <p className="alert alert--warning">{status === 403 ? t("errors.forbidden") : status === 400 ? t("errors.invalid_input") : t("errorPage.text")}</p>
      <p>
        <Link to={status === 400 ? "/workbench" : "/"} className="btn btn--primary">
          {status === 400 ? t("workbench.first") : t("errorPage.home")}
        </Link>
      </p>
    </div>
  );
}
