// A thread's replies and the form to add one, wherever they are shown: the thread page (/t/:id)
// and a commitment's discussion (/commitments/:id). The page keeps its live list
// (useThreadLive) and its own wrapping markup; these are the parts that are the same.
import { Link, useFetcher, type FetcherWithComponents } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TranslatedError } from "~/.server/http";
import type { PostDto } from "~/domain/forum/types";
import { useHydrated } from "~/realtime/useHydrated";
import { FormError } from "./Field";
import { PostItem, type PostPerms } from "./PostItem";
import { ReplyBodyField } from "./ReplyBodyField";

type ReplyResult = { post?: PostDto; error?: TranslatedError };

/** A post's first six lines as a Markdown quote. */
export function quoteBody(body: string) {
  return body
    .split("\n")
    .slice(0, 6)
    .map((l) => `> ${l}`)
    .join("\n");
}

/**
 * The state around a list of replies: the posts the viewer found helpful (kept in step with
 * their own reactions), the reply fetcher whose new post joins the live list and clears the
 * textarea (then `onPosted`), and `quote`, which puts a post's quote before what is typed.
 */
export function useReplies({
  initialReacted,
  merge,
  onPosted,
}: {
  initialReacted: string[];
  merge: (posts: PostDto[], how: "created" | "updated") => void;
  onPosted?: () => void;
}) {
  const [reacted, setReacted] = useState(() => new Set(initialReacted));
  const reply = useFetcher<ReplyResult>();
  const textarea = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (reply.state === "idle" && reply.data?.post) {
      merge([reply.data.post], "created");
      if (textarea.current) textarea.current.value = "";
      onPosted?.();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reply.state, reply.data]);
  const onChanged = useCallback(
    (p: PostDto, nowReacted?: boolean) => {
      merge([p], "updated");
      if (nowReacted !== undefined)
        setReacted((r) => {
          const n = new Set(r);
          if (nowReacted) n.add(p.id);
          else n.delete(p.id);
          return n;
        });
    },
    [merge],
  );
  const quote = useCallback((p: PostDto) => {
    if (textarea.current) {
      textarea.current.value = `${quoteBody(p.body)}\n\n${textarea.current.value}`;
      textarea.current.focus();
    }
  }, []);
  return { reacted, setReacted, reply, textarea, onChanged, quote };
}

/** The replies as an ordered list of PostItems, or a line saying there are none. */
export function PostList({
  posts,
  perms,
  reacted,
  freshIds,
  onChanged,
  onQuote,
  empty,
}: {
  posts: PostDto[];
  perms: PostPerms;
  reacted: Set<string>;
  freshIds: string[];
  onChanged: (p: PostDto, reacted?: boolean) => void;
  onQuote: (p: PostDto) => void;
  empty: string;
}) {
  return posts.length ? (
    <ol className="post-list">
      {posts.map((p) => (
        <PostItem key={p.id} post={p} perms={perms} reacted={reacted.has(p.id)} fresh={freshIds.includes(p.id)} onChanged={onChanged} onQuote={onQuote} />
      ))}
    </ol>
  ) : (
    <p className="empty">{empty}</p>
  );
}

/**
 * The reply form, or what stands in its place: a notice on a locked thread, a link to sign in
 * (back to `loginNext`) for a visitor. `children` go before the body field.
 */
export function ReplyForm({
  reply,
  locked,
  signedIn,
  loginNext,
  error,
  body,
  submitLabel,
  children,
}: {
  reply: FetcherWithComponents<ReplyResult>;
  locked: boolean;
  signedIn: boolean;
  loginNext: string;
  error?: TranslatedError;
  body: Omit<Parameters<typeof ReplyBodyField>[0], "error">;
  submitLabel: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  if (locked) return <p className="alert alert--warning">{t("thread.lockedNotice")}</p>;
  if (!signedIn)
    return (
      <p>
        <Link to={`/login?next=${encodeURIComponent(loginNext)}`}>{t("thread.loginToReply")}</Link>
      </p>
    );
  return (
    <reply.Form method="post" className="form" noValidate>
      <FormError message={error && !error.fields ? error.message : null} />
      <input type="hidden" name="intent" value="reply" />
      {hydrated ? <input type="hidden" name="_js" value="1" /> : null}
      {children}
      <ReplyBodyField {...body} error={error?.fields?.body} />
      <button type="submit" className="btn btn--primary" disabled={reply.state !== "idle"}>
        {reply.state !== "idle" ? t("form.submitting") : submitLabel}
      </button>
    </reply.Form>
  );
}
