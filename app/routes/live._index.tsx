// /live — officials online (公仆在线): sessions live now, coming up, and past ones with their
// transcripts. Officials and administrators schedule new sessions from here.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { liveListLoader } from "~/.server/live/pages";
import { SessionCard } from "~/components/Live";
import type { LiveSessionDto, SessionState } from "~/domain/live/types";
import liveStyles from "~/styles/live.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];
export const loader = ({ context, request }: LoaderFunctionArgs) => liveListLoader(context, request);

const groups: SessionState[] = ["live", "scheduled", "ended"];

export default function LiveIndex() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const by = (s: SessionState) => d.items.filter((x: LiveSessionDto) => x.state === s);
  return (
    <div className="stack live-page">
      <header className="page-header">
        <div>
          <h1>{t("live.list.title")}</h1>
          <p className="meta live-lead">{t("live.list.lead")}</p>
        </div>
        {d.canSchedule ? (
          <Link to="/live/new" className="btn btn--primary">
            {t("live.list.schedule")}
          </Link>
        ) : null}
      </header>
      {d.items.length === 0 ? <p className="empty">{t("live.list.empty")}</p> : null}
      {groups.map((g) => {
        const items = by(g);
        if (!items.length) return null;
        return (
          <section key={g} aria-labelledby={`live-${g}`}>
            <h2 id={`live-${g}`} className="section-title">
              {t(`live.list.group.${g}`)}
            </h2>
            <ul className="live-cards">
              {items.map((s) => (
                <SessionCard key={s.id} s={s} />
              ))}
            </ul>
          </section>
        );
      })}
      <div className="row">
        {!d.first ? (
          <Link to="/live" className="btn btn--small">
            {t("live.list.backToFirst")}
          </Link>
        ) : null}
        {d.nextCursor ? (
          <Link to={`/live?cursor=${encodeURIComponent(d.nextCursor)}`} className="btn btn--secondary btn--small" rel="next">
            {t("live.list.more")}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
