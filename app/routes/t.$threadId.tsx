import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data as withStatus, redirect } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formAction, forPage, idParam, readForm, translateError, type TranslatedError } from "~/.server/http";
import { isAppError, notFound } from "~/.server/errors";
import { cosign, hasCosigned, petitionForThread } from "~/.server/petitions/service";
import {
  createPost,
  getPost,
  getPostPage,
  getThread,
  reactedPostIds,
  updateThread,
} from "~/.server/forum/service";
import { postFormAction } from "~/.server/forum/postForms";
import { isModerator } from "~/domain/auth/types";
import { BODY_MAX, PAGE_SIZE, TITLE_MAX, type PostDto, type ThreadDto } from "~/domain/forum/types";
import { ThreadBadges } from "~/components/Badges";
import { Field, FormError } from "~/components/Field";
import { Pagination } from "~/components/Pagination";
import { PostList, ReplyForm, quoteBody, useReplies } from "~/components/ThreadReplies";
import { Time } from "~/components/Time";
import { useHydrated } from "~/realtime/useHydrated";
import { useThreadLive } from "~/realtime/useThreadLive";
import { getT } from "~/i18n";
import { PetitionBanner } from "~/components/PetitionPages";
import petitionPagesStyles from "~/styles/petition-pages.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: petitionPagesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.thread.title} · ${data.siteName}` }] : []);

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const url = new URL(request.url);
  const pageParam = url.searchParams.get("page");
  const page = pageParam === "last" ? Number.MAX_SAFE_INTEGER : Number(pageParam ?? 1);
  const id = await forPage(context, async () => idParam(params.threadId));
  const result = await forPage(context, () => getPostPage(app, viewer, id, page));
  const reacted = await reactedPostIds(app, viewer, result.items.map((p) => Number(p.id)));
  const cosigned = result.thread.petition ? await hasCosigned(app, viewer, Number(result.thread.petition.id)) : false;
  const quoteId = url.searchParams.get("quote");
  let quote: PostDto | null = null;
  if (quoteId && /^\d{1,16}$/.test(quoteId)) quote = await getPost(app, viewer, Number(quoteId)).catch(() => null);
  return {
    ...result,
    reacted: [...reacted],
    quote: quote && quote.threadId === String(id) && !quote.hidden ? { id: quote.id, body: quote.body, name: quote.author.displayName } : null,
    viewerId: viewer ? String(viewer.id) : null,
    moderator: isModerator(viewer),
    cosigned,
    siteName: getT(lang)("brand.name"),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { app, viewer } = context;
  const threadId = await forPage(context, async () => idParam(params.threadId));
  const form = await readForm(request);
  if (!viewer) return redirect(`/login?next=${encodeURIComponent(`/t/${threadId}`)}`);
  if (form.intent === "cosign") {
    // Co-signing the letter this discussion became; its errors stay apart from the reply form's.
    try {
      await getThread(app, viewer, threadId); // hidden threads stay hidden
      const petition = await petitionForThread(app, threadId);
      if (!petition) throw notFound();
      return { cosign: await cosign(app, viewer, Number(petition.id)) };
    } catch (e) {
      if (isAppError(e)) return withStatus({ cosignError: translateError(e, context.lang) }, { status: e.status });
      throw e;
    }
  }
  // Sent back with a refused reply (no JavaScript): what was typed and whom it answered.
  let values: Record<string, string> | undefined;
  if (form.intent === "reply") {
    values = { body: form.body ?? "" };
    const to = form.replyToId && /^\d{1,16}$/.test(form.replyToId) ? await getPost(app, viewer, Number(form.replyToId)).catch(() => null) : null;
    if (to && to.threadId === String(threadId) && !to.hidden) Object.assign(values, { replyToId: to.id, replyToName: to.author.displayName });
  }
  return formAction(context, async () => {
    switch (form.intent) {
      case "reply": {
        const post = await createPost(app, viewer, threadId, { body: form.body, replyToId: form.replyToId || undefined });
        if (form._js === "1") return { post };
        return redirect(`/t/${threadId}?page=last#p-${post.id}`);
      }
      case "editThread": {
        const thread = await updateThread(app, viewer, threadId, { title: form.title, body: form.body });
        return { thread, edited: true };
      }
      case "flags": {
        const flag = form.flag;
        if (!["pinned", "featured", "locked", "hidden"].includes(flag)) return { ok: false };
        const thread = await updateThread(app, viewer, threadId, { [flag]: form.value === "true" });
        return { thread };
      }
      default:
        // A reply's own forms: react, edit, hide/unhide, report.
        return (await postFormAction(app, viewer, form)) ?? { ok: false };
    }
  }, values);
}

function ModerationBar({ thread }: { thread: { pinned: boolean; featured: boolean; locked: boolean; hidden: boolean } }) {
  const { t } = useTranslation();
  const fetcher = useFetcher();
  const flags = ["pinned", "featured", "locked", "hidden"] as const;
  return (
    <div className="toolbar" role="group" aria-label={t("moderation.threadTools")}>
      {flags.map((flag) => (
        <fetcher.Form method="post" key={flag}>
          <input type="hidden" name="intent" value="flags" />
          <input type="hidden" name="flag" value={flag} />
          <input type="hidden" name="value" value={String(!thread[flag])} />
          <button type="submit" className="btn btn--secondary btn--small">
            {t(`moderation.${flag}.${thread[flag] ? "off" : "on"}`)}
          </button>
        </fetcher.Form>
      ))}
    </div>
  );
}

function EditThread({ thread }: { thread: ThreadDto }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ edited?: boolean; error?: TranslatedError }>();
  const err = fetcher.data?.error;
  return (
    <details className="card" open={Boolean(err)}>
      <summary>{t("thread.edit")}</summary>
      <fetcher.Form method="post" className="form">
        <input type="hidden" name="intent" value="editThread" />
        <FormError message={err && !err.fields ? err.message : null} />
        {fetcher.data?.edited ? (
          <p className="alert alert--success" role="status">
            {t("thread.saved")}
          </p>
        ) : null}
        <Field label={t("thread.titleLabel")} name="title" defaultValue={thread.title} maxLength={TITLE_MAX} required error={err?.fields?.title} />
        <Field label={t("thread.bodyLabel")} name="body" multiline rows={8} defaultValue={thread.body} maxLength={BODY_MAX} required error={err?.fields?.body} />
        <button type="submit" className="btn btn--primary btn--small" disabled={fetcher.state !== "idle"}>
          {t("post.saveEdit")}
        </button>
      </fetcher.Form>
    </details>
  );
}

export default function ThreadPage() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  const isLast = data.page >= data.pageCount;
  const live = useThreadLive({
    thread: data.thread,
    initialPosts: data.items,
    beforeId: data.beforeId,
    pageEndSeq: isLast ? null : data.page * PAGE_SIZE,
    isModerator: data.moderator,
  });
  const thread = live.thread;
  // Without JavaScript, errors of the thread's forms come back as the page's action data.
  const pageResult = useActionData<{ error?: TranslatedError; cosignError?: TranslatedError; values?: { body: string; replyToId?: string; replyToName?: string } }>();
  const [replyTo, setReplyTo] = useState<{ id: string; name: string } | null>(
    pageResult?.values?.replyToId
      ? { id: pageResult.values.replyToId, name: pageResult.values.replyToName ?? "" }
      : data.quote
        ? { id: data.quote.id, name: data.quote.name }
        : null,
  );
  const { reacted, setReacted, reply, textarea, onChanged, quote } = useReplies({
    initialReacted: data.reacted,
    merge: live.merge,
    onPosted: () => setReplyTo(null),
  });
  useEffect(() => setReacted(new Set(data.reacted)), [data.reacted, setReacted]);
  const onQuote = useCallback(
    (p: PostDto) => {
      quote(p);
      setReplyTo({ id: p.id, name: p.author.displayName });
    },
    [quote],
  );

  // "New replies" marker: shown when replies arrive while the end of the list is out of view.
  const end = useRef<HTMLDivElement>(null);
  const [atEnd, setAtEnd] = useState(true);
  useEffect(() => {
    if (!end.current || typeof IntersectionObserver === "undefined") return;
    const obs = new IntersectionObserver(([e]) => setAtEnd(e.isIntersecting), { rootMargin: "0px 0px 120px 0px" });
    obs.observe(end.current);
    return () => obs.disconnect();
  }, []);
  const { freshIds, consumeFresh } = live;
  useEffect(() => {
    if (atEnd && freshIds.length) {
      const timer = setTimeout(consumeFresh, 3000);
      return () => clearTimeout(timer);
    }
  }, [atEnd, freshIds, consumeFresh]);
  // One's own reply is never "new" to oneself.
  const unseenIds = atEnd ? [] : freshIds.filter((id) => live.posts.find((p) => p.id === id)?.author.id !== data.viewerId);
  const unseen = unseenIds.length;

  const perms = { signedIn: Boolean(data.viewerId), viewerId: data.viewerId, isModerator: data.moderator, locked: thread.locked };
  const href = (p: number) => `/t/${thread.id}?page=${p}`;
  const typingText = live.typingNames.length
    ? t("live.typing", {
        names: new Intl.ListFormat(i18n.language, { style: "short", type: "conjunction" }).format(live.typingNames.slice(0, 3)),
        count: live.typingNames.length,
      })
    : "";
  const replyError = reply.data?.error ?? pageResult?.error;
  const lastFresh = live.posts.find((p) => p.id === freshIds.at(-1));

  return (
    <article className="stack" aria-labelledby="thread-title">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to={`/${thread.section}`}>{t(`section.${thread.section}.title`)}</Link>
      </nav>
      <header className="thread-head">
        <h1 id="thread-title">{thread.title}</h1>
        <p>
          <ThreadBadges thread={thread} />
        </p>
        <p className="meta">
          <Link to={`/u/${thread.author.username}`}>{thread.author.displayName}</Link> · <Time iso={thread.createdAt} /> ·{" "}
          {t("thread.replyCount", { count: thread.postCount })}
          {thread.editedAt ? (
            <>
              {" · "}
              <Link to={`/t/${thread.id}/history`}>{t("post.edited")}</Link>
            </>
          ) : null}
        </p>
        {data.moderator ? <ModerationBar thread={thread} /> : null}
      </header>
      <PetitionBanner
        thread={thread}
        viewerId={data.viewerId}
        moderator={data.moderator}
        cosigned={data.cosigned}
        cosignError={pageResult?.cosignError?.message}
      />

      <p className="visually-hidden" aria-live="polite">
        {lastFresh && lastFresh.author.id !== data.viewerId ? t("live.announce", { name: lastFresh.author.displayName }) : ""}
      </p>
      <div className="live-bar">
        {hydrated && live.presence !== null ? (
          <span>
            <span className="presence-dot" aria-hidden="true" /> {t("live.presence", { count: live.presence })}
          </span>
        ) : null}
        <span className="typing">{typingText}</span>
      </div>
      {hydrated && !live.connected ? (
        <p className="connection-status" role="status">
          {t("live.offline")}
        </p>
      ) : null}

      {data.page === 1 ? <div className="thread-body prose card" dangerouslySetInnerHTML={{ __html: thread.bodyHtml }} /> : null}
      {data.viewerId === thread.author.id && !thread.locked ? <EditThread thread={thread} /> : null}

      <Pagination page={data.page} pageCount={data.pageCount} href={href} label={t("pagination.labelTop")} />
      <section aria-label={t("thread.repliesHeading")}>
        <PostList posts={live.posts} perms={perms} reacted={reacted} freshIds={freshIds} onChanged={onChanged} onQuote={onQuote} empty={t("thread.noReplies")} />
        <div ref={end} />
      </section>
      {live.laterReplies > 0 ? (
        <p className="alert alert--info" role="status">
          <Link to={`/t/${thread.id}?page=last`}>{t("live.laterReplies", { count: live.laterReplies })}</Link>
        </p>
      ) : null}
      <Pagination page={data.page} pageCount={data.pageCount} href={href} label={t("pagination.labelBottom")} />

      {unseen > 0 ? (
        <button
          type="button"
          className="new-replies"
          onClick={() => {
            document.getElementById(`p-${unseenIds[0]}`)?.scrollIntoView({ behavior: "smooth", block: "center" });
          }}
        >
          {t("live.newReplies", { count: unseen })}
        </button>
      ) : null}

      <section id="reply" className="reply-form card" aria-labelledby="reply-title">
        <h2 id="reply-title">{t("thread.replyHeading")}</h2>
        <ReplyForm
          reply={reply}
          locked={thread.locked}
          signedIn={Boolean(data.viewerId)}
          loginNext={`/t/${thread.id}?page=last`}
          error={replyError}
          body={{
            id: "reply-body",
            label: t("thread.replyLabel"),
            rows: 5,
            textareaRef: textarea,
            defaultValue: pageResult?.values?.body ?? (data.quote ? `${quoteBody(data.quote.body)}\n\n` : ""),
            onInput: live.sendTyping,
          }}
          submitLabel={t("thread.sendReply")}
        >
          {replyTo ? (
            <p className="meta">
              <input type="hidden" name="replyToId" value={replyTo.id} />
              {t("thread.replyingTo", { name: replyTo.name })}{" "}
              <button type="button" className="btn btn--link btn--small" onClick={() => setReplyTo(null)}>
                {t("thread.cancelReplyTo")}
              </button>
            </p>
          ) : null}
        </ReplyForm>
      </section>
    </article>
  );
}
