import { useTranslation } from "react-i18next";
import type { AuthorDto, ThreadDto } from "~/domain/forum/types";

export function RoleBadge({ role }: { role: AuthorDto["role"] }) {
  const { t } = useTranslation();
  if (role === "citizen") return null;
  return <span className={role === "official" ? "badge badge--official" : "badge badge--role"}>{t(`roles.${role}`)}</span>;
}

export function ThreadBadges({ thread }: { thread: Pick<ThreadDto, "official" | "pinned" | "featured" | "locked" | "hidden"> }) {
  const { t } = useTranslation();
  return (
    <>
      {thread.pinned ? <span className="badge badge--pinned">{t("thread.pinned")}</span> : null}
      {thread.featured ? <span className="badge badge--featured">{t("thread.featured")}</span> : null}
      {thread.official ? <span className="badge badge--official">{t("thread.official")}</span> : null}
      {thread.locked ? <span className="badge badge--locked">{t("thread.locked")}</span> : null}
      {thread.hidden ? <span className="badge badge--hidden">{t("thread.hidden")}</span> : null}
    </>
  );
}
