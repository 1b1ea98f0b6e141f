import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forPage, idParam } from "~/.server/http";
import { postHistory } from "~/.server/forum/service";
import { EditHistory } from "~/components/EditHistory";
import { postHref } from "~/domain/forum/types";
import { getT, withSiteName } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const h = await forPage(context, () => postHistory(context.app, context.viewer, idParam(params.postId)));
  return { ...h, title: withSiteName(context.lang, getT(context.lang)("history.title", { seq: h.post.seq })) };
}

export default function History() {
  const { post, revisions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <EditHistory
      heading={t("history.title", { seq: post.seq })}
      back={postHref(post.threadId, post.id, post.seq)}
      current={{ id: post.id, bodyHtml: post.bodyHtml, at: post.editedAt }}
      earlier={revisions.map((r) => ({ id: r.id, bodyHtml: r.bodyHtml, at: r.replacedAt }))}
    />
  );
}
