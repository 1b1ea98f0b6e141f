import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
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
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { defaultLang, getI18n, getT, type Lang } from "~/i18n";
import { isModerator, isOfficial, type Viewer } from "~/domain/auth/types";
import type { NotificationDto } from "~/domain/notifications/types";
import { unreadCount } from "~/.server/notifications/service";
import styles from "~/styles/app.css?url";
import petitionStyles from "~/styles/petitions.css?url";
import deskStyles from "~/styles/desk.css?url";
import { getSocket, renewSocketIdentity } from "~/realtime/socket";
import { useNonce } from "~/nonce";
import { SiteSearch } from "~/components/SiteSearch";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: petitionStyles },
  { rel: "stylesheet", href: deskStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** Only the error page's title: every page sets its own, and a route without one inherits this. */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  if (!error) return [];
  const t = getT(data?.lang ?? defaultLang);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: `${status === 404 ? t("errorPage.notFoundTitle") : t("errorPage.title")} · ${t("brand.name")}` }];
};

export async function loader({ context }: LoaderFunctionArgs) {
  // The bell's count: one indexed count per page load for signed-in users.
  const unread = context.viewer ? await unreadCount(context.app, context.viewer).catch(() => 0) : 0;
  return { lang: context.lang, viewer: context.viewer, unread };
}

export type RootData = { lang: Lang; viewer: Viewer | null; unread: number };

/**
 * The root data is reloaded on every navigation, not only after forms: the bell's count changes
 * when a notification is followed (/notifications/:id marks it read) or read elsewhere.
 */
export const shouldRevalidate: ShouldRevalidateFunction = () => true;

const noRootData: RootData = { lang: "zh-CN", viewer: null, unread: 0 };

export function useRootData(): RootData {
  return (useRouteLoaderData("root") as RootData | undefined) ?? noRootData;
}

/**
 * The unread count and the toasts of the signed-in user: the root loader's count, plus one for
 * each `notification` that arrives on the socket (every signed-in socket is in `user:<id>`);
 * every reload of the root data (any navigation or form) starts again from the server's count.
 */
function useLiveNotifications() {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const viewerId = data?.viewer?.id ?? null;
  const [unread, setUnread] = useState(data?.unread ?? 0);
  const [toasts, setToasts] = useState<NotificationDto[]>([]);
  useEffect(() => setUnread(data?.unread ?? 0), [data]);
  useEffect(() => {
    if (viewerId === null) {
      setToasts([]);
      return;
    }
    const socket = getSocket();
    const onNotification = ({ notification }: { notification: NotificationDto }) => {
      setUnread((n) => n + 1);
      setToasts((list) => [...list.filter((x) => x.id !== notification.id).slice(-2), notification]);
    };
    socket.on("notification", onNotification);
    if (!socket.connected) socket.connect();
    return () => {
      socket.off("notification", onNotification);
    };
  }, [viewerId]);
  const dismiss = useCallback((id: string) => setToasts((list) => list.filter((x) => x.id !== id)), []);
  return { unread, toasts, dismiss };
}

type Live = ReturnType<typeof useLiveNotifications>;

function BellIcon() {
  return (
    <svg className="nav-bell__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 2a1 1 0 0 1 1 1v1.07A7 7 0 0 1 19 11v4.6l1.7 2.55A1.2 1.2 0 0 1 19.7 20H4.3a1.2 1.2 0 0 1-1-1.85L5 15.6V11a7 7 0 0 1 6-6.93V3a1 1 0 0 1 1-1zm-2.5 19h5a2.5 2.5 0 0 1-5 0z"
      />
    </svg>
  );
}

/** The message of a notification: notifications.kinds.<kind> with its data. */
export function useNotificationText() {
  const { t } = useTranslation();
  return useCallback(
    (n: Pick<NotificationDto, "kind" | "data">) =>
      t(`notifications.kinds.${n.kind}`, { ...n.data, defaultValue: t("notificationsPage.fallback") }),
    [t],
  );
}

/** New notifications while on any page: polite, dismissible, each with a link to its case. */
function Toasts({ live }: { live: Live }) {
  return (
    <div className="toast-region" role="status" aria-live="polite" data-testid="toasts">
      {live.toasts.map((n) => (
        <Toast key={n.id} n={n} dismiss={live.dismiss} />
      ))}
    </div>
  );
}

function Toast({ n, dismiss }: { n: NotificationDto; dismiss: (id: string) => void }) {
  const { t } = useTranslation();
  const text = useNotificationText();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A toast leaves after 12 s, unless the keyboard or the pointer is on it.
    const timer = setInterval(() => {
      if (!ref.current?.matches(":hover, :focus-within")) dismiss(n.id);
    }, 12_000);
    return () => clearInterval(timer);
  }, [n.id, dismiss]);
  return (
    <div className="toast" data-testid="toast" ref={ref}>
      <div className="toast__body">
        <span className="toast__label">{t("deskNav.toastLabel")}</span>
        <p className="toast__text">{text(n)}</p>
        <Link className="toast__link" to={`/notifications/${n.id}?to=${encodeURIComponent(n.url)}`} onClick={() => dismiss(n.id)}>
          {t("deskNav.toastView")}
        </Link>
      </div>
      <button type="button" className="toast__close" onClick={() => dismiss(n.id)} aria-label={t("deskNav.toastClose")}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

function Header({ live }: { live: Live }) {
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
            <li>
              <NavLink to="/petitions">{t("deskNav.petitions")}</NavLink>
            </li>
            <li>
              <NavLink to="/track">{t("deskNav.track")}</NavLink>
            </li>
            <li>
              <NavLink to="/live">{t("engagementNav.live")}</NavLink>
            </li>
            <li>
              <NavLink to="/events">{t("engagementNav.events")}</NavLink>
            </li>
            <li>
              <NavLink to="/awards">{t("engagementNav.awards")}</NavLink>
            </li>
            <li>
              <NavLink to="/commitments">{t("commitments.nav")}</NavLink>
            </li>
            <li>
              <NavLink to="/stats">{t("insightNav.stats")}</NavLink>
            </li>
            {isOfficial(viewer) ? (
              <li>
                <NavLink to="/workbench">{t("deskNav.workbench")}</NavLink>
              </li>
            ) : null}
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
        <SiteSearch />
        <div className="user-menu">
          {viewer ? (
            <>
              <NavLink
                to="/notifications"
                end
                className="nav-bell"
                data-testid="nav-bell"
                aria-label={live.unread > 0 ? t("deskNav.notificationsUnread", { count: live.unread }) : t("deskNav.notifications")}
              >
                <BellIcon />
                {live.unread > 0 ? (
                  <span className="nav-bell__count" data-testid="unread-count" aria-hidden="true">
                    {live.unread > 99 ? "99+" : live.unread}
                  </span>
                ) : null}
              </NavLink>
              <Link to={`/u/${viewer.username}`} className="user-menu__name" title={viewer.displayName}>
                <span>{viewer.displayName}</span>
              </Link>
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
  const live = useLiveNotifications();
  const nonce = useNonce();
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
          <Header live={live} />
          <main id="main" className="container" tabIndex={-1}>
            {children}
          </main>
          <footer className="site-footer">
            <div className="container">
              <p>{t("footer.line1")}</p>
              <nav aria-label={t("engagementNav.footer")}>
                <ul className="footer-links">
                  <li>
                    <Link to="/petitions">{t("deskNav.petitions")}</Link>
                  </li>
                  <li>
                    <Link to="/track">{t("deskNav.track")}</Link>
                  </li>
                  <li>
                    <Link to="/stats/assessment">{t("engagementNav.assessment")}</Link>
                  </li>
                  <li>
                    <Link to="/stats">{t("insightNav.stats")}</Link>
                  </li>
                </ul>
              </nav>
              <p className="meta">{t("footer.line2")}</p>
            </div>
          </footer>
          {data?.viewer ? <Toasts live={live} /> : null}
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
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
