import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

const sections = [
  { to: "/admin", key: "users", match: (p: string) => p === "/admin" || p.startsWith("/admin/users") },
  { to: "/admin/mailboxes", key: "mailboxes", match: (p: string) => p.startsWith("/admin/mailboxes") },
  { to: "/admin/api-keys", key: "apiKeys", match: (p: string) => p.startsWith("/admin/api-keys") },
] as const;

/** The administration's sub-navigation: users | mailboxes | API keys. */
export function AdminNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const path = pathname.replace(/\/+$/, "") || "/";
  return (
    <nav className="tabs" aria-label={t("mailboxAdmin.nav.label")}>
      <ul>
        {sections.map((s) => (
          <li key={s.key}>
            <Link to={s.to} aria-current={s.match(path) ? "page" : undefined}>
              {t(`mailboxAdmin.nav.${s.key}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
