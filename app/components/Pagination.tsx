import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Page links: first, last, and a window around the current page. */
export function Pagination({
  page,
  pageCount,
  href,
  label,
}: {
  page: number;
  pageCount: number;
  href: (p: number) => string;
  /** Distinct labels when a page has two of these (landmarks must be unique). */
  label?: string;
}) {
  const { t } = useTranslation();
  if (pageCount <= 1) return null;
  const pages = new Set<number>([1, pageCount]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pageCount) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const items: (number | "gap")[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1] > 1) items.push("gap");
    items.push(p);
  });
  return (
    <nav className="pagination" aria-label={label ?? t("pagination.label")}>
      <ul>
        {page > 1 ? (
          <li>
            <Link to={href(page - 1)} rel="prev">
              {t("pagination.prev")}
            </Link>
          </li>
        ) : null}
        {items.map((p, i) =>
          p === "gap" ? (
            <li key={`gap${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              <Link to={href(p)} aria-current={p === page ? "page" : undefined} aria-label={t("pagination.page", { page: p })}>
                {p}
              </Link>
            </li>
          ),
        )}
        {page < pageCount ? (
          <li>
            <Link to={href(page + 1)} rel="next">
              {t("pagination.next")}
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
