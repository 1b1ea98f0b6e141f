import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useMemo, useRef } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { getI18n, type Lang } from "~/i18n";
import { isModerator, type Viewer } from "~/domain/auth/types";
import styles from "~/styles/app.css?url";
import petitionStyles from "~/styles/petitions.css?url";
import { renewSocketIdentity } from "~/realtime/socket";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: petitionStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  return { lang: context.lang, viewer: context.viewer };
}

export type RootData = { lang: Lang; viewer: Viewer | null };

export function useRootData(): RootData {
  return (useRouteLoaderData("root") as RootData | undefined) ?? { lang: "zh-CN", viewer: null };
}

function Header() {
  const { t } = useTranslation();
  const { viewer, lang } = useRootData();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            {t("brand.mark")}
          </span>
          <span>
            <span className="brand__name">{t("brand.name")}</span>
            <span className="brand__sub">{t("brand.sub")}</span>
          </span>
        </Link>
        <nav className="site-nav" aria-label={t("nav.label")}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/info">{t("nav.info")}</NavLink>
            </li>
            <li>
              <NavLink to="/forum">{t("nav.forum")}</NavLink>
            </li>
            {isModerator(viewer) ? (
              <li>
                <NavLink to="/moderation">{t("nav.moderation")}</NavLink>
              </li>
            ) : null}
            {viewer?.role === "admin" ? (
              <li>
                <NavLink to="/admin">{t("nav.admin")}</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="user-menu">
          {viewer ? (
            <>
              <Link to={`/u/${viewer.username}`}>{viewer.displayName}</Link>
              <Form method="post" action="/logout">
                <button type="submit" className="btn btn--secondary btn--small">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to={`/login?next=${encodeURIComponent(here)}`}>{t("nav.login")}</Link>
              <Link to="/register" className="btn btn--primary btn--small">
                {t("nav.register")}
              </Link>
            </>
          )}
          <Form method="post" action="/lang" className="lang-switch">
            <input type="hidden" name="next" value={here} />
            <input type="hidden" name="lang" value={lang === "en" ? "zh-CN" : "en"} />
            <button type="submit" className="btn btn--link btn--small" lang={lang === "en" ? "zh-CN" : "en"}>
              {t("nav.switchLang")}
            </button>
          </Form>
        </div>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const lang = data?.lang ?? "zh-CN";
  const i18n = useMemo(() => getI18n(lang), [lang]);
  const t = i18n.t;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#a8201a" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <a href="#main" className="skip-link">
            {t("nav.skip")}
          </a>
          <Header />
          <main id="main" className="container" tabIndex={-1}>
            {children}
          </main>
          <footer className="site-footer">
            <div className="container">
              <p>{t("footer.line1")}</p>
              <p className="meta">{t("footer.line2")}</p>
            </div>
          </footer>
        </I18nextProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const { viewer } = useRootData();
  const previous = useRef(viewer?.id);
  useEffect(() => {
    if (previous.current !== viewer?.id) renewSocketIdentity();
    previous.current = viewer?.id;
  }, [viewer?.id]);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <div className="stack">
      <h1>{status === 404 ? t("errorPage.notFoundTitle") : t("errorPage.title")}</h1>
      <p>{status === 404 ? t("errorPage.notFoundText") : t("errorPage.text")}</p>
      <p>
        <Link to="/" className="btn btn--primary">
          {t("errorPage.home")}
        </Link>
      </p>
    </div>
  );
}
