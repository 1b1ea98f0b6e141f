// /commitments/:id — one of the ten practical things: details, milestones checklist, progress
// (a bar that moves live, a chart and the history), the threads and petitions that motivated
// it, the follow button with a live follower count, and its discussion (a forum thread, shown
// live here with the forum's reactions, reports and moderation; the full thread at /t/:id).
// Every form works without JavaScript; with it, they run as fetchers.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import {
  addLink,
  addMilestone,
  follow,
  getCommitment,
  recordProgress,
  removeLink,
  unfollow,
  updateCommitment,
  updateMilestone,
} from "~/.server/commitments/service";
import { createPost, getPostPage, reactedPostIds } from "~/.server/forum/service";
import { postFormAction } from "~/.server/forum/postForms";
import { formAction, forPage, idParam, readForm, type TranslatedError } from "~/.server/http";
import { isModerator } from "~/domain/auth/types";
import { commitmentFeedHref, NOTE_MAX, type CommitmentDto } from "~/domain/commitments/types";
import { toDayInput } from "~/domain/commitments/schemas";
import { CommitmentHead, Fact, OwnerAndBudget, ProgressBar, ProgressChart, shortDay } from "~/domain/commitments/ui";
import { Field, FormError } from "~/components/Field";
import { PostList, ReplyForm, useReplies } from "~/components/ThreadReplies";
import { Time } from "~/components/Time";
import { useCommitmentLive } from "~/realtime/useCommitmentLive";
import { useHydrated } from "~/realtime/useHydrated";
import { useThreadLive } from "~/realtime/useThreadLive";
import { formatDate, getT, type Lang } from "~/i18n";
import styles from "~/styles/commitments.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.commitment.title} · ${data.siteName}` },
        { tagName: "link", rel: "alternate", type: "application/atom+xml", title: data.feedTitle, href: commitmentFeedHref(data.commitment.id) },
      ]
    : [];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { app, viewer, lang } = context;
  const id = await forPage(context, async () => idParam(params.id));
  const commitment = await forPage(context, () => getCommitment(app, viewer, id));
  // The discussion's last page (a hidden thread shows only to moderators: others see no thread).
  const discussion = commitment.threadId
    ? await getPostPage(app, viewer, Number(commitment.threadId), Number.MAX_SAFE_INTEGER).catch(() => null)
    : null;
  const reacted = discussion ? await reactedPostIds(app, viewer, discussion.items.map((p) => Number(p.id))) : new Set<string>();
  const t = getT(lang);
  return {
    commitment,
    discussion,
    reacted: [...reacted],
    viewerId: viewer ? String(viewer.id) : null,
    moderator: isModerator(viewer),
    siteName: t("brand.name"),
    feedTitle: t("commitments.detail.feedTitle", { title: commitment.title }),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { app, viewer } = context;
  const id = await forPage(context, async () => idParam(params.id));
  if (!viewer) return redirect(`/login?next=${encodeURIComponent(`/commitments/${id}`)}`);
  const form = await readForm(request);
  const num = (v: string | undefined) => (v && /^\d{1,16}$/.test(v) ? Number(v) : 0);
  return formAction(context, async () => {
    switch (form.intent) {
      case "follow":
        return { follow: await follow(app, viewer, id) };
      case "unfollow":
        return { follow: await unfollow(app, viewer, id) };
      case "progress":
        return { progress: await recordProgress(app, viewer, id, { progress: form.progress, note: form.note }) };
      case "milestone":
        return { milestone: await addMilestone(app, viewer, id, { title: form.title, dueOn: form.dueOn }) };
      case "milestoneDone":
        return { milestone: await updateMilestone(app, viewer, id, num(form.milestoneId), { done: form.done === "true" }) };
      case "status":
        return {
          commitment: await updateCommitment(app, viewer, id, form.ordinal ? { status: form.status, ordinal: form.ordinal } : { status: form.status }),
        };
      case "link":
        return { link: await addLink(app, viewer, id, form.kind === "petition" ? { petitionId: form.target } : { threadId: form.target }) };
      case "unlink":
        await removeLink(app, viewer, id, num(form.linkId));
        return { unlinked: true };
      // The discussion's forms (the same as on /t/:id).
      case "reply": {
        const c = await getCommitment(app, viewer, id);
        const post = await createPost(app, viewer, Number(c.threadId), { body: form.body });
        if (form._js === "1") return { post };
        return redirect(`/commitments/${id}#p-${post.id}`);
      }
      default:
        // A reply's own forms: react, edit, hide/unhide, report.
        return (await postFormAction(app, viewer, form)) ?? { ok: false };
    }
  }, form.intent === "reply" ? { body: form.body ?? "" } : undefined);
}

type Result = { error?: TranslatedError };

function FollowButton({ c, followers }: { c: CommitmentDto; followers: number }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Result & { follow?: { following: boolean; followers: number } }>();
  const following = fetcher.data?.follow?.following ?? c.following;
  return (
    <div className="cm-follow">
      <p className="cm-follow__count" aria-live="polite" data-testid="follower-count">
        {t("commitments.facts.followerCount", { count: followers })}
      </p>
      {c.can.follow ? (
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value={following ? "unfollow" : "follow"} />
          <button type="submit" className={following ? "btn btn--secondary" : "btn btn--primary"} aria-pressed={following} disabled={fetcher.state !== "idle"}>
            {following ? t("commitments.detail.following") : t("commitments.detail.follow")}
          </button>
        </fetcher.Form>
      ) : (
        <Link to={`/login?next=${encodeURIComponent(`/commitments/${c.id}`)}`}>{t("commitments.detail.loginToFollow")}</Link>
      )}
      {fetcher.data?.error ? <FormError message={fetcher.data.error.message} /> : null}
    </div>
  );
}

function ProgressForm({ c }: { c: CommitmentDto }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Result & { progress?: unknown }>();
  const ref = useRef<HTMLFormElement>(null);
  const err = fetcher.data?.error;
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.progress) ref.current?.reset();
  }, [fetcher.state, fetcher.data]);
  return (
    <section className="card" aria-labelledby="cm-record">
      <h3 id="cm-record">{t("commitments.detail.record")}</h3>
      <fetcher.Form method="post" className="form" ref={ref} noValidate>
        <input type="hidden" name="intent" value="progress" />
        <FormError message={err && !err.fields ? err.message : null} />
        <Field
          label={t("commitments.detail.newProgress")}
          name="progress"
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          defaultValue={String(c.progress)}
          required
          error={err?.fields?.progress}
        />
        <Field label={t("commitments.detail.note")} name="note" multiline rows={3} maxLength={NOTE_MAX} hint={t("form.markdownHint")} error={err?.fields?.note} />
        <button type="submit" className="btn btn--primary" disabled={fetcher.state !== "idle"}>
          {t("commitments.detail.recordSubmit")}
        </button>
        {fetcher.state === "idle" && fetcher.data?.progress ? (
          <p className="alert alert--success" role="status">
            {t("commitments.detail.recorded")}
          </p>
        ) : null}
      </fetcher.Form>
    </section>
  );
}

function StatusActions({ c }: { c: CommitmentDto }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Result>();
  const err = fetcher.data?.error;
  if (!c.can.adopt && !c.can.complete && !c.can.drop) return null;
  return (
    <section className="card" aria-labelledby="cm-status-actions">
      <h3 id="cm-status-actions">{t("commitments.detail.statusActions")}</h3>
      <FormError message={err ? err.fields ? Object.values(err.fields)[0] : err.message : null} />
      <div className="toolbar">
        {c.can.adopt ? (
          <StatusForm fetcher={fetcher} status="adopted" label={t("commitments.detail.adopt")} className="cm-inline-form">
            <Field label={t("commitments.form.ordinal")} name="ordinal" type="number" inputMode="numeric" min={1} max={10} required />
          </StatusForm>
        ) : null}
        {c.can.complete ? <StatusForm fetcher={fetcher} status="done" label={t("commitments.detail.complete")} /> : null}
        {c.can.drop ? <StatusForm fetcher={fetcher} status="dropped" label={t("commitments.detail.drop")} danger /> : null}
      </div>
    </section>
  );
}

/** One status change: a form posting intent "status" (adopting also asks for the ordinal). */
function StatusForm({
  fetcher,
  status,
  label,
  danger,
  className,
  children,
}: {
  fetcher: ReturnType<typeof useFetcher<Result>>;
  status: "adopted" | "done" | "dropped";
  label: string;
  danger?: boolean;
  className?: string;
  children?: React.ReactNode;
}) {
  return (
    <fetcher.Form method="post" className={className}>
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="status" value={status} />
      {children}
      <button type="submit" className={`btn ${danger ? "btn--danger" : "btn--primary"} btn--small`}>
        {label}
      </button>
    </fetcher.Form>
  );
}

function Milestones({ c }: { c: CommitmentDto }) {
  const { t, i18n } = useTranslation();
  const toggle = useFetcher<Result>();
  const add = useFetcher<Result & { milestone?: unknown }>();
  const addRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (add.state === "idle" && add.data?.milestone) addRef.current?.reset();
  }, [add.state, add.data]);
  const addErr = add.data?.error;
  return (
    <section aria-labelledby="cm-milestones">
      <h2 id="cm-milestones" className="section-title">
        {t("commitments.detail.milestones")}
      </h2>
      {c.milestones.length ? (
        <ul className="cm-milestones">
          {c.milestones.map((m) => (
            <li key={m.id} className={m.doneAt ? "cm-milestone cm-milestone--done" : "cm-milestone"} data-testid="milestone">
              <span className="cm-milestone__mark" aria-hidden="true">
                {m.doneAt ? "✓" : "○"}
              </span>
              <span className="cm-milestone__text">
                <span className="visually-hidden">{m.doneAt ? t("commitments.detail.milestoneDone") : t("commitments.detail.milestoneOpen")}</span>
                {m.title}
                <span className="meta">
                  {m.dueOn ? ` · ${t("commitments.detail.due", { date: formatDate(m.dueOn, i18n.language as Lang) })}` : ""}
                  {m.doneAt ? ` · ${t("commitments.detail.doneOn", { date: formatDate(m.doneAt, i18n.language as Lang) })}` : ""}
                </span>
              </span>
              {c.can.edit ? (
                <toggle.Form method="post">
                  <input type="hidden" name="intent" value="milestoneDone" />
                  <input type="hidden" name="milestoneId" value={m.id} />
                  <input type="hidden" name="done" value={m.doneAt ? "false" : "true"} />
                  <button type="submit" className="btn btn--link btn--small">
                    {m.doneAt ? t("commitments.detail.reopen", { title: m.title }) : t("commitments.detail.tick", { title: m.title })}
                  </button>
                </toggle.Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("commitments.detail.noMilestones")}</p>
      )}
      {c.can.edit ? (
        <details className="card">
          <summary>{t("commitments.detail.addMilestone")}</summary>
          <add.Form method="post" className="form" ref={addRef} noValidate>
            <input type="hidden" name="intent" value="milestone" />
            <FormError message={addErr && !addErr.fields ? addErr.message : null} />
            <Field label={t("commitments.detail.milestoneTitle")} name="title" required maxLength={200} error={addErr?.fields?.title} />
            <Field label={t("commitments.detail.milestoneDue")} name="dueOn" type="date" defaultValue={toDayInput(null)} error={addErr?.fields?.dueOn} />
            <button type="submit" className="btn btn--primary btn--small" disabled={add.state !== "idle"}>
              {t("commitments.detail.addMilestoneSubmit")}
            </button>
          </add.Form>
        </details>
      ) : null}
    </section>
  );
}

function Links({ c }: { c: CommitmentDto }) {
  const { t } = useTranslation();
  const add = useFetcher<Result & { link?: unknown }>();
  const remove = useFetcher<Result>();
  const err = add.data?.error;
  return (
    <section aria-labelledby="cm-links">
      <h2 id="cm-links" className="section-title">
        {t("commitments.detail.links")}
      </h2>
      {c.links.length ? (
        <ul className="cm-links">
          {c.links.map((l) => (
            <li key={l.id}>
              <span className="badge">{t(`commitments.detail.linkKind.${l.kind}`)}</span>{" "}
              <Link to={l.url}>{l.title || t("commitments.detail.unpublishedPetition", { id: l.targetId })}</Link>
              {c.can.link ? (
                <remove.Form method="post" className="cm-inline">
                  <input type="hidden" name="intent" value="unlink" />
                  <input type="hidden" name="linkId" value={l.id} />
                  <button type="submit" className="btn btn--link btn--small">
                    {t("commitments.detail.unlink", { title: l.title || l.targetId })}
                  </button>
                </remove.Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("commitments.detail.noLinks")}</p>
      )}
      {c.can.link ? (
        <details className="card">
          <summary>{t("commitments.detail.addLink")}</summary>
          <add.Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="link" />
            <FormError message={err ? (err.fields ? Object.values(err.fields)[0] : err.message) : null} />
            <fieldset className="field cm-fieldset">
              <legend>{t("commitments.detail.linkKindLabel")}</legend>
              <label className="checkbox">
                <input type="radio" name="kind" value="thread" defaultChecked />
                {t("commitments.detail.linkKind.thread")}
              </label>
              <label className="checkbox">
                <input type="radio" name="kind" value="petition" />
                {t("commitments.detail.linkKind.petition")}
              </label>
            </fieldset>
            <Field label={t("commitments.detail.linkTarget")} name="target" inputMode="numeric" required hint={t("commitments.detail.linkHint")} />
            <button type="submit" className="btn btn--primary btn--small" disabled={add.state !== "idle"}>
              {t("commitments.detail.addLinkSubmit")}
            </button>
          </add.Form>
        </details>
      ) : null}
    </section>
  );
}

function Discussion({ data }: { data: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { t } = useTranslation();
  const d = data.discussion!;
  const live = useThreadLive({ thread: d.thread, initialPosts: d.items, beforeId: d.beforeId, pageEndSeq: null, isModerator: data.moderator });
  const { reacted, reply, textarea, onChanged, quote } = useReplies({ initialReacted: data.reacted, merge: live.merge });
  const pageResult = useActionData<{ error?: TranslatedError; values?: { body: string } }>();
  const thread = live.thread;
  const perms = { signedIn: Boolean(data.viewerId), viewerId: data.viewerId, isModerator: data.moderator, locked: thread.locked };
  return (
    <section aria-labelledby="cm-discussion" className="stack">
      <h2 id="cm-discussion" className="section-title">
        {t("commitments.detail.discussion", { count: thread.postCount })}
      </h2>
      <p className="meta">
        {t("commitments.detail.discussionLead")} <Link to={`/t/${thread.id}`}>{t("commitments.detail.openThread")}</Link>
      </p>
      {d.pageCount > 1 ? (
        <p className="meta">
          <Link to={`/t/${thread.id}`}>{t("commitments.detail.earlier")}</Link>
        </p>
      ) : null}
      <PostList posts={live.posts} perms={perms} reacted={reacted} freshIds={live.freshIds} onChanged={onChanged} onQuote={quote} empty={t("commitments.detail.noComments")} />
      <div className="reply-form card">
        <ReplyForm
          reply={reply}
          locked={thread.locked}
          signedIn={Boolean(data.viewerId)}
          loginNext={`/commitments/${data.commitment.id}`}
          error={reply.data?.error ?? pageResult?.error}
          body={{
            id: "cm-reply-body",
            label: t("commitments.detail.commentLabel"),
            rows: 4,
            textareaRef: textarea,
            defaultValue: pageResult?.values?.body ?? "",
            onInput: live.sendTyping,
          }}
          submitLabel={t("commitments.detail.commentSubmit")}
        />
      </div>
    </section>
  );
}

export default function CommitmentPage() {
  const data = useLoaderData<typeof loader>();
  const c = data.commitment;
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const onResync = useCallback(() => revalidate.current(), []);
  const live = useCommitmentLive(c.id, { progress: c.progress, status: c.status, followers: c.followers }, { knownEntryIds: c.history.map((h) => h.id), onResync });
  const points = [...c.history].reverse().map((h) => ({ label: shortDay(h.createdAt), value: h.progress }));
  return (
    <article className="stack cm-page" aria-labelledby="cm-title">
      <nav aria-label={t("nav.breadcrumb")} className="meta">
        <Link to={`/commitments?year=${c.year}`}>{t("commitments.detail.back", { year: c.year })}</Link>
      </nav>
      <header className="cm-head" data-live={live.joined ? "joined" : "off"}>
        <CommitmentHead ordinal={c.ordinal} status={live.status}>
          <h1 id="cm-title">{c.title}</h1>
        </CommitmentHead>
        <dl className="cm-facts">
          <Fact label={t("commitments.facts.year")}>{t("commitments.list.yearTab", { year: c.year })}</Fact>
          <OwnerAndBudget c={c} />
          <Fact label={t("commitments.facts.proposedBy")}>
            <Link to={`/u/${c.createdBy.username}`}>{c.createdBy.displayName}</Link> · <Time iso={c.createdAt} />
          </Fact>
        </dl>
        <ProgressBar value={live.progress} label={t("commitments.facts.progressOf", { title: c.title })} id="cm-progress" />
        <p className="visually-hidden" aria-live="polite" data-testid="progress-announce">
          {hydrated && live.progress !== c.progress ? t("commitments.detail.progressAnnounce", { progress: live.progress }) : ""}
        </p>
        {hydrated && !live.connected ? (
          <p className="connection-status" role="status">
            {t("live.offline")}
          </p>
        ) : null}
        <div className="toolbar">
          <FollowButton c={c} followers={live.followers} />
          {c.can.edit ? (
            <Link to={`/commitments/${c.id}/edit`} className="btn btn--secondary btn--small">
              {t("commitments.detail.edit")}
            </Link>
          ) : null}
          <a href={commitmentFeedHref(c.id)} className="btn btn--link btn--small" type="application/atom+xml">
            {t("commitments.detail.feed")}
          </a>
        </div>
      </header>

      {c.summaryHtml ? <div className="prose card" dangerouslySetInnerHTML={{ __html: c.summaryHtml }} /> : null}

      <StatusActions c={c} />
      <Milestones c={c} />

      <section aria-labelledby="cm-history" className="stack">
        <h2 id="cm-history" className="section-title">
          {t("commitments.detail.history")}
        </h2>
        {c.can.progress ? <ProgressForm c={c} /> : null}
        <ProgressChart
          id={`commitment-${c.id}`}
          points={points}
          title={t("commitments.chart.oneCaption")}
          alt={t("commitments.chart.oneAlt", { title: c.title, progress: c.progress })}
          valueLabel={t("commitments.chart.progress")}
        />
        {c.history.length ? (
          <ol className="cm-history" data-testid="progress-history">
            {c.history.map((h) => (
              <li key={h.id} className="cm-history__item">
                <p className="cm-history__head">
                  <strong>{h.progress}%</strong> · <Link to={`/u/${h.author.username}`}>{h.author.displayName}</Link> · <Time iso={h.createdAt} />
                </p>
                {h.noteHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: h.noteHtml }} /> : null}
              </li>
            ))}
          </ol>
        ) : null}
      </section>

      <Links c={c} />
      {data.discussion ? <Discussion data={data} /> : null}
    </article>
  );
}
