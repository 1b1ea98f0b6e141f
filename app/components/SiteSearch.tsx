// The search box in the site header: a plain GET form to /search (works without JavaScript).
import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { QUERY_MAX } from "~/domain/search/query";

export function SiteSearch() {
  const { t } = useTranslation();
  const location = useLocation();
  // On /search the page's own form holds the query; the header box starts empty elsewhere.
  const current = location.pathname === "/search" ? new URLSearchParams(location.search).get("q") ?? "" : "";
  return (
    <Form method="get" action="/search" role="search" aria-label={t("search.headerLabel")} className="site-search">
      <label htmlFor="site-search-q" className="visually-hidden">
        {t("search.headerLabel")}
      </label>
      <input id="site-search-q" name="q" type="search" key={current} defaultValue={current} placeholder={t("search.headerPlaceholder")} maxLength={QUERY_MAX * 4} enterKeyHint="search" autoComplete="off" />
      <button type="submit" className="btn btn--secondary btn--small">
        {t("search.submit")}
      </button>
    </Form>
  );
}
