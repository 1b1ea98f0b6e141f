// /awards — the most-helpful-netizen rounds, newest year first, each with its state and dates;
// administrators start a new round from here. Older rounds through a keyset "older" link.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listAwards } from "~/.server/awards/service";
import { forPage } from "~/.server/http";
import { Schedule, StateBadge } from "~/components/awards/AwardParts";
import { isAdmin } from "~/domain/auth/types";
import { getT } from "~/i18n";
import styles from "~/styles/awards.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const t = getT(context.lang);
  const raw = new URL(request.url).searchParams.get("cursor");
  const page = await forPage(context, () => listAwards(context.app, { cursor: raw, limit: 20 }));
  return { ...page, cursor: raw, admin: isAdmin(context.viewer), title: `${t("awards.listTitle")} · ${t("brand.name")}` };
}

export default function Awards() {
  const { items, nextCursor, cursor, admin } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack aw-page">
      <header className="page-header">
        <div>
          <h1>{t("awards.listTitle")}</h1>
          <p className="aw-lead">{t("awards.lead")}</p>
        </div>
        {admin ? (
          <Link to="/awards/new" className="btn btn--primary">
            {t("awards.newRound")}
          </Link>
        ) : null}
      </header>
      {items.length === 0 ? (
        <p className="empty">{t("awards.none")}</p>
      ) : (
        <ul className="aw-rounds">
          {items.map((a) => (
            <li key={a.id} className="card aw-round" data-award-id={a.id}>
              <div className="aw-round__head">
                <StateBadge state={a.state} />
                <span className="meta">{t("awards.yearLabel", { year: a.year })}</span>
              </div>
              <h2 className="card__title aw-round__title">
                <Link to={`/awards/${a.id}`}>{a.title}</Link>
              </h2>
              <Schedule award={a} />
              <p className="meta aw-round__facts">
                {t("awards.card.candidates", { count: a.candidateCount })} · {t("awards.card.votesPerVoter", { count: a.votesPerVoter })} ·{" "}
                {t(`awards.visibility.${a.resultsVisibility}`)}
              </p>
              <div className="aw-round__links">
                <Link to={`/awards/${a.id}`} className="btn btn--secondary btn--small">
                  {a.state === "voting" ? t("awards.card.goVote") : a.state === "nominating" ? t("awards.card.goNominate") : t("awards.card.open")}
                </Link>
                {a.resultsPublic ? (
                  <Link to={`/awards/${a.id}/results`} className="btn btn--link btn--small">
                    {t("awards.links.results")}
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {cursor || nextCursor ? (
        <nav className="row aw-more" aria-label={t("pagination.label")}>
          {cursor ? (
            <Link to="/awards" className="btn btn--link">
              {t("pagination.newest")}
            </Link>
          ) : null}
          {nextCursor ? (
            <Link to={`/awards?cursor=${encodeURIComponent(nextCursor)}`} className="btn btn--link">
              {t("awards.older")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
