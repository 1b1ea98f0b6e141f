// The mailbox picker of the petition pages: ~250 mailboxes in <optgroup>s a citizen can scan
// (the front desk, city leaders, city departments, then per county its leaders, departments
// and towns), a text filter that narrows them, and plain-text excerpts for case lists.
// Pure and isomorphic: the server renders the same groups the browser filters.
import { ancestorsOf, groupMailboxTree, type MailboxKind, type Tier } from "./mailboxes";

export interface MailboxChoice {
  id: string;
  name: string;
  nameEn: string;
  tier: Tier;
  kind: MailboxKind;
  parentId: string | null;
}

export type ChoiceGroupKind = "cityCentres" | "cityLeaders" | "cityDepartments" | "countyLeaders" | "countyDepartments" | "countyTowns" | "unassigned";

export interface ChoiceGroup<T extends MailboxChoice = MailboxChoice> {
  /** Stable key (React key, tests). */
  key: string;
  kind: ChoiceGroupKind;
  /** The county's root mailbox, for county groups. */
  county: T | null;
  /** In tree order; depth counts ancestors inside the same group (for indentation). */
  options: { item: T; depth: number }[];
}

/**
 * Groups the tree into the picker's optgroups. City tier: front desk (top-level centres),
 * leaders, departments. Each county (topmost county-tier mailbox, in tree order): leaders, departments
 * (everything else of the county tier), towns. Towns under no county come last. Empty groups
 * are left out.
 */
export function mailboxChoiceGroups<T extends MailboxChoice>(items: T[]): ChoiceGroup<T>[] {
  const tree = groupMailboxTree(items);
  const byId = new Map(items.map((m) => [m.id, m]));
  const out: ChoiceGroup<T>[] = [];
  const push = (key: string, kind: ChoiceGroupKind, county: T | null, members: T[]) => {
    if (members.length === 0) return;
    const inGroup = new Set(members.map((m) => m.id));
    out.push({
      key,
      kind,
      county,
      options: members.map((item) => ({ item, depth: ancestorsOf(item.id, byId).filter((a) => inGroup.has(a.id)).length })),
    });
  };
  const city = tree.city.map((r) => r.item);
  // The front desk: city centres at the top of the tree (a centre under a department, like the
  // 12345 hotline, stays with that department).
  const desk = (m: T) => m.kind === "centre" && (m.parentId === null || !byId.has(m.parentId));
  push("city:centres", "cityCentres", null, city.filter(desk));
  push("city:leaders", "cityLeaders", null, city.filter((m) => m.kind === "leader"));
  push("city:departments", "cityDepartments", null, city.filter((m) => m.kind !== "leader" && !desk(m)));
  for (const g of tree.counties) {
    const county = g.county.map((r) => r.item);
    push(`${g.root.id}:leaders`, "countyLeaders", g.root, county.filter((m) => m.kind === "leader"));
    push(`${g.root.id}:departments`, "countyDepartments", g.root, county.filter((m) => m.kind !== "leader"));
    push(`${g.root.id}:towns`, "countyTowns", g.root, g.town.map((r) => r.item));
  }
  push("unassigned", "unassigned", null, tree.unassigned.map((r) => r.item));
  return out;
}

/**
 * The county's own name from its root mailbox ("源城区委书记信箱" → "源城区",
 * "Yuancheng District Party Secretary" → "Yuancheng District"); the mailbox's name when it
 * does not follow that pattern (an administrator renamed it).
 */
export function countyName(root: { name: string; nameEn: string }, lang: string): string {
  if (lang === "en" && root.nameEn) {
    const m = /^(.+?)\s+(?:Party Secretary|County Head|District Mayor)(?:'s Mailbox)?$/i.exec(root.nameEn.trim());
    return m ? m[1] : root.nameEn;
  }
  const m = /^(.+?[县区市])(?:委书记|长)信箱$/.exec(root.name.trim());
  return m ? m[1] : root.name;
}

const haystack = (m: MailboxChoice, county: string) => `${m.name} ${m.nameEn} ${county}`.toLowerCase();

/**
 * Narrows the groups to mailboxes whose Chinese or English name (or county) contains every
 * word of the query. `keepId` (the current choice) always stays, so filtering never silently
 * changes what will be sent. Depths are kept; groups left empty are dropped.
 */
export function filterChoiceGroups<T extends MailboxChoice>(groups: ChoiceGroup<T>[], query: string, keepId?: string | null): ChoiceGroup<T>[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return groups;
  return groups
    .map((g) => {
      const county = g.county ? `${countyName(g.county, "zh-CN")} ${countyName(g.county, "en")}` : "";
      return {
        ...g,
        options: g.options.filter(({ item }) => {
          if (keepId && item.id === keepId) return true;
          const h = haystack(item, county);
          return words.every((w) => h.includes(w));
        }),
      };
    })
    .filter((g) => g.options.length > 0);
}

export const countOptions = (groups: ChoiceGroup[]) => groups.reduce((n, g) => n + g.options.length, 0);

/** Markdown source → a short plain-text excerpt (links, headings, quotes, lists and tags unwrapped; whitespace collapsed). */
export function plainExcerpt(markdown: string, max = 120): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]{0,200}>/g, " ")
    .replace(/^\s{0,3}(?:#{1,6}|>|[-*+]|\d{1,3}[.)])\s+/gm, "")
    // Stars stay: in public text they are the masking of personal data (138****5678), and
    // telling them from Markdown emphasis is not worth the risk of unmasking anything.
    .replace(/`+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join("").trimEnd()}…`;
}
