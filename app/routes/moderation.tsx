import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireModerator } from "~/.server/admin";
import { listReports, resolveReport } from "~/.server/forum/service";
import { formAction, readForm } from "~/.server/http";
import { Time } from "~/components/Time";
import { postHref } from "~/domain/forum/types";
import { getT, withSiteName } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

const statuses = ["open", "resolved", "dismissed"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireModerator(context, "/moderation");
  const q = new URL(request.url).searchParams;
  const raw = q.get("status");
  const status = statuses.find((s) => s === raw) ?? "open";
  const cursor = q.get("cursor");
  const page = await listReports(context.app, context.viewer, status, { cursor: cursor && /^\d+$/.test(cursor) ? cursor : null });
  return { reports: page.items, nextCursor: page.nextCursor, status, title: withSiteName(context.lang, getT(context.lang)("moderation.title")) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireModerator(context, "/moderation");
  const form = await readForm(request);
  return formAction(context, async () => {
    const id = /^\d{1,16}$/.test(form.reportId ?? "") ? Number(form.reportId) : 0;
    await resolveReport(context.app, context.viewer, id, { status: form.status, hidePost: form.hidePost === "true" });
    return { ok: true };
  });
}

export default function Moderation() {
  const { reports, status, nextCursor } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1>{t("moderation.title")}</h1>
      <nav className="tabs" aria-label={t("moderation.filter")}>
        {statuses.map((s) => (
          <Link key={s} to={`?status=${s}`} aria-current={s === status ? "page" : undefined}>
            {t(`moderation.status.${s}`)}
          </Link>
        ))}
      </nav>
      {reports.length === 0 ? (
        <p className="empty">{t("moderation.empty")}</p>
      ) : (
        <ul className="stack" aria-label={t("moderation.title")}>
          {reports.map((r) => (
            <li key={r.id} className="card stack">
              <p>
                <Link to={postHref(r.thread.id, r.post.id, r.post.seq)}>
                  {r.thread.title} #{r.post.seq}
                </Link>{" "}
                {r.post.hidden ? <span className="badge badge--hidden">{t("post.hiddenBadge")}</span> : null}
              </p>
              <blockquote className="prose">{r.post.excerpt}</blockquote>
              <p className="meta">
                {t("moderation.reportedBy", { name: r.reporter.displayName })} · <Time iso={r.createdAt} />
              </p>
              <p>
                <strong>{t("moderation.reason")}</strong> {r.reason}
              </p>
              {r.status === "open" ? (
                <div className="row">
                  <Form method="post">
                    <input type="hidden" name="reportId" value={r.id} />
                    <input type="hidden" name="status" value="resolved" />
                    <input type="hidden" name="hidePost" value="true" />
                    <button type="submit" className="btn btn--danger btn--small">
                      {t("moderation.hideAndResolve")}
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="reportId" value={r.id} />
                    <input type="hidden" name="status" value="dismissed" />
                    <button type="submit" className="btn btn--secondary btn--small">
                      {t("moderation.dismiss")}
                    </button>
                  </Form>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <p>
          <Link to={`?status=${status}&cursor=${nextCursor}`} className="btn btn--secondary btn--small" rel="next">
            {t("pagination.next")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
