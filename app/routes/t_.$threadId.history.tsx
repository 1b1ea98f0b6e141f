import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forPage, idParam } from "~/.server/http";
import { threadHistory } from "~/.server/forum/service";
import { EditHistory } from "~/components/EditHistory";
import { getT, withSiteName } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const h = await forPage(context, () => threadHistory(context.app, context.viewer, idParam(params.threadId)));
  return { ...h, title: withSiteName(context.lang, getT(context.lang)("history.threadTitle", { title: h.thread.title })) };
}

export default function ThreadHistory() {
  const { thread, revisions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <EditHistory
      heading={t("history.threadTitle", { title: thread.title })}
      back={`/t/${thread.id}`}
      current={{ id: thread.id, title: thread.title, bodyHtml: thread.bodyHtml, at: thread.editedAt }}
      earlier={revisions.map((r) => ({ id: r.id, title: r.title, bodyHtml: r.bodyHtml, at: r.replacedAt }))}
    />
  );
}
