import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Time } from "./Time";

export interface Version {
  id: string;
  title?: string;
  bodyHtml: string;
  /** When this version was written (current) or replaced (earlier ones). */
  at: string | null;
}

/** The current text of a post or opening post, then every earlier version, newest first. */
export function EditHistory({ heading, back, current, earlier }: { heading: string; back: string; current: Version; earlier: Version[] }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1>{heading}</h1>
      <p>
        <Link to={back}>{t("history.back")}</Link>
      </p>
      <section className="card stack" aria-labelledby="current">
        <h2 id="current">{t("history.current")}</h2>
        <p className="meta">{current.at ? <Time iso={current.at} /> : null}</p>
        {current.title ? <h3>{current.title}</h3> : null}
        <div className="prose" dangerouslySetInnerHTML={{ __html: current.bodyHtml }} />
      </section>
      <ol className="stack" reversed aria-label={t("history.earlier")}>
        {[...earlier].reverse().map((v) => (
          <li key={v.id} className="card">
            <p className="meta">
              {t("history.replacedAt")} {v.at ? <Time iso={v.at} /> : null}
            </p>
            {v.title ? <h3>{v.title}</h3> : null}
            <div className="prose" dangerouslySetInnerHTML={{ __html: v.bodyHtml }} />
          </li>
        ))}
      </ol>
    </div>
  );
}
