import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { latestThreads, listThreads } from "~/.server/forum/service";
import { listPublic } from "~/.server/petitions/queries";
import { HomeMailbox } from "~/components/PetitionPages";
import { LinkList } from "~/components/LinkList";
import { ThreadList } from "~/components/ThreadList";
import { Time } from "~/components/Time";
import { getT } from "~/i18n";
import petitionPagesStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: petitionPagesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "" },
  // The Public Information feed (app/.server/feeds), for feed readers to discover.
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/api/v1/feeds/info.atom" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const [featured, info, debates, published] = await Promise.all([
    listThreads(app, viewer, { featured: true, limit: 6 }),
    latestThreads(app, "info", 5),
    listThreads(app, viewer, { section: "forum", limit: 8 }),
    listPublic(app, { limit: 30 }),
  ]);
  // The newest published letters that have a reply (the Public Servant Mailbox block).
  const replied = published.items.filter((p) => p.replies.length > 0).slice(0, 5);
  return { featured: featured.items, info, debates: debates.items, replied, title: getT(lang)("home.title") };
}

export default function Home() {
  const { featured, info, debates, replied } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack">
      <section className="hero" aria-labelledby="hero-title">
        <h1 className="hero__title" id="hero-title">
          {t("home.heroTitle")}
        </h1>
        <p className="hero__lead">{t("home.heroLead")}</p>
        <div className="row">
          <Link to="/forum/new" className="btn btn--secondary">
            {t("home.startDebate")}
          </Link>
          <Link to="/info" className="btn btn--secondary">
            {t("home.readInfo")}
          </Link>
        </div>
      </section>

      <HomeMailbox replied={replied} />

      <section aria-labelledby="featured-title" className="stack">
        <h2 className="section-title" id="featured-title">
          {t("home.featured")}
        </h2>
        {featured.length ? (
          <div className="grid grid--3">
            {featured.map((th) => (
              <article key={th.id} className="card">
                <h3 className="card__title">
                  <Link to={`/t/${th.id}`}>{th.title}</Link>
                </h3>
                <p className="meta">
                  {t("thread.byline", { name: th.author.displayName })} · {t("thread.replyCount", { count: th.postCount })}
                </p>
              </article>
            ))}
          </div>
        ) : (
          <p className="empty">{t("home.noFeatured")}</p>
        )}
      </section>

      <div className="grid grid--2">
        <section aria-labelledby="info-title" className="stack">
          <h2 className="section-title" id="info-title">
            {t("home.latestInfo")}
          </h2>
          <LinkList
            empty={t("thread.none")}
            items={info.map((th) => ({
              key: th.id,
              to: `/t/${th.id}`,
              title: th.title,
              meta: (
                <>
                  {th.author.displayName} · <Time iso={th.createdAt} />
                </>
              ),
            }))}
          />
          <p>
            <Link to="/info">{t("home.moreInfo")}</Link>
          </p>
        </section>
        <section aria-labelledby="debates-title" className="stack">
          <h2 className="section-title" id="debates-title">
            {t("home.activeDebates")}
          </h2>
          <ThreadList threads={debates} />
          <p>
            <Link to="/forum">{t("home.moreDebates")}</Link>
          </p>
        </section>
      </div>
    </div>
  );
}
