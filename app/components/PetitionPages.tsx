// Building blocks of the citizens' petition pages (/petitions/new, /track, /petitions, the home
// block and the thread banner): the mailbox picker, the one-time code box, published-case cards.
import { Link, useFetcher } from "@remix-run/react";
import { forwardRef, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PetitionSummary, PublicPetitionDto } from "~/domain/petitions/types";
import {
  countOptions,
  countyName,
  filterChoiceGroups,
  mailboxChoiceGroups,
  plainExcerpt,
  type ChoiceGroup,
  type MailboxChoice,
} from "~/domain/petitions/mailbox-groups";
import { mailboxName } from "~/domain/petitions/mailboxes";
import { useHydrated } from "~/realtime/useHydrated";
import { describedByNotes, FieldNotes } from "./Field";
import { LightBadge, MailboxName, StatusBadge } from "./Petitions";
import { Time } from "./Time";

export function useGroupLabel() {
  const { t, i18n } = useTranslation();
  return (g: ChoiceGroup) =>
    t(`petitionPages.form.groups.${g.kind}`, { county: g.county ? countyName(g.county, i18n.language) : "" });
}

/**
 * The mailbox <select>, in optgroups by tier and county. When JavaScript runs, a text box above
 * it narrows the options (the current choice always stays). Works as a plain select without JS.
 */
export function MailboxPicker({
  id,
  name,
  label,
  items,
  defaultValue,
  placeholder,
  hint,
  error,
  required,
}: {
  id: string;
  name: string;
  label: string;
  items: MailboxChoice[];
  defaultValue: string;
  placeholder: string;
  hint?: string;
  error?: string;
  required?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  const groupLabel = useGroupLabel();
  const known = items.some((m) => m.id === defaultValue);
  const [value, setValue] = useState(known ? defaultValue : "");
  const [query, setQuery] = useState("");
  const groups = useMemo(() => mailboxChoiceGroups(items), [items]);
  const shown = useMemo(() => filterChoiceGroups(groups, query, value), [groups, query, value]);
  const matches = query.trim() ? countOptions(filterChoiceGroups(groups, query)) : null;
  const describedBy = describedByNotes(id, hint, error);
  return (
    <div className="pp-picker">
      {hydrated ? (
        <div className="field">
          <label htmlFor={`${id}-filter`}>{t("petitionPages.form.filter")}</label>
          <input
            id={`${id}-filter`}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            aria-describedby={`${id}-filter-hint ${id}-filter-count`}
            aria-controls={id}
            autoComplete="off"
            enterKeyHint="search"
            onKeyDown={(e) => {
              // Enter in the filter must not send the whole form.
              if (e.key === "Enter") {
                e.preventDefault();
                document.getElementById(id)?.focus();
              }
            }}
          />
          <p className="field__hint" id={`${id}-filter-hint`}>
            {t("petitionPages.form.filterHint")}
          </p>
          <p className="field__hint pp-picker__count" id={`${id}-filter-count`} role="status" aria-live="polite">
            {matches === null ? "" : matches === 0 ? t("petitionPages.form.filterNone") : t("petitionPages.form.filterCount", { count: matches })}
          </p>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          name={name}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        >
          <option value="">{placeholder}</option>
          {shown.map((g) => (
            <optgroup key={g.key} label={groupLabel(g)}>
              {g.options.map(({ item, depth }) => (
                <option key={item.id} value={item.id}>
                  {"\u00a0\u00a0\u00a0".repeat(depth)}
                  {mailboxName(item, i18n.language)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <FieldNotes id={id} hint={hint} error={error} />
      </div>
    </div>
  );
}

/** A labelled select of the fixed classification. */
export function CategorySelect({
  id,
  name,
  label,
  categories,
  defaultValue,
  placeholder,
  error,
  required,
}: {
  id: string;
  name: string;
  label: string;
  categories: readonly string[];
  defaultValue: string;
  placeholder: string;
  error?: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByNotes(id, undefined, error)}
      >
        <option value="">{placeholder}</option>
        {categories.map((c) => (
          <option key={c} value={c}>
            {t(`petition.category.${c}`)}
          </option>
        ))}
      </select>
      <FieldNotes id={id} error={error} />
    </div>
  );
}

/** A field-error summary that takes focus after a failed submit; each line links to its field. */
export const ErrorSummary = forwardRef<HTMLDivElement, { title: string; message?: string | null; fields: { id: string; text: string }[] }>(
  function ErrorSummary({ title, message, fields }, ref) {
    if (!message && fields.length === 0) return null;
    return (
      <div className="form-error pp-error-summary" role="alert" tabIndex={-1} ref={ref}>
        {fields.length ? (
          <>
            <p className="pp-error-summary__title">{title}</p>
            <ul>
              {fields.map((f) => (
                <li key={f.id}>
                  <a
                    href={`#${f.id}`}
                    onClick={(e) => {
                      // Move focus into the field itself, not just scroll to it.
                      const el = document.getElementById(f.id);
                      if (!el) return;
                      e.preventDefault();
                      el.scrollIntoView({ block: "center" });
                      el.focus({ preventScroll: true });
                    }}
                  >
                    {f.text}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{message}</p>
        )}
      </div>
    );
  },
);

/** A code shown large, with a copy button once JavaScript runs. */
export function CodeBox({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [note, setNote] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setNote(t("petitionPages.done.copied", { what: label }));
    } catch {
      // Older browsers or an insecure origin: select the text so the user can copy it by hand.
      const el = document.querySelector(`[data-testid="${testId}"]`);
      const range = document.createRange();
      if (el) {
        range.selectNodeContents(el);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      setNote(t("petitionPages.done.copyFailed"));
    }
  };
  return (
    <div className="pp-code">
      <dt className="pp-code__label">{label}</dt>
      <dd className="pp-code__row">
        <span className="pp-code__value" data-testid={testId} translate="no">
          {value}
        </span>
        {hydrated ? (
          <button type="button" className="btn btn--secondary pp-code__copy" onClick={copy} aria-label={t("petitionPages.done.copyLabel", { what: label })}>
            {t("petitionPages.done.copy")}
          </button>
        ) : null}
        <span className="pp-code__note" role="status" aria-live="polite">
          {note}
        </span>
      </dd>
    </div>
  );
}

/** One published case in a list: masked title, excerpt, where it went, and the lead reply. */
export function PublicCaseCard({ item, headingLevel = 3, linkRef }: { item: PublicPetitionDto; headingLevel?: 2 | 3; linkRef?: (el: HTMLAnchorElement | null) => void }) {
  const { t, i18n } = useTranslation();
  const H = headingLevel === 2 ? "h2" : "h3";
  const lead = item.replies[0] ?? null;
  return (
    <article className="pp-case">
      <H className="pp-case__title">
        <Link to={`/petitions/${item.id}`} ref={linkRef}>
          {item.title}
        </Link>
      </H>
      <p className="pp-case__meta meta">
        <StatusBadge status={item.status} />
        <span>{t(`petition.category.${item.category}`)}</span>
        <span>
          <MailboxName mailbox={item.mailbox} />
        </span>
        <span>
          <Time iso={item.createdAt} />
        </span>
      </p>
      <p className="pp-case__excerpt">{plainExcerpt(item.body, 110)}</p>
      {lead ? (
        <p className="pp-case__reply">
          <strong>{t("petitionPages.list.repliedBy", { mailbox: mailboxName(lead.mailbox, i18n.language) })}</strong> {plainExcerpt(lead.body, 90)}
        </p>
      ) : (
        <p className="pp-case__reply pp-case__reply--none meta">{t("petitionPages.list.awaiting")}</p>
      )}
    </article>
  );
}

/**
 * The thread page's banner once a discussion has become a letter: tracking number, status,
 * light and co-signatures (live through `thread:updated`), a co-sign button for signed-in
 * readers other than the petitioner, and the link to the case. Without a letter, the author or
 * a moderator gets the "turn into a letter" link instead.
 */
export function PetitionBanner({
  thread,
  viewerId,
  moderator,
  cosigned,
  cosignError,
}: {
  thread: { id: string; section: string; author: { id: string }; petition: PetitionSummary | null };
  viewerId: string | null;
  moderator: boolean;
  cosigned: boolean;
  cosignError?: string | null;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ cosign?: { cosigned: boolean; cosignCount: number }; cosignError?: { message: string } }>();
  const p = thread.petition;
  if (!p) {
    const may = thread.section === "forum" && viewerId !== null && (viewerId === thread.author.id || moderator);
    if (!may) return null;
    return (
      <div className="pp-convert" data-testid="petition-convert">
        <Link to={`/petitions/new?thread=${thread.id}`} className="btn btn--secondary btn--small">
          {t("petitionPages.banner.convert")}
        </Link>
        <span className="meta">{t("petitionPages.banner.convertHint")}</span>
      </div>
    );
  }
  const done = cosigned || fetcher.data?.cosign?.cosigned === true || fetcher.state !== "idle";
  const error = fetcher.data?.cosignError?.message ?? cosignError ?? null;
  const isPetitioner = viewerId !== null && viewerId === thread.author.id;
  return (
    <section className="pp-banner" data-testid="petition-banner" role="status" aria-live="polite" aria-label={t("petitionPages.banner.label")}>
      <div className="pp-banner__main">
        <p className="pp-banner__title">
          <span className="pp-banner__icon" aria-hidden="true">
            ✉
          </span>
          {t("petitionPages.banner.converted")}
        </p>
        <p className="pp-banner__facts">
          <span>
            {t("petition.trackingNo")} <span className="pp-mono">{p.trackingNo}</span>
          </span>
          <StatusBadge status={p.status} />
          <LightBadge light={p.light} />
          <span className="pp-banner__count" data-testid="cosign-count">
            {t("petition.cosigns", { count: p.cosignCount })}
          </span>
        </p>
        {error ? <p className="field__error">{error}</p> : null}
      </div>
      <div className="pp-banner__actions">
        {viewerId === null ? (
          <Link to={`/login?next=${encodeURIComponent(`/t/${thread.id}`)}`} className="btn btn--secondary btn--small">
            {t("petitionPages.banner.loginToCosign")}
          </Link>
        ) : isPetitioner ? null : done ? (
          <span className="pp-banner__done">
            <span aria-hidden="true">✓</span> {t("petitionPages.banner.cosigned")}
          </span>
        ) : (
          <fetcher.Form method="post" action={`/t/${thread.id}`}>
            <input type="hidden" name="intent" value="cosign" />
            <button type="submit" className="btn btn--primary btn--small" aria-label={t("petitionPages.banner.cosignLabel")}>
              {t("petitionPages.banner.cosign")}
            </button>
          </fetcher.Form>
        )}
        <Link to={`/petitions/${p.id}`} className="btn btn--secondary btn--small">
          {t("petitionPages.banner.viewCase")}
        </Link>
      </div>
    </section>
  );
}

/** The home page's Public Servant Mailbox block: what it is, write / track, the latest replies. */
export function HomeMailbox({ replied }: { replied: PublicPetitionDto[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="pp-home" aria-labelledby="pp-home-title">
      <div className="pp-home__intro">
        <h2 className="section-title" id="pp-home-title">
          {t("petitionPages.home.title")}
        </h2>
        <p>{t("petitionPages.home.lead")}</p>
        <ul className="pp-home__facts">
          <li>
            <strong>15</strong> <span>{t("petitionPages.home.accept")}</span>
          </li>
          <li>
            <strong>60</strong> <span>{t("petitionPages.home.answer")}</span>
          </li>
          <li>
            <strong>3</strong> <span>{t("petitionPages.home.tiers")}</span>
          </li>
        </ul>
        <p className="meta">{t("petitionPages.home.limits")}</p>
        <div className="row pp-cta">
          <Link to="/petitions/new" className="btn btn--primary pp-cta__btn">
            {t("petitionPages.write")}
          </Link>
          <Link to="/track" className="btn btn--secondary pp-cta__btn">
            {t("petitionPages.track")}
          </Link>
        </div>
      </div>
      <div className="pp-home__latest">
        <h3 className="pp-home__subtitle">{t("petitionPages.home.latest")}</h3>
        {replied.length ? (
          <ol className="pp-home__list">
            {replied.map((p) => {
              const lead = p.replies[0];
              return (
                <li key={p.id}>
                  <Link to={`/petitions/${p.id}`} className="pp-home__case">
                    {p.title}
                  </Link>
                  <p className="meta">
                    {t("petitionPages.home.repliedBy", { mailbox: mailboxName(lead.mailbox, i18n.language) })} <Time iso={lead.repliedAt} />
                  </p>
                  <p className="pp-home__excerpt">{plainExcerpt(lead.body, 70)}</p>
                </li>
              );
            })}
          </ol>
        ) : (
          <p className="meta">{t("petitionPages.home.none")}</p>
        )}
        <p>
          <Link to="/petitions">{t("petitionPages.home.more")}</Link>
        </p>
      </div>
    </section>
  );
}
