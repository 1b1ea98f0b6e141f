// /petitions — the published letters and their replies (personal data masked), filtered by
// category and mailbox, with keyset "load more" (links without JavaScript, appended in place
// with it); signed-in users also get the "My letters" tab.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { forPage } from "~/.server/http";
import { listMailboxes } from "~/.server/petitions/mailboxes";
import { listPublic, myPetitions } from "~/.server/petitions/queries";
import type { MailboxChoice } from "~/domain/petitions/mailbox-groups";
import type { PetitionListItem, PublicPetitionDto } from "~/domain/petitions/types";
import { categories } from "~/domain/petitions/workflow";
import { CaseTable } from "~/components/Petitions";
import { CategorySelect, MailboxPicker, PublicCaseCard } from "~/components/PetitionPages";
import { useHydrated } from "~/realtime/useHydrated";
import { getT } from "~/i18n";
import pageStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pageStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const PAGE = 10;
const ID = /^[1-9][0-9]{0,15}$/;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  const url = new URL(request.url);
  const q = url.searchParams;
  const cursor = q.get("cursor") || null;
  // "Load more" in the browser asks for the rows only.
  const rowsOnly = q.get("part") === "rows";
  const mineTab = q.get("tab") === "mine";
  const title = `${t(mineTab ? "petitionPages.list.mine" : "petitionPages.list.title")} · ${t("brand.name")}`;
  if (mineTab) {
    if (!viewer) throw redirect(`/login?next=${encodeURIComponent("/petitions?tab=mine")}`);
    const r = await forPage(context, () => myPetitions(app, viewer, { cursor, limit: 20 }));
    return { tab: "mine" as const, title, signedIn: true, cursor, mine: r.items, items: [] as PublicPetitionDto[], nextCursor: r.nextCursor, category: "", mailbox: "", mailboxes: [] as MailboxChoice[] };
  }
  const rawCategory = q.get("category") ?? "";
  const category = (categories as readonly string[]).includes(rawCategory) ? rawCategory : "";
  const rawMailbox = q.get("mailbox") ?? "";
  const mailbox = ID.test(rawMailbox) ? rawMailbox : "";
  const [r, mailboxes] = await Promise.all([
    forPage(context, () => listPublic(app, { cursor, limit: PAGE, category: category || null, mailboxId: mailbox ? Number(mailbox) : null })),
    rowsOnly ? Promise.resolve([]) : listMailboxes(app),
  ]);
  return {
    tab: "public" as const,
    title,
    signedIn: Boolean(viewer),
    cursor,
    mine: [] as PetitionListItem[],
    items: r.items,
    nextCursor: r.nextCursor,
    category,
    mailbox,
    mailboxes: mailboxes.map((m): MailboxChoice => ({ id: m.id, name: m.name, nameEn: m.nameEn, tier: m.tier, kind: m.kind, parentId: m.parentId })),
  };
}

/**
 * Keyset "load more": the link goes to ?cursor= (works without JavaScript); with it, the next
 * rows are fetched and appended, focus moves to the first new one and the count is announced.
 */
function useLoadMore<T extends { id: string }>(initial: T[], initialCursor: string | null, pick: (d: Awaited<ReturnType<typeof loader>>) => T[]) {
  const [rows, setRows] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [announce, setAnnounce] = useState<{ count: number; firstId: string } | null>(null);
  useEffect(() => {
    setRows(initial);
    setCursor(initialCursor);
    setAnnounce(null);
  }, [initial, initialCursor]);
  const fetcher = useFetcher<typeof loader>();
  const handled = useRef<unknown>(null);
  useEffect(() => {
    const d = fetcher.data;
    if (fetcher.state !== "idle" || !d || handled.current === d) return;
    handled.current = d;
    const fresh = pick(d).filter((x) => !rows.some((r) => r.id === x.id));
    setRows((r) => [...r, ...fresh]);
    setCursor(d.nextCursor);
    if (fresh[0]) setAnnounce({ count: fresh.length, firstId: fresh[0].id });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);
  return { rows, cursor, announce, fetcher };
}

function LoadMore({ cursor, busy, onMore }: { cursor: string | null; busy: boolean; onMore: (href: string) => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  const hydrated = useHydrated();
  const params = new URLSearchParams(location.search);
  const onCursorPage = params.has("cursor");
  const newest = new URLSearchParams(params);
  newest.delete("cursor");
  const href = (() => {
    if (!cursor) return null;
    const p = new URLSearchParams(params);
    p.set("cursor", cursor);
    return `/petitions?${p.toString()}`;
  })();
  if (!href && !onCursorPage) return null;
  return (
    <nav className="row pp-more" aria-label={t("pagination.label")}>
      {onCursorPage && !hydrated ? (
        <Link to={`/petitions${newest.toString() ? `?${newest}` : ""}`} className="btn btn--secondary">
          {t("petitionPages.list.newest")}
        </Link>
      ) : null}
      {href ? (
        <Link
          to={href}
          className="btn btn--secondary pp-more__btn"
          rel="next"
          aria-disabled={busy || undefined}
          onClick={(e) => {
            if (!hydrated) return;
            e.preventDefault();
            if (!busy) onMore(href);
          }}
        >
          {busy ? t("petitionPages.list.loading") : t("petitionPages.list.loadMore")}
        </Link>
      ) : null}
    </nav>
  );
}

function PublicList({ data }: { data: Awaited<ReturnType<typeof loader>> }) {
  const { t } = useTranslation();
  const { rows, cursor, announce, fetcher } = useLoadMore(data.items, data.nextCursor, (d) => d.items);
  const links = useRef(new Map<string, HTMLAnchorElement>());
  useEffect(() => {
    if (announce) links.current.get(announce.firstId)?.focus();
  }, [announce]);
  const filtered = Boolean(data.category || data.mailbox);
  return (
    <>
      <Form method="get" className="card pp-filters" role="search" key={`${data.category}|${data.mailbox}`} aria-label={t("petitionPages.list.filters")}>
        <div className="pp-filters__grid">
          <CategorySelect
            id="pp-filter-category"
            name="category"
            label={t("petitionPages.list.category")}
            categories={categories}
            defaultValue={data.category}
            placeholder={t("petitionPages.list.allCategories")}
          />
          <MailboxPicker
            id="pp-filter-mailbox"
            name="mailbox"
            label={t("petitionPages.list.mailbox")}
            items={data.mailboxes}
            defaultValue={data.mailbox}
            placeholder={t("petitionPages.list.allMailboxes")}
          />
        </div>
        <div className="row pp-actions">
          <button type="submit" className="btn btn--primary">
            {t("petitionPages.list.apply")}
          </button>
          {filtered ? (
            <Link to="/petitions" className="btn btn--link">
              {t("petitionPages.list.clear")}
            </Link>
          ) : null}
        </div>
      </Form>
      <section aria-labelledby="pp-results-title" className="stack">
        <h2 id="pp-results-title" className="visually-hidden">
          {t("petitionPages.list.results")}
        </h2>
        {rows.length ? (
          <ol className="pp-case-list">
            {rows.map((item) => (
              <li key={item.id}>
                <PublicCaseCard
                  item={item}
                  linkRef={(el) => {
                    if (el) links.current.set(item.id, el);
                    else links.current.delete(item.id);
                  }}
                />
              </li>
            ))}
          </ol>
        ) : (
          <p className="empty">{t(filtered ? "petitionPages.list.emptyFiltered" : "petitionPages.list.empty")}</p>
        )}
        <p className="visually-hidden" role="status" aria-live="polite">
          {announce ? t("petitionPages.list.loaded", { count: announce.count }) : ""}
        </p>
        <LoadMore cursor={cursor} busy={fetcher.state !== "idle"} onMore={(href) => fetcher.load(`${href}&index&part=rows`)} />
      </section>
    </>
  );
}

function MineList({ data }: { data: Awaited<ReturnType<typeof loader>> }) {
  const { t } = useTranslation();
  const { rows, cursor, announce, fetcher } = useLoadMore(data.mine, data.nextCursor, (d) => d.mine);
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (announce) region.current?.querySelector<HTMLAnchorElement>(`a[href="/petitions/${announce.firstId}"]`)?.focus();
  }, [announce]);
  return (
    <section aria-labelledby="pp-mine-title" className="stack" ref={region}>
      <h2 id="pp-mine-title" className="visually-hidden">
        {t("petitionPages.list.mine")}
      </h2>
      {rows.length ? (
        <CaseTable items={rows} caption={t("petitionPages.list.mine")} />
      ) : (
        <div className="empty">
          <p>{t("petitionPages.list.mineEmpty")}</p>
          <Link to="/petitions/new" className="btn btn--primary">
            {t("petitionPages.write")}
          </Link>
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce ? t("petitionPages.list.loaded", { count: announce.count }) : ""}
      </p>
      <LoadMore cursor={cursor} busy={fetcher.state !== "idle"} onMore={(href) => fetcher.load(`${href}&index`)} />
    </section>
  );
}

export default function PetitionsIndex() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack">
      <div className="page-header pp-list-head">
        <div>
          <h1>{t(data.tab === "mine" ? "petitionPages.list.mine" : "petitionPages.list.title")}</h1>
          <p className="meta">{t(data.tab === "mine" ? "petitionPages.list.mineLead" : "petitionPages.list.lead")}</p>
        </div>
        <div className="row pp-cta">
          <Link to="/petitions/new" className="btn btn--primary pp-cta__btn">
            {t("petitionPages.write")}
          </Link>
          <Link to="/track" className="btn btn--secondary pp-cta__btn">
            {t("petitionPages.track")}
          </Link>
        </div>
      </div>
      {data.signedIn ? (
        <nav className="tabs pp-tabs" aria-label={t("petitionPages.list.tabs")}>
          <ul>
            <li>
              <Link to="/petitions" aria-current={data.tab === "public" ? "page" : undefined}>
                {t("petitionPages.list.public")}
              </Link>
            </li>
            <li>
              <Link to="/petitions?tab=mine" aria-current={data.tab === "mine" ? "page" : undefined}>
                {t("petitionPages.list.mine")}
              </Link>
            </li>
          </ul>
        </nav>
      ) : null}
      {data.tab === "mine" ? <MineList data={data} /> : <PublicList data={data} />}
    </div>
  );
}
