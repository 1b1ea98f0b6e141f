// Small shared pieces of the award pages: the state badge, the schedule, the tally bars.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Time } from "~/components/Time";
import type { AwardDto, RoundState } from "~/domain/awards/types";

/** A small medal (decoration: the text next to it says what it is). */
export function Medal() {
  return (
    <svg className="aw-medal" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path fill="#a8201a" d="M6.5 1.5h4.2l2.3 5.2-3.1 2.3zM13.3 1.5h4.2l-3.4 7.5-2-2.2z" />
      <circle cx="12" cy="15" r="6.5" fill="#e8c25a" stroke="#6b4e00" strokeWidth="1.2" />
      <path fill="#6b4e00" d="M12 10.9l1.2 2.4 2.6.4-1.9 1.8.5 2.6-2.4-1.2-2.4 1.2.5-2.6-1.9-1.8 2.6-.4z" />
    </svg>
  );
}

export function StateBadge({ state }: { state: RoundState }) {
  const { t } = useTranslation();
  return (
    <span className={`aw-state aw-state--${state}`} data-state={state}>
      {t(`awards.state.${state}`)}
    </span>
  );
}

/** The three dates of a round, the current phase marked in words as well as colour. */
export function Schedule({ award }: { award: AwardDto }) {
  const { t } = useTranslation();
  const steps = [
    { key: "nominationOpensAt", at: award.nominationOpensAt, current: award.state === "nominating" },
    { key: "votingOpensAt", at: award.votingOpensAt, current: award.state === "voting" },
    { key: "votingClosesAt", at: award.votingClosesAt, current: award.state === "closed" },
  ] as const;
  return (
    <ol className="aw-schedule">
      {steps.map((s) => (
        <li key={s.key} className={s.current ? "aw-schedule__step is-current" : "aw-schedule__step"} aria-current={s.current ? "step" : undefined}>
          <span className="aw-schedule__label">{t(`awards.dates.${s.key}`)}</span>
          <Time iso={s.at} />
          {s.current ? <span className="aw-schedule__now">{t(award.state === "closed" ? "awards.dates.ended" : "awards.dates.now")}</span> : null}
        </li>
      ))}
    </ol>
  );
}

export interface BarItem {
  candidateId: string;
  name: string;
  href?: string;
  votes: number;
  rank?: number;
  winner?: boolean;
  badge?: boolean;
}

/**
 * The tally as a ranked list with plain bars: every figure is text, the bars are decoration
 * (aria-hidden), winners are named in words.
 */
export function TallyBars({ items, label }: { items: BarItem[]; label: string }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...items.map((i) => i.votes));
  return (
    <ol className="aw-bars" aria-label={label}>
      {items.map((it) => (
        <li key={it.candidateId} className={it.winner ? "aw-bar is-winner" : "aw-bar"} data-candidate-id={it.candidateId} data-votes={it.votes}>
          <span className="aw-bar__rank">{it.rank !== undefined ? t("awards.results.rank", { rank: it.rank }) : null}</span>
          <span className="aw-bar__name">
            {it.href ? <Link to={it.href}>{it.name}</Link> : it.name}
            {it.winner ? (
              <span className="badge aw-winner-badge">
                {it.badge ? <Medal /> : null}
                {it.badge ? t("awards.results.badged") : t("awards.results.winner")}
              </span>
            ) : null}
          </span>
          <span className="aw-bar__track" aria-hidden="true">
            <span className="aw-bar__fill" style={{ width: `${(it.votes / max) * 100}%` }} />
          </span>
          <span className="aw-bar__votes" data-testid="tally-votes">
            {t("awards.votes", { count: it.votes })}
          </span>
        </li>
      ))}
    </ol>
  );
}
