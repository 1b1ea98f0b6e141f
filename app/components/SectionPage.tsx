import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Section, ThreadDto } from "~/domain/forum/types";
import { ThreadList } from "./ThreadList";

/** The listing page of a section (/info, /forum): newest activity first, pinned on top. */
export function SectionPage({
  section,
  threads,
  nextCursor,
  canPost,
  signedIn,
  isFirstPage,
}: {
  section: Section;
  threads: ThreadDto[];
  nextCursor: string | null;
  canPost: boolean;
  signedIn: boolean;
  isFirstPage: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t(`section.${section}.title`)}</h1>
          <p className="meta">{t(`section.${section}.lead`)}</p>
        </div>
        {canPost ? (
          <Link to={`/${section}/new`} className="btn btn--primary">
            {t(`section.${section}.new`)}
          </Link>
        ) : !signedIn && section === "forum" ? (
          <Link to={`/login?next=/forum/new`} className="btn btn--secondary">
            {t("section.forum.loginToPost")}
          </Link>
        ) : null}
      </div>
      <ThreadList threads={threads} />
      <nav className="row" aria-label={t("pagination.label")}>
        {!isFirstPage ? (
          <Link to={`/${section}`} className="btn btn--secondary btn--small">
            {t("pagination.newest")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={`/${section}?cursor=${encodeURIComponent(nextCursor)}`} className="btn btn--secondary btn--small" rel="next">
            {t("pagination.older")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
