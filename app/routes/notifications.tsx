// The signed-in user's notifications (/notifications): newest first, unread ones marked, keyset
// "older" links; mark one or all as read (forms that work without JavaScript). Each message
// links through /notifications/:id, which marks it read and goes on to its case. The list
// refreshes itself when a notification arrives.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { formAction, forPage, readForm } from "~/.server/http";
import { listNotifications, markRead, unreadCount } from "~/.server/notifications/service";
import { Time } from "~/components/Time";
import { getT } from "~/i18n";
import { getSocket } from "~/realtime/socket";
import { useStickyActionData } from "~/realtime/useStickyActionData";
import { useNotificationText, useRootData } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const url = new URL(request.url);
  if (!viewer) throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  const raw = url.searchParams.get("cursor");
  const cursor = raw && /^[1-9][0-9]{0,15}$/.test(raw) ? raw : null;
  const [page, unread] = await forPage(context, () => Promise.all([listNotifications(app, viewer, { cursor }), unreadCount(app, viewer)]));
  return { ...page, unread, cursor, title: `${getT(lang)("notificationsPage.title")} · ${getT(lang)("brand.name")}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { app, viewer } = context;
  if (!viewer) return redirect("/login?next=%2Fnotifications");
  const form = await readForm(request);
  return formAction(context, async () => {
    if (form.intent === "readAll") {
      await markRead(app, viewer, "all");
      return { marked: "all" as const };
    }
    const id = /^[1-9][0-9]{0,15}$/.test(form.id ?? "") ? Number(form.id) : 0;
    await markRead(app, viewer, id ? [id] : []);
    return { marked: "one" as const };
  });
}

export default function Notifications() {
  const d = useLoaderData<typeof loader>();
  const result = useStickyActionData<{ marked?: "one" | "all" }>();
  const { t } = useTranslation();
  const text = useNotificationText();
  const { viewer } = useRootData();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const busy = navigation.state === "submitting";

  // A new notification while the list is open: show it.
  useEffect(() => {
    if (!viewer) return;
    const socket = getSocket();
    const onNotification = () => revalidator.revalidate();
    socket.on("notification", onNotification);
    return () => {
      socket.off("notification", onNotification);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [viewer?.id]);

  return (
    <div className="stack">
      <div className="note-head">
        <div>
          <h1>{t("notificationsPage.title")}</h1>
          <p className="meta" data-testid="notifications-unread">
            {d.unread > 0 ? t("notificationsPage.unread", { count: d.unread }) : t("notificationsPage.allRead")}
          </p>
        </div>
        {d.unread > 0 ? (
          <Form method="post">
            <button type="submit" name="intent" value="readAll" className="btn btn--secondary btn--small" disabled={busy} data-testid="mark-all-read">
              {t("notificationsPage.markAll")}
            </button>
          </Form>
        ) : null}
      </div>
      <div role="status">
        {result?.marked && navigation.state === "idle" ? (
          <p className="alert alert--success">{result.marked === "all" ? t("notificationsPage.markedAll") : t("notificationsPage.marked")}</p>
        ) : null}
      </div>

      {d.items.length === 0 ? (
        <p className="empty">{t("notificationsPage.empty")}</p>
      ) : (
        <ul className="note-list" aria-label={t("notificationsPage.listLabel")}>
          {d.items.map((n) => {
            const message = text(n);
            return (
              <li key={n.id} className={`note${n.read ? "" : " note--unread"}`} data-testid="notification" data-read={n.read ? "true" : "false"}>
                <div className="note__main">
                  <Link className="note__link" to={`/notifications/${n.id}?to=${encodeURIComponent(n.url)}`}>
                    {message}
                  </Link>
                  <div className="note__meta meta">
                    {n.read ? null : <span className="badge badge--official">{t("notificationsPage.unreadBadge")}</span>}
                    <Time iso={n.createdAt} />
                  </div>
                </div>
                {n.read ? null : (
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="id" value={n.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="read"
                      className="btn btn--link btn--small"
                      disabled={busy}
                      aria-label={t("notificationsPage.markReadOf", { message })}
                    >
                      {t("notificationsPage.markRead")}
                    </button>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {d.nextCursor || d.cursor ? (
        <nav className="wb-more" aria-label={t("pagination.label")}>
          {d.cursor ? (
            <Link to="/notifications" className="btn btn--secondary btn--small">
              {t("notificationsPage.first")}
            </Link>
          ) : null}
          {d.nextCursor ? (
            <Link to={`/notifications?cursor=${d.nextCursor}`} className="btn btn--secondary btn--small" rel="next">
              {t("notificationsPage.more")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
