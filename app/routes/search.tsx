// /search?q=&type=&cursor= — site search: a GET form (works without JavaScript), tabs per kind
// with counts, results with the matched words marked (<mark> elements built from ranges, never
// HTML), an empty state, and a hint for queries too short to search.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forPage } from "~/.server/http";
import { search } from "~/.server/search/service";
import { Time } from "~/components/Time";
import { QUERY_MAX, isSearchType, searchTypes, segments, type Range, type SearchType } from "~/domain/search/query";
import { getT } from "~/i18n";
import styles from "~/styles/search.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }, { name: "robots", content: "noindex" }] : []);

const TAB_ORDER: SearchType[] = ["thread", "info", "post", "petition", "commitment"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const raw = url.searchParams.get("q") ?? "";
  const rawType = url.searchParams.get("type");
  const type = isSearchType(rawType) ? rawType : null;
  const cursor = url.searchParams.get("cursor");
  const t = getT(context.lang);
  if (!raw.trim()) return { asked: false as const, type, title: `${t("search.title")} · ${t("brand.name")}` };
  const page = await forPage(context, () => search(context.app, { q: raw, type, cursor, limit: 20 }));
  return { asked: true as const, type, paged: Boolean(cursor), ...page, title: `${t("search.results", { query: page.query })} · ${t("brand.name")}` };
}

/** Text with its matched ranges wrapped in <mark> (React escapes every piece). */
function Marked({ text, ranges }: { text: string; ranges: Range[] }) {
  return (
    <>
      {segments({ text, ranges }).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}

function href(q: string, type: SearchType | null, cursor?: string | null) {
  const p = new URLSearchParams({ q });
  if (type) p.set("type", type);
  if (cursor) p.set("cursor", cursor);
  return `/search?${p}`;
}

export default function SearchPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const query = d.asked ? d.query : "";
  const total = d.asked ? searchTypes.reduce((n, k) => n + d.counts[k], 0) : 0;
  const countText = (k: SearchType) =>
    d.asked && d.capped.includes(k) ? t("search.countCapped", { count: d.counts[k] }) : t("search.count", { count: d.asked ? d.counts[k] : 0 });
  return (
    <div className="stack search-page">
      <div className="page-header">
        <div>
          <h1>{t("search.title")}</h1>
          <p className="meta">{t("search.lead")}</p>
        </div>
      </div>
      <div className="search-form card">
        <Form method="get" action="/search" role="search" aria-label={t("search.title")}>
          <div className="field">
            <label htmlFor="search-q">{t("search.label")}</label>
            <div className="search-form__row">
              <input id="search-q" name="q" type="search" defaultValue={query} key={query} placeholder={t("search.placeholder")} maxLength={QUERY_MAX * 4} enterKeyHint="search" autoComplete="off" />
              {d.type ? <input type="hidden" name="type" value={d.type} /> : null}
              <button type="submit" className="btn btn--primary">
                {t("search.submit")}
              </button>
            </div>
          </div>
        </Form>
      </div>
      {!d.asked ? <p className="meta">{t("search.intro")}</p> : null}
      {d.asked && d.notice === "too_short" ? (
        <p className="alert search-notice" role="status" data-testid="search-too-short">
          {t("search.tooShort")}
        </p>
      ) : null}
      {d.asked && d.notice !== "too_short" ? (
        <section aria-labelledby="search-results-title" className="search-results">
          <h2 id="search-results-title" className="section-title">
            {t("search.results", { query: d.query })}
          </h2>
          {d.notice === "cut" ? <p className="meta search-notice">{t("search.cut")}</p> : null}
          {d.mode === "recent" ? <p className="meta search-notice">{t("search.recent")}</p> : null}
          <nav className="tabs search-tabs" aria-label={t("search.typeFilter")}>
            <ul>
              <li>
                <Link to={href(d.query, null)} aria-current={d.type === null ? "page" : undefined}>
                  {t("search.all")} <span className="search-tabs__count">{t("search.count", { count: total })}</span>
                </Link>
              </li>
              {TAB_ORDER.map((k) => (
                <li key={k}>
                  <Link to={href(d.query, k)} aria-current={d.type === k ? "page" : undefined}>
                    {t(`search.type.${k}`)} <span className="search-tabs__count">{countText(k)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {d.items.length === 0 ? (
            <div className="empty" data-testid="search-empty">
              <p>{t("search.none", { query: d.query })}</p>
              <p className="meta">{t("search.noneHint")}</p>
            </div>
          ) : (
            <ol className="search-list" data-testid="search-results">
              {d.items.map((it) => (
                <li key={`${it.type}-${it.id}`} className="search-hit" data-testid="search-hit" data-type={it.type}>
                  <p className="search-hit__kind">
                    <span className={`badge search-kind search-kind--${it.type}`}>{t(`search.type.${it.type}`)}</span>
                    <Time iso={it.createdAt} />
                  </p>
                  <h3 className="search-hit__title">
                    <Link to={it.url}>
                      {it.type === "post" ? <span className="visually-hidden">{t("search.type.post")} · </span> : null}
                      <Marked text={it.title} ranges={it.highlights.title} />
                    </Link>
                  </h3>
                  {it.snippet ? (
                    <p className="search-hit__snippet">
                      <Marked text={it.snippet} ranges={it.highlights.snippet} />
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          {d.paged || d.nextCursor ? (
            <nav className="pagination" aria-label={t("pagination.label")}>
              <ul>
                {d.paged ? (
                  <li>
                    <Link to={href(d.query, d.type)}>{t("search.first")}</Link>
                  </li>
                ) : null}
                {d.nextCursor ? (
                  <li>
                    <Link to={href(d.query, d.type, d.nextCursor)}>{t("search.more")}</Link>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
