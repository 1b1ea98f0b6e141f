// Loader and action bodies shared by /info/new and /forum/new.
import { redirect, type AppLoadContext } from "@remix-run/node";
import { isOfficial } from "~/domain/auth/types";
import type { Section } from "~/domain/forum/types";
import { getT, withSiteName } from "~/i18n";
import { formAction, readForm } from "../http";
import { createThread } from "./service";

export function newThreadLoader(context: AppLoadContext, section: Section, request: Request) {
  if (!context.viewer) throw redirect(`/login?next=${encodeURIComponent(new URL(request.url).pathname)}`);
  if (section === "info" && !isOfficial(context.viewer)) {
    throw new Response(getT(context.lang)("errors.forbidden_section"), { status: 403 });
  }
  return { title: withSiteName(context.lang, getT(context.lang)(`section.${section}.new`)) };
}

export async function newThreadAction(context: AppLoadContext, section: Section, request: Request) {
  const form = await readForm(request);
  return formAction(context, async () => {
    const thread = await createThread(context.app, context.viewer, { ...form, section });
    return redirect(`/t/${thread.id}`);
  }, { title: form.title ?? "", body: form.body ?? "" });
}
