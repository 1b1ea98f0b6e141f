import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { profile } from "~/.server/forum/service";
import { badgesOf } from "~/.server/awards/service";
import { updateProfile } from "~/.server/auth/service";
import { formAction, forPage, readForm, type TranslatedError } from "~/.server/http";
import { notFound } from "~/.server/errors";
import { Field, FormError } from "~/components/Field";
import { RoleBadge } from "~/components/Badges";
import { Medal } from "~/components/awards/AwardParts";
import { LinkList } from "~/components/LinkList";
import { postHref } from "~/domain/forum/types";
import { Time } from "~/components/Time";
import { formatDate, getT, type Lang } from "~/i18n";
import awardStyles from "~/styles/awards.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: awardStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.user.displayName} · ${data.siteName}` }] : []);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const name = params.username ?? "";
  const p = await forPage(context, async () => {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw notFound();
    return profile(context.app, context.viewer, name);
  });
  // Badges (the most-helpful-netizen award's winners), shown under the name.
  const badges = await badgesOf(context.app, Number(p.user.id));
  return { ...p, badges, siteName: getT(context.lang)("brand.name") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  return formAction(context, async () => {
    await updateProfile(context.app, context.viewer, { displayName: form.displayName, bio: form.bio });
    return { saved: true };
  });
}

function EditProfile({ displayName, bio }: { displayName: string; bio: string }) {
  const { t } = useTranslation();
  const result = useActionData<{ saved?: boolean; error?: TranslatedError }>();
  return (
    <details className="card" open={Boolean(result?.error)}>
      <summary>{t("profile.edit")}</summary>
      <Form method="post" className="form">
        {result?.saved ? (
          <p className="alert alert--success" role="status">
            {t("profile.saved")}
          </p>
        ) : null}
        <FormError message={result?.error && !result.error.fields ? result.error.message : null} />
        <Field label={t("auth.displayName")} name="displayName" defaultValue={displayName} maxLength={40} required error={result?.error?.fields?.displayName} />
        <Field label={t("profile.bio")} name="bio" multiline rows={3} defaultValue={bio} maxLength={500} error={result?.error?.fields?.bio} />
        <button type="submit" className="btn btn--primary">
          {t("admin.save")}
        </button>
      </Form>
    </details>
  );
}

export default function Profile() {
  const { user, threads, posts, stats, viewerIsSelf, badges } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <div className="stack">
      <header className="profile-head">
        <span className="avatar" aria-hidden="true">
          {user.displayName.slice(0, 1)}
        </span>
        <div>
          <h1>
            {user.displayName} <RoleBadge role={user.role} />
          </h1>
          <p className="meta">
            @{user.username} · {t("profile.joined", { date: formatDate(user.createdAt, i18n.language as Lang) })}
            {user.disabled ? ` · ${t("profile.disabled")}` : ""}
          </p>
          {user.bio ? <p>{user.bio}</p> : null}
          {badges.length ? (
            <ul className="profile-badges" aria-label={t("awards.badge.listLabel")} data-testid="profile-badges">
              {badges.map((b) => (
                <li key={b.id}>
                  <Link to={b.awardId ? `/awards/${b.awardId}/results` : "/awards"} className="profile-badge">
                    <Medal /> {b.year ? t("awards.badge.label", { year: b.year }) : b.label}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </header>
      {viewerIsSelf ? <EditProfile displayName={user.displayName} bio={user.bio} /> : null}
      <dl className="grid grid--3">
        <div className="card">
          <dt className="meta">{t("profile.threads")}</dt>
          <dd className="card__title">{stats.threads}</dd>
        </div>
        <div className="card">
          <dt className="meta">{t("profile.posts")}</dt>
          <dd className="card__title">{stats.posts}</dd>
        </div>
        <div className="card">
          <dt className="meta">{t("profile.helpful")}</dt>
          <dd className="card__title">{stats.helpful}</dd>
        </div>
      </dl>
      <div className="grid grid--2">
        <section className="stack" aria-labelledby="pt">
          <h2 className="section-title" id="pt">
            {t("profile.recentThreads")}
          </h2>
          <LinkList
            empty={t("profile.none")}
            items={threads.map((th) => ({
              key: th.id,
              to: `/t/${th.id}`,
              title: th.title,
              meta: (
                <>
                  {t(`section.${th.section}.title`)} · <Time iso={th.createdAt} />
                </>
              ),
            }))}
          />
        </section>
        <section className="stack" aria-labelledby="pp">
          <h2 className="section-title" id="pp">
            {t("profile.recentPosts")}
          </h2>
          <LinkList
            empty={t("profile.none")}
            items={posts.map((p) => ({
              key: p.id,
              to: postHref(p.thread.id, p.id, p.seq),
              title: `${p.thread.title} #${p.seq}`,
              meta: p.excerpt,
            }))}
          />
        </section>
      </div>
    </div>
  );
}
