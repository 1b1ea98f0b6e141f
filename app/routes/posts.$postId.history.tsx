import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forPage, idParam } from "~/.server/http";
import { postHistory } from "~/.server/forum/service";
import { Time } from "~/components/Time";
import { postHref } from "~/domain/forum/types";
import { getT } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const h = await forPage(context, () => postHistory(context.app, context.viewer, idParam(params.postId)));
  return { ...h, title: getT(context.lang)("history.title", { seq: h.post.seq }) };
}

export default function History() {
  const { post, revisions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1>{t("history.title", { seq: post.seq })}</h1>
      <p>
        <Link to={postHref(post.threadId, post.id, post.seq)}>{t("history.back")}</Link>
      </p>
      <section className="card stack" aria-labelledby="current">
        <h2 id="current">{t("history.current")}</h2>
        <p className="meta">{post.editedAt ? <Time iso={post.editedAt} /> : null}</p>
        <div className="prose" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
      </section>
      <ol className="stack" reversed>
        {[...revisions].reverse().map((r) => (
          <li key={r.id} className="card">
            <p className="meta">
              {t("history.replacedAt")} <Time iso={r.replacedAt} />
            </p>
            <div className="prose" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
          </li>
        ))}
      </ol>
    </div>
  );
}
