import { Link, useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { PostDto } from "~/domain/forum/types";
import { BODY_MAX } from "~/domain/forum/types";
import { RoleBadge } from "./Badges";
import { Time } from "./Time";

type ActionResult = { post?: PostDto; error?: { message: string } };

export interface PostPerms {
  signedIn: boolean;
  viewerId: string | null;
  isModerator: boolean;
  locked: boolean;
}

/** One reply: author, floor, body, and the actions the viewer may take. */
export function PostItem({
  post,
  perms,
  reacted,
  fresh,
  onChanged,
  onQuote,
}: {
  post: PostDto;
  perms: PostPerms;
  reacted: boolean;
  fresh: boolean;
  onChanged: (p: PostDto, reacted?: boolean) => void;
  onQuote: (p: PostDto) => void;
}) {
  const { t } = useTranslation();
  const react = useFetcher<ActionResult>();
  const edit = useFetcher<ActionResult>();
  const hide = useFetcher<ActionResult>();
  const report = useFetcher<ActionResult & { reported?: boolean }>();
  const own = perms.viewerId === post.author.id;

  useEffect(() => {
    if (react.state === "idle" && react.data?.post) onChanged(react.data.post, !reacted);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [react.state, react.data]);
  useEffect(() => {
    if (edit.state === "idle" && edit.data?.post) onChanged(edit.data.post);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [edit.state, edit.data]);
  useEffect(() => {
    if (hide.state === "idle" && hide.data?.post) onChanged(hide.data.post);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hide.state, hide.data]);

  const cls = ["post", post.official ? "post--official" : "", post.hidden ? "post--hidden" : "", fresh ? "post--new" : ""]
    .filter(Boolean)
    .join(" ");
  const showBody = !post.hidden || (perms.isModerator && post.bodyHtml);

  return (
    <li id={`p-${post.id}`} className={cls} data-post-id={post.id} data-seq={post.seq} aria-label={t("post.label", { seq: post.seq, name: post.author.displayName })}>
      <div className="post__header">
        <div className="post__author">
          <Link to={`/u/${post.author.username}`}>{post.author.displayName}</Link> <RoleBadge role={post.author.role} />
          {post.official ? <span className="badge badge--official">{t("post.officialReply")}</span> : null}
        </div>
        <div className="post__meta meta">
          <a href={`#p-${post.id}`}>#{post.seq}</a> · <Time iso={post.createdAt} />
          {post.editedAt ? (
            <>
              {" · "}
              <Link to={`/posts/${post.id}/history`}>{t("post.edited")}</Link>
            </>
          ) : null}
        </div>
      </div>
      {post.replyTo ? (
        <p className="post__reply-to meta">
          <a href={`#p-${post.replyTo.id}`}>{t("post.replyTo", { seq: post.replyTo.seq, name: post.replyTo.author.displayName })}</a>
        </p>
      ) : null}
      {post.hidden ? <p className="meta">{t("post.hiddenNotice")}</p> : null}
      {showBody ? <div className="post__body prose" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} /> : null}
      <div className="post__actions">
        {perms.signedIn && !own && !post.hidden ? (
          <react.Form method="post">
            <input type="hidden" name="intent" value="react" />
            <input type="hidden" name="postId" value={post.id} />
            <input type="hidden" name="_js" value="1" />
            <button
              type="submit"
              className={`btn btn--secondary btn--small${reacted ? " is-active" : ""}`}
              aria-pressed={reacted}
              disabled={react.state !== "idle"}
            >
              {t("post.helpful")} <span className="post__count">{post.helpfulCount}</span>
            </button>
          </react.Form>
        ) : (
          <span className="meta">{t("post.helpfulCount", { count: post.helpfulCount })}</span>
        )}
        {perms.signedIn && !perms.locked && !post.hidden ? (
          <Link
            to={`?quote=${post.id}#reply`}
            className="btn btn--link btn--small"
            onClick={(e) => {
              e.preventDefault();
              onQuote(post);
            }}
          >
            {t("post.quote")}
          </Link>
        ) : null}
        {own && !perms.locked && !post.hidden ? (
          <details className="post__edit">
            <summary className="btn btn--link btn--small">{t("post.edit")}</summary>
            <edit.Form method="post" className="form">
              <input type="hidden" name="intent" value="edit" />
              <input type="hidden" name="postId" value={post.id} />
              <input type="hidden" name="_js" value="1" />
              <label className="visually-hidden" htmlFor={`edit-${post.id}`}>
                {t("post.editLabel")}
              </label>
              <textarea id={`edit-${post.id}`} name="body" defaultValue={post.body} rows={5} maxLength={BODY_MAX} required />
              {edit.data?.error ? <p className="field__error">{edit.data.error.message}</p> : null}
              <button type="submit" className="btn btn--primary btn--small" disabled={edit.state !== "idle"}>
                {t("post.saveEdit")}
              </button>
            </edit.Form>
          </details>
        ) : null}
        {perms.signedIn && !own && !post.hidden ? (
          <details className="post__report">
            <summary className="btn btn--link btn--small">{t("post.report")}</summary>
            {report.data?.reported ? (
              <p className="meta" role="status">
                {t("post.reported")}
              </p>
            ) : (
              <report.Form method="post" className="form">
                <input type="hidden" name="intent" value="report" />
                <input type="hidden" name="postId" value={post.id} />
                <input type="hidden" name="_js" value="1" />
                <label htmlFor={`report-${post.id}`}>{t("post.reportReason")}</label>
                <input id={`report-${post.id}`} name="reason" maxLength={500} required />
                {report.data?.error ? <p className="field__error">{report.data.error.message}</p> : null}
                <button type="submit" className="btn btn--secondary btn--small">
                  {t("post.sendReport")}
                </button>
              </report.Form>
            )}
          </details>
        ) : null}
        {perms.isModerator ? (
          <hide.Form method="post">
            <input type="hidden" name="intent" value={post.hidden ? "unhide" : "hide"} />
            <input type="hidden" name="postId" value={post.id} />
            <input type="hidden" name="_js" value="1" />
            <button type="submit" className="btn btn--danger btn--small" disabled={hide.state !== "idle"}>
              {post.hidden ? t("post.unhide") : t("post.hide")}
            </button>
          </hide.Form>
        ) : null}
      </div>
    </li>
  );
}
