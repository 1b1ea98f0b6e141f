// Mailbox administration: one schema per form, used by the API, the admin pages' actions and
// the browser. Forms send strings ("" for "none", "on" for a ticked box); JSON sends real types.
import { z } from "zod";
import type { MailboxKind, Position, Tier } from "../../../db/schema/mailboxes";
import { usernameSchema } from "../auth/schemas";

export type { MailboxKind, Position, Tier };

// The same lists as db/schema/mailboxes.ts (which the browser must not import); the type
// checks below fail the build if the two ever differ.
export const tiers = ["city", "county", "town"] as const satisfies readonly Tier[];
export const mailboxKinds = ["leader", "department", "centre"] as const satisfies readonly MailboxKind[];
export const positions = ["handler", "leader"] as const satisfies readonly Position[];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const listsMatch: [Same<Tier, (typeof tiers)[number]>, Same<MailboxKind, (typeof mailboxKinds)[number]>, Same<Position, (typeof positions)[number]>] = [true, true, true];
void listsMatch;

export const MAILBOX_NAME_MAX = 100;
export const MAILBOX_NAME_EN_MAX = 200;
export const SORT_ORDER_MAX = 1_000_000;

/** 0 = city, 1 = county, 2 = town: a mailbox's parent never has a higher rank than the mailbox. */
export const tierRank: Record<Tier, number> = { city: 0, county: 1, town: 2 };

const id = z
  .union([z.string().regex(/^[1-9][0-9]{0,15}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
  .transform(Number);
/** A parent id, or none (null, or "" from a form's "no parent" option). */
const parentId = z.union([z.literal("").transform(() => null), z.null(), id]);
const flag = z.union([z.boolean(), z.enum(["true", "false", "on", "off", "1", "0"]).transform((v) => v === "true" || v === "on" || v === "1")]);
const sortOrder = z.union([
  z.number().int().min(0).max(SORT_ORDER_MAX),
  z
    .string()
    .trim()
    .regex(/^[0-9]{1,7}$/, "validation.invalid")
    .transform(Number)
    .pipe(z.number().int().min(0).max(SORT_ORDER_MAX)),
]);

const fields = {
  name: z.string().trim().min(1).max(MAILBOX_NAME_MAX),
  nameEn: z.string().trim().max(MAILBOX_NAME_EN_MAX),
  tier: z.enum(tiers),
  kind: z.enum(mailboxKinds),
  parentId,
  active: flag,
  sortOrder,
};

export const mailboxCreateSchema = z
  .object({
    ...fields,
    nameEn: fields.nameEn.optional().default(""),
    parentId: fields.parentId.optional().default(null),
    active: fields.active.optional().default(true),
    sortOrder: fields.sortOrder.optional(),
  })
  .strict();
export type MailboxCreateInput = z.infer<typeof mailboxCreateSchema>;

export const mailboxPatchSchema = z.object(fields).partial().strict();
export type MailboxPatchInput = z.infer<typeof mailboxPatchSchema>;

export const memberPositionSchema = z.object({ position: z.enum(positions) }).strict();

/** The page's "add a member" form names the user; the API's PUT names them by id in the path. */
export const memberAddSchema = z.object({ username: usernameSchema, position: z.enum(positions) });

export interface MailboxDto {
  id: string;
  name: string;
  nameEn: string;
  tier: Tier;
  kind: MailboxKind;
  parentId: string | null;
  /** The seeded tree's stable key; null for mailboxes added by an administrator. */
  slug: string | null;
  sortOrder: number;
  active: boolean;
}

export interface MailboxAdminDto extends MailboxDto {
  memberCount: number;
}

export interface MailboxMemberDto {
  userId: string;
  username: string;
  displayName: string;
  role: "citizen" | "moderator" | "official" | "admin";
  position: Position;
}

type TreeItem = { id: string; parentId: string | null; tier: Tier };

/** The name to show: the English one on English pages when there is one. */
export function mailboxName(m: { name: string; nameEn: string }, lang: string) {
  return lang === "en" && m.nameEn ? m.nameEn : m.name;
}

/** A mailbox's ancestors, nearest first (a cycle in the data cannot loop forever). */
export function ancestorsOf<T extends TreeItem>(id: string, byId: Map<string, T>): T[] {
  const out: T[] = [];
  const seen = new Set([id]);
  let p = byId.get(id)?.parentId ?? null;
  while (p !== null && !seen.has(p)) {
    const item = byId.get(p);
    if (!item) break;
    out.push(item);
    seen.add(p);
    p = item.parentId;
  }
  return out;
}

/** Ids of a mailbox's descendants (not the mailbox itself). */
export function descendantIds(id: string, items: TreeItem[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const m of items) if (m.parentId !== null) children.set(m.parentId, [...(children.get(m.parentId) ?? []), m.id]);
  const out = new Set<string>();
  const stack = [...(children.get(id) ?? [])];
  while (stack.length) {
    const next = stack.pop()!;
    if (next === id || out.has(next)) continue;
    out.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return out;
}

export interface TreeRow<T> {
  item: T;
  /** Depth among the rows of the same list (0 = top of that list). */
  depth: number;
}

export interface MailboxGroups<T> {
  city: TreeRow<T>[];
  /** One per county or district: its topmost county-tier mailbox and everything under it. */
  counties: { root: T; county: TreeRow<T>[]; town: TreeRow<T>[] }[];
  /** Town mailboxes that hang from no county (only if an administrator made them so). */
  unassigned: TreeRow<T>[];
}

/**
 * Groups the tree for display: the city tier; then per county (the topmost county-tier
 * ancestor) its county-tier and its town-tier mailboxes. Each list is in tree order (a parent
 * before its children, siblings in the input's order) with depths for indentation.
 */
export function groupMailboxTree<T extends TreeItem>(items: T[]): MailboxGroups<T> {
  const byId = new Map(items.map((m) => [m.id, m]));
  const children = new Map<string | null, T[]>();
  for (const m of items) {
    const key = m.parentId !== null && byId.has(m.parentId) ? m.parentId : null;
    children.set(key, [...(children.get(key) ?? []), m]);
  }
  // Tree order over the whole forest.
  const ordered: T[] = [];
  const seen = new Set<string>();
  const visit = (m: T) => {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    ordered.push(m);
    for (const c of children.get(m.id) ?? []) visit(c);
  };
  for (const root of children.get(null) ?? []) visit(root);
  for (const m of items) visit(m); // members of a cycle, should one ever exist

  const countyRoot = new Map<string, string | null>();
  for (const m of items) {
    if (m.tier === "city") continue;
    let top: T | null = m.tier === "county" ? m : null;
    for (const a of ancestorsOf(m.id, byId)) if (a.tier === "county") top = a;
    countyRoot.set(m.id, top?.id ?? null);
  }
  const groupOf = (m: T) => (m.tier === "city" ? "city" : `${countyRoot.get(m.id) ?? "none"}:${m.tier}`);
  const depthOf = (m: T) => ancestorsOf(m.id, byId).filter((a) => groupOf(a) === groupOf(m)).length;

  const groups: MailboxGroups<T> = { city: [], counties: [], unassigned: [] };
  const counties = new Map<string, MailboxGroups<T>["counties"][number]>();
  for (const m of ordered) {
    const row = { item: m, depth: depthOf(m) };
    if (m.tier === "city") {
      groups.city.push(row);
      continue;
    }
    const rootId = countyRoot.get(m.id) ?? null;
    if (rootId === null) {
      groups.unassigned.push(row);
      continue;
    }
    let g = counties.get(rootId);
    if (!g) {
      g = { root: byId.get(rootId)!, county: [], town: [] };
      counties.set(rootId, g);
      groups.counties.push(g);
    }
    (m.tier === "county" ? g.county : g.town).push(row);
  }
  return groups;
}
