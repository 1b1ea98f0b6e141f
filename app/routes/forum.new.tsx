import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { newThreadAction, newThreadLoader } from "~/.server/forum/pages";
import { NewThreadForm } from "~/components/NewThreadForm";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];
export const loader = ({ context, request }: LoaderFunctionArgs) => newThreadLoader(context, "forum", request);
export const action = ({ context, request }: ActionFunctionArgs) => newThreadAction(context, "forum", request);

export default function NewThread() {
  return <NewThreadForm section="forum" />;
}
