import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forPage, idParam } from "~/.server/http";
import { threadHistory } from "~/.server/forum/service";
import { Time } from "~/components/Time";
import { getT } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const h = await forPage(context, () => threadHistory(context.app, context.viewer, idParam(params.threadId)));
  return { ...h, title: getT(context.lang)("history.threadTitle", { title: h.thread.title }) };
}

export default function ThreadHistory() {
  const { thread, revisions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1>{t("history.threadTitle", { title: thread.title })}</h1>
      <p>
        <Link to={`/t/${thread.id}`}>{t("history.back")}</Link>
      </p>
      <section className="card stack" aria-labelledby="current">
        <h2 id="current">{t("history.current")}</h2>
        <p className="meta">{thread.editedAt ? <Time iso={thread.editedAt} /> : null}</p>
        <h3>{thread.title}</h3>
        <div className="prose" dangerouslySetInnerHTML={{ __html: thread.bodyHtml }} />
      </section>
      <ol className="stack" reversed aria-label={t("history.earlier")}>
        {[...revisions].reverse().map((r) => (
          <li key={r.id} className="card">
            <p className="meta">
              {t("history.replacedAt")} <Time iso={r.replacedAt} />
            </p>
            <h3>{r.title}</h3>
            <div className="prose" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
          </li>
        ))}
      </ol>
    </div>
  );
}
