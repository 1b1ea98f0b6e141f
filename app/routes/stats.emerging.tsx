// /stats/emerging — emerging issues (苗头性、倾向性问题) for officials, moderators and
// administrators: the latest run's rising topics with their trend, count against baseline and the
// items behind them (cases only as far as the viewer may see them), near-duplicate groups across
// channels, the actions (open a forum discussion, propose as a commitment, dismiss), an
// administrators' "recompute now", and the method in plain words. Signed out: the login page;
// citizens: 403. Forms work without JavaScript; with it, the recomputation shows its progress.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isAppError } from "~/.server/errors";
import { idParam, readForm, translateError, type TranslatedError } from "~/.server/http";
import { canSeeInsight, discussTopic, dismissTopic, emergingIssues, proposeTopic, recompute } from "~/.server/insight/service";
import { Sparkline } from "~/components/InsightCharts";
import { Time } from "~/components/Time";
import { isAdmin } from "~/domain/auth/types";
import { BASELINE_DAYS } from "~/domain/insight/spikes";
import type { EmergingTopicDto, InsightItemDto, InsightRunDto } from "~/domain/insight/types";
import { getT } from "~/i18n";
import styles from "~/styles/insight.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer, lang } = context;
  const t = getT(lang);
  const url = new URL(request.url);
  if (!viewer) throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (!canSeeInsight(viewer)) throw new Response(t("insight.forbidden"), { status: 403 });
  const result = await emergingIssues(context.app, viewer);
  return { title: `${t("insight.title")} · ${t("brand.name")}`, admin: isAdmin(viewer), ...result };
}

type ActionResult = { intent: string; done: string; run?: InsightRunDto } | { intent: string; error: TranslatedError };

export async function action({ request, context }: ActionFunctionArgs) {
  const { app, viewer } = context;
  if (!viewer) return redirect("/login?next=%2Fstats%2Femerging");
  const form = await readForm(request);
  const intent = form.intent ?? "";
  try {
    switch (intent) {
      case "recompute":
        return { intent, done: "recomputed", run: await recompute(app, viewer) } satisfies ActionResult;
      case "discuss":
        return { intent, done: (await discussTopic(app, viewer, idParam(form.topicId))).threadId } satisfies ActionResult;
      case "dismiss":
        await dismissTopic(app, viewer, idParam(form.topicId));
        return { intent, done: "dismissed" } satisfies ActionResult;
      case "propose":
        return redirect((await proposeTopic(app, viewer, idParam(form.topicId))).url);
      default:
        return data({ intent, error: { code: "invalid_input", message: getT(context.lang)("errors.invalid_input") } } satisfies ActionResult, { status: 400 });
    }
  } catch (e) {
    if (isAppError(e)) return data({ intent, error: translateError(e, context.lang) } satisfies ActionResult, { status: e.status });
    throw e;
  }
}

function topicName(t: EmergingTopicDto, tr: (k: string) => string) {
  return t.kind === "category" ? tr(`petition.category.${t.key}`) : t.key;
}

function ItemList({ items, idPrefix }: { items: InsightItemDto[]; idPrefix: string }) {
  const { t } = useTranslation();
  return (
    <ul className="insight-items">
      {items.map((i) => (
        <li key={`${idPrefix}-${i.type}-${i.id}`}>
          <span className="badge badge--role">{t(`insight.itemType.${i.type}`)}</span> <span className="meta">{t(`petition.channel.${i.channel}`)}</span>{" "}
          {i.url && i.title ? <Link to={i.url}>{i.title}</Link> : <span className="muted">{t("insight.hiddenItem")}</span>}{" "}
          {i.category ? <span className="meta">· {t(`petition.category.${i.category}`)}</span> : null}{" "}
          <span className="meta">
            · <Time iso={i.createdAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}

function Recompute() {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>();
  const busy = fetcher.state !== "idle";
  const result = fetcher.data;
  return (
    <fetcher.Form method="post" className="insight-actions">
      <input type="hidden" name="intent" value="recompute" />
      <button type="submit" className="btn btn--secondary btn--small" disabled={busy}>
        {t("insight.recompute")}
      </button>
      <span role="status" aria-live="polite">
        {busy ? (
          <>
            <progress aria-label={t("insight.recomputing")} /> {t("insight.recomputing")}
          </>
        ) : result && "run" in result && result.run ? (
          t("insight.recomputed", { items: result.run.itemsRead, topics: result.run.topics, groups: result.run.groups, ms: result.run.durationMs })
        ) : result && "error" in result ? (
          <span className="field__error">{result.error.message}</span>
        ) : null}
      </span>
    </fetcher.Form>
  );
}

export default function EmergingPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const nav = useNavigation();
  const { t, i18n } = useTranslation();
  const busy = nav.state !== "idle";
  const num = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  return (
    <div className="stack">
      <h1>{t("insight.title")}</h1>
      <p className="muted">{t("insight.lead")}</p>
      <div className="insight-run">
        <p>
          {d.run ? (
            <>
              {t("insight.runSummary", { day: d.run.day, items: d.run.itemsRead, topics: d.run.topics, groups: d.run.groups, ms: d.run.durationMs })}{" "}
              <span className="meta">
                {t("insight.asOf")} <Time iso={d.run.asOf} />
                {d.run.manual ? ` ${t("insight.runManual")}` : ""}
              </span>
            </>
          ) : (
            t("insight.noRun")
          )}
        </p>
        {d.admin ? <Recompute /> : null}
      </div>
      {actionData && "error" in actionData && actionData.intent !== "recompute" ? (
        <p className="form-error" role="alert">
          {actionData.error.message}
        </p>
      ) : null}
      {actionData && "done" in actionData && (actionData.intent === "discuss" || actionData.intent === "dismiss") ? (
        <p className="notice" role="status">
          {actionData.intent === "discuss" ? (
            <>
              {t("insight.discussed")} <Link to={`/t/${actionData.done}`}>{t("insight.openThread")}</Link>
            </>
          ) : (
            t("insight.dismissed")
          )}
        </p>
      ) : null}

      <section aria-labelledby="insight-topics-title" className="stack">
        <h2 id="insight-topics-title">{t("insight.topicsTitle")}</h2>
        {d.topics.length === 0 ? (
          <p className="muted">{t("insight.noTopics")}</p>
        ) : (
          <ol className="insight-topics">
            {d.topics.map((topic) => {
              const name = topicName(topic, t);
              const headingId = `topic-${topic.id}`;
              return (
                <li key={topic.id} className="card insight-topic" aria-labelledby={headingId}>
                  <div className="insight-topic__head">
                    <h3 id={headingId}>{name}</h3>
                    <span className="badge badge--info">{t(`insight.kind.${topic.kind}`)}</span>
                    <span className="insight-status">{t(`insight.status.${topic.status}`)}</span>
                  </div>
                  <div className="insight-topic__figures">
                    <Sparkline id={`spark-${topic.id}`} values={topic.series} label={t("insight.trendAlt", { topic: name, days: topic.series.length, values: topic.series.join(", ") })} />
                    <p>
                      <strong>{t("insight.countVsBaseline", { count: topic.count, baseline: num.format(topic.baseline), days: BASELINE_DAYS })}</strong>
                      <br />
                      <span className="meta">{t("insight.score", { score: num.format(topic.score) })}</span>
                    </p>
                  </div>
                  <details>
                    <summary>{t("insight.itemsTitle", { count: topic.items.length })}</summary>
                    <ItemList items={topic.items} idPrefix={`t${topic.id}`} />
                  </details>
                  <div className="insight-actions" role="group" aria-label={`${t("insight.actions")}：${name}`}>
                    {topic.threadId ? (
                      <Link className="btn btn--secondary btn--small" to={`/t/${topic.threadId}`}>
                        {t("insight.openThread")}
                      </Link>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="topicId" value={topic.id} />
                        <button type="submit" name="intent" value="discuss" className="btn btn--primary btn--small" disabled={busy}>
                          {t("insight.discuss")}
                        </button>
                      </Form>
                    )}
                    <Form method="post">
                      <input type="hidden" name="topicId" value={topic.id} />
                      <button type="submit" name="intent" value="propose" className="btn btn--secondary btn--small" disabled={busy}>
                        {t("insight.propose")}
                      </button>
                    </Form>
                    {!topic.threadId && topic.status !== "dismissed" ? (
                      <Form method="post">
                        <input type="hidden" name="topicId" value={topic.id} />
                        <button type="submit" name="intent" value="dismiss" className="btn btn--link btn--small" disabled={busy}>
                          {t("insight.dismiss")}
                        </button>
                      </Form>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <section aria-labelledby="insight-groups-title" className="stack">
        <h2 id="insight-groups-title">{t("insight.groupsTitle")}</h2>
        <p className="muted">{t("insight.groupsLead")}</p>
        {d.groups.length === 0 ? (
          <p className="muted">{t("insight.noGroups")}</p>
        ) : (
          <ol className="insight-groups">
            {d.groups.map((g, n) => (
              <li key={g.id} className="card">
                <h3 className="card__title">{t("insight.groupHeading", { n: n + 1, size: g.items.length, similarity: `${Math.round(g.similarity * 100)}%` })}</h3>
                <p className="meta">{t("insight.channels", { list: g.channels.map((c) => t(`petition.channel.${c}`)).join("、") })}</p>
                <ItemList items={g.items} idPrefix={`g${g.id}`} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="insight-method-title" className="stats-note insight-method">
        <h2 id="insight-method-title">{t("insight.methodTitle")}</h2>
        {(["what", "words", "spike", "duplicates", "limits"] as const).map((k) => (
          <p key={k}>{t(`insight.method.${k}`)}</p>
        ))}
      </section>
    </div>
  );
}
