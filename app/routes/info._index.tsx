import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listThreads } from "~/.server/forum/service";
import { isOfficial } from "~/domain/auth/types";
import { SectionPage } from "~/components/SectionPage";
import { getT } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "" },
  // The Public Information feed (app/.server/feeds), for feed readers to discover.
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/api/v1/feeds/info.atom" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const cursor = new URL(request.url).searchParams.get("cursor");
  const page = await listThreads(context.app, context.viewer, { section: "info", cursor, limit: 20 });
  return {
    ...page,
    isFirstPage: !cursor,
    canPost: isOfficial(context.viewer),
    signedIn: Boolean(context.viewer),
    title: `${getT(context.lang)("section.info.title")} · ${getT(context.lang)("brand.name")}`,
  };
}

export default function SectionIndex() {
  const d = useLoaderData<typeof loader>();
  return (
    <SectionPage
      section="info"
      threads={d.items}
      nextCursor={d.nextCursor}
      canPost={d.canPost}
      signedIn={d.signedIn}
      isFirstPage={d.isFirstPage}
    />
  );
}
