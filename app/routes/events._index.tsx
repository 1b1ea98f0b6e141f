// /events — netizen meetups (网友见面会) and observing the two sessions (旁听两会): upcoming
// events first (soonest first), then past ones; each card shows the kind, the time, the place,
// the seats left (or the waitlist, or the applicants) and the registration deadline. Filters
// and "more" are plain links (keyset cursor): everything works without JavaScript.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { canCreateEvents, listEvents } from "~/.server/events/service";
import { forPage } from "~/.server/http";
import { Time } from "~/components/Time";
import type { EventSummary } from "~/domain/events/types";
import { KindBadge, PhaseBadge, seatsText } from "~/domain/events/ui";
import { getT } from "~/i18n";
import styles from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

const KINDS = ["meetup", "observe_sessions"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const url = new URL(request.url);
  const rawKind = url.searchParams.get("kind");
  const kind = (KINDS as readonly string[]).includes(rawKind ?? "") ? rawKind : null;
  const cursor = url.searchParams.get("cursor");
  const page = await forPage(context, () => listEvents(app, { kind, cursor, limit: 12 }));
  const t = getT(lang);
  return { ...page, kind, paged: Boolean(cursor), canCreate: canCreateEvents(viewer), title: `${t("events.list.title")} · ${t("brand.name")}` };
}

function EventCard({ e }: { e: EventSummary }) {
  const { t } = useTranslation();
  const full = e.kind === "meetup" && e.registered >= e.capacity;
  return (
    <li className="ev-card" data-testid="event-card" data-event-id={e.id}>
      <div className="ev-card__badges">
        <KindBadge kind={e.kind} />
        <PhaseBadge phase={e.phase} drawn={e.drawn} />
      </div>
      <h3 className="ev-card__title">
        <Link to={`/events/${e.id}`}>{e.title}</Link>
      </h3>
      <dl className="ev-card__facts">
        <div>
          <dt>{t("events.facts.when")}</dt>
          <dd>
            <Time iso={e.startsAt} />
          </dd>
        </div>
        <div>
          <dt>{t("events.facts.where")}</dt>
          <dd className="ev-card__place">{e.place ?? (e.onlineUrl ? t("events.facts.online") : "—")}</dd>
        </div>
        {e.phase === "open" || e.phase === "closed" ? (
          <div>
            <dt>{t("events.facts.seats")}</dt>
            <dd className={full ? "ev-card__seats ev-card__seats--full" : "ev-card__seats"}>{seatsText(t, e)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("events.facts.deadline")}</dt>
          <dd>{e.phase === "open" ? <Time iso={e.registrationClosesAt} /> : t("events.facts.deadlinePassed")}</dd>
        </div>
      </dl>
    </li>
  );
}

export default function EventsIndex() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const upcoming = d.items.filter((e) => e.phase !== "ended");
  const past = d.items.filter((e) => e.phase === "ended");
  const kindHref = (k: string | null) => (k ? `/events?kind=${k}` : "/events");
  return (
    <div className="stack ev-list">
      <div className="page-header">
        <div>
          <h1>{t("events.list.title")}</h1>
          <p className="meta">{t("events.list.lead")}</p>
        </div>
        {d.canCreate ? (
          <Link to="/events/new" className="btn btn--primary">
            {t("events.list.create")}
          </Link>
        ) : null}
      </div>
      <nav className="tabs" aria-label={t("events.list.filter")}>
        <ul>
          {[null, ...KINDS].map((k) => (
            <li key={k ?? "all"}>
              <Link to={kindHref(k)} aria-current={d.kind === k ? "page" : undefined}>
                {k ? t(`events.kind.${k}`) : t("events.list.all")}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {d.items.length === 0 ? <p className="empty">{t("events.list.none")}</p> : null}
      {upcoming.length ? (
        <section aria-labelledby="ev-upcoming">
          <h2 id="ev-upcoming" className="section-title">
            {t("events.list.upcoming")}
          </h2>
          <ul className="ev-cards">
            {upcoming.map((e) => (
              <EventCard key={e.id} e={e} />
            ))}
          </ul>
        </section>
      ) : null}
      {past.length ? (
        <section aria-labelledby="ev-past">
          <h2 id="ev-past" className="section-title">
            {t("events.list.past")}
          </h2>
          <ul className="ev-cards">
            {past.map((e) => (
              <EventCard key={e.id} e={e} />
            ))}
          </ul>
        </section>
      ) : null}
      {d.paged || d.nextCursor ? (
        <nav className="pagination" aria-label={t("pagination.label")}>
          <ul>
            {d.paged ? (
              <li>
                <Link to={kindHref(d.kind)}>{t("events.list.first")}</Link>
              </li>
            ) : null}
            {d.nextCursor ? (
              <li>
                <Link to={`/events?${new URLSearchParams({ ...(d.kind ? { kind: d.kind } : {}), cursor: d.nextCursor })}`}>{t("events.list.more")}</Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
