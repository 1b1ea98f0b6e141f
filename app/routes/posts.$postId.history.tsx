import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { idParam } from "~/.server/http";
import { postHistory } from "~/.server/forum/service";
import { Time } from "~/components/Time";
import { getT } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const h = await postHistory(context.app, context.viewer, idParam(params.postId)).catch((e) => {
    if (e?.status === 404) throw new Response(getT(context.lang)("errors.not_found"), { status: 404 });
    throw e;
  });
  return { ...h, title: getT(context.lang)("history.title", { seq: h.post.seq }) };
}

export default function History() {
  const { post, revisions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1>{t("history.title", { seq: post.seq })}</h1>
      <p>
        <Link to={`/t/${post.threadId}?page=${Math.ceil(post.seq / 20)}#p-${post.id}`}>{t("history.back")}</Link>
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
