import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ThreadDto } from "~/domain/forum/types";
import { ThreadBadges } from "./Badges";
import { Time } from "./Time";

export function ThreadList({ threads, empty }: { threads: ThreadDto[]; empty?: string }) {
  const { t } = useTranslation();
  if (threads.length === 0) return <p className="empty">{empty ?? t("thread.none")}</p>;
  return (
    <ul className="thread-list">
      {threads.map((th) => (
        <li key={th.id} className="thread-item">
          <div>
            <Link to={`/t/${th.id}`} className="thread-item__title">
              {th.title}
            </Link>{" "}
            <ThreadBadges thread={th} />
            <p className="thread-item__meta meta">
              {t("thread.byline", { name: th.author.displayName })} · {t("thread.lastActivity")} <Time iso={th.lastPostAt} />
            </p>
          </div>
          <div className="thread-item__stats">
            <strong aria-hidden="true">{th.postCount}</strong>
            <span className="meta" aria-hidden="true">
              {t("thread.replies")}
            </span>
            <span className="visually-hidden">{t("thread.replyCount", { count: th.postCount })}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
