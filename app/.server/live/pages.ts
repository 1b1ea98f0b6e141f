// The officials-online pages' loaders and actions (thin wrappers over service.ts). One action
// serves the audience page and the presenter view: each form names its `intent`. With JavaScript
// (the form carries `_js=1`) the result comes back as data for the page to merge; without it,
// a successful form redirects back to the page (no re-post on refresh), except a conversion,
// whose one-time query code is shown in place.
import { data, redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { isAdmin, isOfficial } from "~/domain/auth/types";
import { getT, withSiteName } from "~/i18n";
import { isAppError } from "../errors";
import { forPage, idParam, readForm, translateError, type TranslatedError } from "../http";
import {
  answerQuestion,
  askQuestion,
  convertQuestion,
  createSession,
  getSession,
  listHosts,
  listSessions,
  memberMailboxes,
  moderateQuestion,
  updateSession,
  voteQuestion,
} from "./service";
import { listMailboxes } from "../petitions/mailboxes";
import type { LiveAnswerDto, LiveQuestionDto, LiveSessionDto } from "~/domain/live/types";
import { toLocalInput } from "~/domain/live/schemas";

export const liveIntents = ["ask", "vote", "approve", "hide", "answer", "highlight", "unhighlight", "end", "petition"] as const;
export type LiveIntent = (typeof liveIntents)[number];

export type LiveActionResult =
  | {
      intent: LiveIntent;
      ok: true;
      question?: LiveQuestionDto;
      answer?: LiveAnswerDto;
      session?: LiveSessionDto;
      petition?: { id: string; trackingNo: string };
      queryCode?: string | null;
      questionId?: string;
    }
  | { intent: string; ok: false; error: TranslatedError; questionId?: string; values?: Record<string, string> };

const QID = /^[1-9][0-9]{0,15}$/;

export async function liveListLoader(context: AppLoadContext, request: Request) {
  const { app, viewer, lang } = context;
  const url = new URL(request.url);
  const page = await forPage(context, () => listSessions(app, viewer, { cursor: url.searchParams.get("cursor"), limit: 20 }));
  return {
    ...page,
    canSchedule: isOfficial(viewer),
    first: !url.searchParams.get("cursor"),
    title: `${getT(lang)("live.list.title")} · ${getT(lang)("brand.name")}`,
    serverNow: app.now().toISOString(),
  };
}

export async function liveSessionLoader(context: AppLoadContext, params: { id?: string }, request: Request) {
  const { app, viewer, lang } = context;
  const id = await forPage(context, async () => idParam(params.id));
  const r = await forPage(context, () => getSession(app, viewer, id));
  const sort = new URL(request.url).searchParams.get("sort") === "new" ? ("new" as const) : ("top" as const);
  return { ...r, sort, serverNow: app.now().toISOString(), siteName: getT(lang)("brand.name") };
}

/** The schedule form's choices: an official hosts in their own mailboxes; an admin picks anyone and any mailbox. */
export async function scheduleLoader(context: AppLoadContext, request: Request) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  const title = `${t("live.form.title")} · ${t("brand.name")}`;
  if (!viewer) throw redirect(`/login?next=${encodeURIComponent(new URL(request.url).pathname)}`);
  if (!isOfficial(viewer)) throw new Response(t("errors.forbidden"), { status: 403 });
  const admin = isAdmin(viewer);
  const [hosts, own, all] = await Promise.all([
    admin ? listHosts(app) : Promise.resolve([]),
    memberMailboxes(app, viewer.id),
    admin ? listMailboxes(app) : Promise.resolve([]),
  ]);
  return {
    title,
    admin,
    me: { id: String(viewer.id), displayName: viewer.displayName },
    hosts,
    ownMailboxes: own,
    allMailboxes: all.map((m) => ({ id: m.id, name: m.name, nameEn: m.nameEn, tier: m.tier, kind: m.kind, parentId: m.parentId })),
    serverNow: app.now().toISOString(),
  };
}

export async function scheduleAction(context: AppLoadContext, request: Request) {
  const { app, viewer, lang } = context;
  if (!viewer) return redirect(`/login?next=${encodeURIComponent("/live/new")}`);
  const form = await readForm(request);
  try {
    const session = await createSession(app, viewer, {
      title: form.title,
      description: form.description ?? "",
      hostId: form.hostId || undefined,
      mailboxId: form.mailboxId,
      startsAt: form.startsAt,
      endsAt: form.endsAt,
      moderated: form.moderated === "on" || form.moderated === "true",
    });
    return redirect(`/live/${session.id}`);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return data({ error: translateError(e, lang), values: form }, { status: e.status });
  }
}

/** /live/:id/edit: the host (or an administrator) changes the details before it starts. */
export async function editSessionLoader(context: AppLoadContext, request: Request, params: { id?: string }) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  if (!viewer) throw redirect(`/login?next=${encodeURIComponent(new URL(request.url).pathname)}`);
  const { session } = await forPage(context, () => getSession(app, viewer, idParam(params.id)));
  const admin = isAdmin(viewer);
  if (!admin && String(viewer.id) !== session.host.id) throw new Response(t("errors.forbidden"), { status: 403 });
  const [own, all] = await Promise.all([memberMailboxes(app, Number(session.host.id)), admin ? listMailboxes(app) : Promise.resolve([])]);
  return {
    title: withSiteName(lang, `${t("live.form.editTitle")} · ${session.title}`),
    id: session.id,
    sessionTitle: session.title,
    hostName: session.host.displayName,
    scheduled: session.state === "scheduled",
    admin,
    me: { id: String(viewer.id), displayName: viewer.displayName },
    hosts: [],
    ownMailboxes: own,
    allMailboxes: all.map((m) => ({ id: m.id, name: m.name, nameEn: m.nameEn, tier: m.tier, kind: m.kind, parentId: m.parentId })),
    values: {
      title: session.title,
      description: session.description,
      mailboxId: session.mailboxId,
      startsAt: toLocalInput(session.startsAt),
      endsAt: toLocalInput(session.endsAt),
      moderated: session.moderated ? "on" : "",
    },
  };
}

export async function editSessionAction(context: AppLoadContext, request: Request, params: { id?: string }) {
  const { app, viewer, lang } = context;
  const id = await forPage(context, async () => idParam(params.id));
  if (!viewer) return redirect(`/login?next=${encodeURIComponent(`/live/${id}/edit`)}`);
  const form = await readForm(request);
  try {
    await updateSession(app, viewer, id, {
      title: form.title,
      description: form.description ?? "",
      mailboxId: form.mailboxId,
      startsAt: form.startsAt,
      endsAt: form.endsAt,
      moderated: form.moderated === "on" || form.moderated === "true",
    });
    return redirect(`/live/${id}`);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return data({ error: translateError(e, lang), values: form }, { status: e.status });
  }
}

export async function liveAction(context: AppLoadContext, params: { id?: string }, request: Request, back: string) {
  const { app, viewer, lang } = context;
  const t = getT(lang);
  let sessionId: number;
  try {
    sessionId = idParam(params.id);
  } catch {
    throw new Response(t("errors.not_found"), { status: 404 });
  }
  if (!viewer) return redirect(`/login?next=${encodeURIComponent(back)}`);
  const form = await readForm(request);
  const intent = form.intent ?? "";
  const js = form._js === "1";
  const questionId = form.questionId && QID.test(form.questionId) ? Number(form.questionId) : 0;
  const fail = (error: TranslatedError, status: number) =>
    data({ intent, ok: false, error, questionId: form.questionId, values: { body: form.body ?? "" } } satisfies LiveActionResult, { status });
  if (!(liveIntents as readonly string[]).includes(intent)) return fail({ code: "invalid_input", message: t("errors.invalid_input") }, 400);
  const done = (r: Omit<Extract<LiveActionResult, { ok: true }>, "intent" | "ok">) =>
    js || intent === "petition" ? ({ intent: intent as LiveIntent, ok: true, ...r } satisfies LiveActionResult) : redirect(back);
  try {
    switch (intent as LiveIntent) {
      case "ask":
        return done({ question: await askQuestion(app, viewer, sessionId, { body: form.body }) });
      case "vote":
        return done({ question: await voteQuestion(app, viewer, questionId), questionId: String(questionId) });
      case "approve":
      case "hide":
        return done({
          question: await moderateQuestion(app, viewer, questionId, { status: intent === "approve" ? "approved" : "hidden" }),
          questionId: String(questionId),
        });
      case "answer":
        return done({ answer: await answerQuestion(app, viewer, questionId, { body: form.body }), questionId: String(questionId) });
      case "highlight":
      case "unhighlight":
        return done({
          session: await updateSession(app, viewer, sessionId, { highlightedQuestionId: intent === "highlight" ? questionId : null }),
          questionId: String(questionId),
        });
      case "end":
        return done({ session: await updateSession(app, viewer, sessionId, { end: true }) });
      case "petition": {
        const r = await convertQuestion(app, viewer, questionId, {
          category: form.category || undefined,
          public: form.public === "on" || form.public === "true",
        });
        return done({ question: r.question, petition: r.petition, queryCode: r.queryCode, questionId: String(questionId) });
      }
    }
  } catch (e) {
    if (!isAppError(e)) throw e;
    return fail(translateError(e, lang), e.status);
  }
  return fail({ code: "invalid_input", message: t("errors.invalid_input") }, 400);
}
