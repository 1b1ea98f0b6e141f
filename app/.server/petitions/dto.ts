// Rows → wire shapes for cases. Personal data is masked here for every public view.
import { inArray } from "drizzle-orm";
import { mailboxes, petitionAssignments, petitions } from "../../../db/schema";
import type { MailboxRef, PetitionListItem, PetitionSummary, PublicReplyDto } from "~/domain/petitions/types";
import { lightAt, type Assignment, type CaseState, type Light } from "~/domain/petitions/workflow";
import { maskPersonalData } from "~/domain/petitions/privacy";
import type { AppServices } from "../context";
import type { Db } from "../../../db/client";
import { renderMarkdown } from "../markdown";

export type PetitionRow = typeof petitions.$inferSelect;
export type AssignmentRow = typeof petitionAssignments.$inferSelect;
type MailboxRow = typeof mailboxes.$inferSelect;

export const mailboxRef = (m: Pick<MailboxRow, "id" | "name" | "nameEn" | "tier" | "kind">): MailboxRef => ({
  id: String(m.id),
  name: m.name,
  nameEn: m.nameEn,
  tier: m.tier,
  kind: m.kind,
});

export const mailboxRefColumns = {
  id: mailboxes.id,
  name: mailboxes.name,
  nameEn: mailboxes.nameEn,
  tier: mailboxes.tier,
  kind: mailboxes.kind,
};

export async function mailboxRefs(db: Db | Parameters<Parameters<Db["transaction"]>[0]>[0], ids: number[]) {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await db.select(mailboxRefColumns).from(mailboxes).where(inArray(mailboxes.id, unique)) : [];
  return new Map(rows.map((m) => [m.id, mailboxRef(m)]));
}

/** The light of a case from its row alone (lists): the stored deadline, evaluated now or when it froze. */
export function rowLight(p: Pick<PetitionRow, "status" | "dueAt" | "warnAt" | "lightAt">, now: Date): Light {
  if (p.status === "closed" || p.status === "rejected") return "none";
  return lightAt(p.dueAt, p.warnAt, p.lightAt ?? now);
}

export function caseState(p: PetitionRow, assignments: AssignmentRow[]): CaseState {
  return {
    status: p.status,
    mailboxId: p.mailboxId,
    petitionerId: p.petitionerId,
    createdAt: p.createdAt,
    acceptedAt: p.acceptedAt,
    repliedAt: p.repliedAt,
    closedAt: p.closedAt,
    satisfaction: p.satisfaction,
    reviewRequestedAt: p.reviewRequestedAt,
    extendedDays: p.extendedDays,
    supervisionMailboxId: p.supervisionMailboxId,
    proposedOpinion: p.proposedOpinion,
    instruction: p.instruction,
    assignments: assignments.map(
      (a): Assignment => ({
        mailboxId: a.mailboxId,
        lead: a.lead,
        status: a.status,
        assignedAt: a.assignedAt,
        dueAt: a.dueAt,
        warnAt: a.warnAt,
        repliedAt: a.repliedAt,
      }),
    ),
  };
}

export function petitionSummary(p: Pick<PetitionRow, "id" | "trackingNo" | "status" | "dueAt" | "warnAt" | "lightAt" | "cosignCount">, now: Date): PetitionSummary {
  return { id: String(p.id), trackingNo: p.trackingNo, status: p.status, light: rowLight(p, now), cosignCount: p.cosignCount };
}

export function listItem(
  p: Pick<PetitionRow, "id" | "trackingNo" | "title" | "category" | "channel" | "status" | "createdAt" | "supervisionMailboxId" | "cosignCount" | "lightAt">,
  mailbox: MailboxRef,
  deadline: { dueAt: Date | null; warnAt: Date | null },
  now: Date,
): PetitionListItem {
  return {
    id: String(p.id),
    trackingNo: p.trackingNo,
    title: p.title,
    category: p.category,
    channel: p.channel,
    status: p.status,
    light: rowLight({ status: p.status, dueAt: deadline.dueAt, warnAt: deadline.warnAt, lightAt: p.lightAt }, now),
    mailbox,
    dueAt: deadline.dueAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    supervised: p.supervisionMailboxId !== null,
    cosignCount: p.cosignCount,
  };
}

/** What a published or tracked view may say: masked text, known personal values removed. */
export function masker(p: Pick<PetitionRow, "contactName" | "contactPhone" | "contactAddress">, petitionerName: string | null) {
  const knownNames = [p.contactName, petitionerName].filter((v): v is string => Boolean(v && v.trim().length >= 2));
  const knownValues = [p.contactPhone, p.contactAddress].filter((v): v is string => Boolean(v && v.trim()));
  return (text: string) => maskPersonalData(text, { knownNames, knownValues });
}

/**
 * Masks Markdown for a public view, so that what a reader sees is masked.
 *
 * Masking the source and then rendering it is not enough: the renderer reassembles what the
 * masker saw in pieces. "138**1234**5678" (emphasis splits the number), "&#49;3812345678"
 * (an entity), "138\u200B12345678" (a zero-width space), "138\.1234\.5678" (escapes) all
 * read as one phone number once rendered; and stars written into a code span showed as "\*".
 *
 * - `html`: render first, then mask what the reader sees. With raw HTML disabled,
 *   markdown-it's output is plain: tags, and text escaped with &amp; &lt; &gt; &quot; only
 *   ('<' and '>' occur only as tag delimiters). The text nodes between two block-level tags
 *   (a paragraph, list item, heading, table cell, code block) are decoded, joined across the
 *   inline tags (<strong>, <em>, <s>, <code>, <a>, <br> …) and masked as one string, so a
 *   number split by formatting is still found. The masked string is cut back into the
 *   original text nodes (the cut points are carried over by a diff of the two strings) and
 *   escaped again; tags stay as they are. However the cuts fall, the text nodes together read
 *   exactly as the masked string, so a misplaced cut can only move formatting, never reveal
 *   anything. Attribute values (href, title, alt, class) are masked too, hrefs after
 *   percent-decoding.
 * - `text` (the JSON `body`): the Markdown source, masked. Masked as it stands first (with the
 *   source's own stars set aside, so the masker's stars can be told apart); then, if
 *   undoing what the renderer would join (numeric and digit-related named entities decoded;
 *   emphasis, strikethrough and code markers and backslash escapes inside a number removed)
 *   exposes more, that normalised source is masked and returned instead.
 *
 * Both start from the source without invisible characters (zero-width spaces and joiners
 * except inside emoji sequences, soft hyphens, bidi marks), which carry no meaning in a
 * petition and could only hide data.
 */
export function maskMarkdown(mask: (s: string) => string, source: string): { text: string; html: string } {
  const clean = stripInvisible(source);
  return { text: maskMarkdownSource(mask, clean), html: maskRenderedHtml(mask, renderMarkdown(clean)) };
}

// --- maskMarkdown helpers --------------------------------------------------------------

const INVISIBLE_RE = /[\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const PICTOGRAPHIC = /^[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F]$/u;

/** Removes invisible characters, keeping a zero-width joiner between two emoji (👨‍👩‍👧). */
function stripInvisible(s: string): string {
  return s.replace(INVISIBLE_RE, (ch, at: number) => {
    if (ch !== "\u200D" || at === 0) return "";
    const low = s.charCodeAt(at - 1) >= 0xdc00 && s.charCodeAt(at - 1) <= 0xdfff && at >= 2;
    const before = String.fromCodePoint(s.codePointAt(low ? at - 2 : at - 1)!);
    const after = String.fromCodePoint(s.codePointAt(at + 1) ?? 0);
    return PICTOGRAPHIC.test(before) && PICTOGRAPHIC.test(after) ? ch : "";
  });
}

const IS_INVISIBLE = new RegExp(`^${INVISIBLE_RE.source}$`);

/** A private-use character that does not occur in `s` (one pass over `s`). */
function placeholder(s: string): string {
  const used = new Set<number>();
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xe000 && c <= 0xf8ff) used.add(c);
  }
  for (let cp = 0xe000; cp <= 0xf8ff; cp++) if (!used.has(cp)) return String.fromCharCode(cp);
  // Every one is taken (a deliberate input): a supplementary one. At worst, a star comes back
  // as the wrong kind of star; nothing is revealed.
  return "\u{F0000}";
}

/**
 * Masks `s`, setting its own stars aside first: the masker takes a star next to a number
 * or an address for one of its own (already masked) and would leave it alone.
 */
function maskOwnStars(mask: (s: string) => string, s: string): string {
  if (!s.includes("*")) return mask(s);
  const own = placeholder(s);
  return mask(s.replaceAll("*", own)).replaceAll(own, "*");
}

function maskMarkdownSource(mask: (s: string) => string, source: string): string {
  // Work with the source's own stars set aside: any "*" below is the masker's.
  const own = placeholder(source);
  const masked = mask(source.replaceAll("*", own));
  const revealed = revealHidden(masked, own);
  let out = masked;
  if (revealed !== masked) {
    const again = mask(revealed);
    // Keep the author's formatting unless normalising it exposed something.
    if (again !== revealed) out = again;
  }
  return out.replaceAll(own, "*");
}

/** Named entities that spell a separator or an invisible character. */
const NAMED_ENTITIES: Record<string, string> = {
  nbsp: " ", ensp: " ", emsp: " ", emsp13: " ", emsp14: " ", numsp: " ", puncsp: " ", thinsp: " ",
  hairsp: " ", MediumSpace: " ", ThinSpace: " ", VeryThinSpace: " ", ThickSpace: " ", NonBreakingSpace: " ",
  period: ".", hyphen: "-", dash: "-", ndash: "-", mdash: "-", minus: "-", plus: "+", commat: "@",
  lpar: "(", rpar: ")", middot: ".", centerdot: ".", CenterDot: ".",
  ZeroWidthSpace: "", NegativeVeryThinSpace: "", NegativeThinSpace: "", NegativeMediumSpace: "",
  NegativeThickSpace: "", zwj: "", zwnj: "", NoBreak: "", shy: "", lrm: "", rlm: "",
};

/** Characters an entity may be decoded to: digits, letters and what separates them. */
function revealable(cp: number): boolean {
  return (
    (cp >= 0x30 && cp <= 0x39) ||
    (cp >= 0x41 && cp <= 0x5a) ||
    (cp >= 0x61 && cp <= 0x7a) ||
    (cp >= 0xff10 && cp <= 0xff19) ||
    (cp >= 0xff21 && cp <= 0xff3a) ||
    (cp >= 0xff41 && cp <= 0xff5a) ||
    (cp <= 0xffff && " -.+@()\u00A0\u00B7\u3000\u2212\uFF0B\uFF0D\uFF0E\uFF20".includes(String.fromCharCode(cp))) ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    (cp >= 0x2010 && cp <= 0x2015)
  );
}

const ENTITY_RE = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;
function isNumeral(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= "0" && ch <= "9") || (ch >= "\uFF10" && ch <= "\uFF19"));
}

function isNumberSeparator(ch: string | undefined): boolean {
  return ch === " " || ch === "-" || ch === "." || ch === "\uFF0D" || ch === "\uFF0E";
}

const ASCII_PUNCT = /^[!-/:-@[-`{-~]$/;
const WORD_CHAR = /^[\p{Script=Han}A-Za-z0-9\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A@\uFF20]$/u;

/**
 * The source as the renderer would join it, for the masker: entities for digits, letters
 * and separators decoded (invisible ones dropped); strings of percent-escapes of digits,
 * "@", "." and "-" decoded (link targets); and runs of Markdown markers (the source's own
 * star `star`, _ ~ ` and the backslash of an escape; at most three of a kind) removed where
 * they sit in the middle of something:
 *  - inside a number: "138**1234**5678", "138 `1234` 5678", "138\\.1234\\.5678";
 *  - between two word characters: "投诉人**王小明**说", "**zhang**@example.com";
 * but only where the renderer would drop them: a backslash before punctuation, other markers
 * if the same run occurs again on the line (an emphasis pair), so "3*4米" keeps its star.
 * The masker's own stars are plain characters here, so they are never removed.
 */
function revealHidden(s: string, star: string): string {
  const markers = new Set([star, "_", "~", "`", "\\"]);
  const decoded = s.replace(ENTITY_RE, (m, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? m;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (cp > 0x10ffff) return m;
    const ch = String.fromCodePoint(cp);
    if (IS_INVISIBLE.test(ch)) return "";
    return revealable(cp) ? ch : m;
  }).replace(/(?:%(?:3[0-9]|40|2[DdEe])){2,}/g, (m) => decodeURIComponent(m)); // in link targets
  // Marker runs per line, to tell an emphasis pair from a lone star.
  const runs: { start: number; end: number; line: number }[] = [];
  const perLine = new Map<string, number>();
  let line = 0;
  for (let i = 0; i < decoded.length; ) {
    if (decoded[i] === "\n") line++;
    if (!markers.has(decoded[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < decoded.length && markers.has(decoded[j]!)) j++;
    runs.push({ start: i, end: j, line });
    const key = `${line}\u0000${decoded.slice(i, j)}`;
    perLine.set(key, (perLine.get(key) ?? 0) + 1);
    i = j;
  }
  if (runs.length === 0) return decoded;
  let out = "";
  let at = 0;
  for (const r of runs) {
    out += decoded.slice(at, r.start);
    at = r.start;
    const run = decoded.slice(r.start, r.end);
    let same = 0;
    let longest = 0;
    for (let k = 0; k < run.length; k++) {
      same = k > 0 && run[k] === run[k - 1] ? same + 1 : 1;
      longest = Math.max(longest, same);
    }
    if (longest > 3 || run.length > 6) continue;
    const prev = out[out.length - 1];
    const next = decoded[r.end];
    const numBefore = isNumeral(prev) || (isNumberSeparator(prev) && isNumeral(out[out.length - 2]));
    const numAfter = isNumeral(next) || (isNumberSeparator(next) && isNumeral(decoded[r.end + 1]));
    // A backslash before punctuation always disappears; other markers only as a pair.
    const escape = /^\\+$/.test(run) && next !== undefined && ASCII_PUNCT.test(next);
    const paired = (perLine.get(`${r.line}\u0000${run}`) ?? 0) >= 2;
    const inNumber = numBefore && numAfter && (isNumeral(prev) || isNumeral(next)) && (escape || paired);
    const inWord =
      prev !== undefined && next !== undefined && WORD_CHAR.test(prev) && WORD_CHAR.test(next) && !run.includes("\\") && paired;
    if (inNumber || inWord) at = r.end;
  }
  return out + decoded.slice(at);
}

/** Tags that do not end a run of text: a number split by them still reads as one. */
const INLINE_TAGS = new Set([
  "a", "abbr", "b", "br", "code", "del", "em", "i", "img", "ins", "kbd", "mark", "s", "small", "span", "strong", "sub", "sup", "u",
]);

function decodeHtml(s: string): string {
  return s.replace(/&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g, (m, named?: string, dec?: string, hex?: string) => {
    if (named) return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[named as "amp"];
    const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch as "&"]);
}

/** Masks the text a reader sees in rendered Markdown (see maskMarkdown). */
function maskRenderedHtml(mask: (s: string) => string, html: string): string {
  const parts = html.split(/(<[^>]*>)/); // even indices: text; odd: tags
  // Runs of text nodes that read as one, and attribute values.
  const groups: number[][] = [];
  let group: number[] = [];
  const attrs: { part: number; head: string; raw: string; value: string }[] = [];
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    if (k % 2 === 0) {
      if (part !== "") group.push(k);
      continue;
    }
    const name = /^<\/?([A-Za-z][A-Za-z0-9]*)/.exec(part)?.[1]?.toLowerCase() ?? "";
    if (!INLINE_TAGS.has(name) && group.length > 0) {
      groups.push(group);
      group = [];
    }
    for (const m of part.matchAll(ATTRIBUTE_RE)) {
      let value = decodeHtml(m[2]!);
      try {
        value = decodeURIComponent(value); // an href may spell digits as %31%33%38…
      } catch {
        // not percent-encoded: mask it as it is
      }
      attrs.push({ part: k, head: m[1]!, raw: m[2]!, value });
    }
  }
  if (group.length > 0) groups.push(group);

  const texts = groups.map((g) => g.map((k) => decodeHtml(parts[k]!)));
  const visible = texts.map((t) => t.join(""));
  const maskedText = maskAll(mask, visible.map(stripInvisible));
  groups.forEach((g, n) => {
    const masked = maskedText[n]!;
    if (masked === visible[n]) return;
    const cuts: number[] = [];
    let at = 0;
    for (const t of texts[n]!.slice(0, -1)) cuts.push((at += t.length));
    const mapped = [0, ...mapCuts(visible[n]!, masked, cuts), masked.length];
    g.forEach((k, i) => {
      parts[k] = escapeHtml(masked.slice(mapped[i], mapped[i + 1]));
    });
  });

  const maskedAttrs = maskAll(mask, attrs.map((a) => stripInvisible(a.value)));
  attrs.forEach((a, n) => {
    if (maskedAttrs[n] === a.value) return;
    parts[a.part] = parts[a.part]!.replace(`${a.head}${a.raw}"`, () => `${a.head}${escapeHtml(maskedAttrs[n]!)}"`);
  });
  return parts.join("");
}

const ATTRIBUTE_RE = /(\s[A-Za-z_:][-A-Za-z0-9_:.]*=")([^"]*)"/g;

/**
 * Masks many strings with one call: joined by a separator no detector reads across (line
 * breaks around a private-use character that occurs in none of them), then split again.
 * Falls back to one call each if the masker changed a separator (a known value that
 * spans two of them).
 */
function maskAll(mask: (s: string) => string, items: string[]): string[] {
  if (items.length > 1) {
    const sep = `\n${placeholder(items.join(""))}\n`;
    const out = maskOwnStars(mask, items.join(sep)).split(sep);
    if (out.length === items.length) return out;
  }
  return items.map((s) => maskOwnStars(mask, s));
}

const RESYNC_LIMIT = 256;
const RESYNC_LENGTH = 4;

/**
 * Carries offsets in `a` (ascending) over to `b`, where `b` is `a` with some stretches
 * replaced (masked). Walks both strings while they agree; where they differ, finds the
 * nearest point (fewest characters skipped in both) from which the next 4 characters, or the
 * rest, agree again, and spreads the offsets inside the changed stretch proportionally.
 * Linear on masked text (a changed stretch is short); past RESYNC_LIMIT it gives up and
 * spreads the rest proportionally. The result is monotone and within [0, b.length].
 */
function mapCuts(a: string, b: string, cuts: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  const agreeAt = (x: number, y: number): boolean => {
    const n = Math.min(RESYNC_LENGTH, a.length - x, b.length - y);
    if (n < RESYNC_LENGTH && a.length - x !== b.length - y) return false;
    for (let q = 0; q < n; q++) if (a[x + q] !== b[y + q]) return false;
    return true;
  };
  const spread = (c: number, i0: number, i1: number, j0: number, j1: number) =>
    i1 > i0 ? j0 + Math.floor(((c - i0) * (j1 - j0)) / (i1 - i0)) : j0;
  scan: while (out.length < cuts.length && i < a.length && j < b.length) {
    while (out.length < cuts.length && cuts[out.length]! <= i) out.push(j);
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    for (let d = 1; d <= RESYNC_LIMIT; d++) {
      for (let da = 0; da <= d; da++) {
        const db = d - da;
        if (i + da > a.length || j + db > b.length || !agreeAt(i + da, j + db)) continue;
        while (out.length < cuts.length && cuts[out.length]! < i + da) out.push(spread(cuts[out.length]!, i, i + da, j, j + db));
        i += da;
        j += db;
        continue scan;
      }
    }
    break;
  }
  while (out.length < cuts.length) out.push(spread(Math.max(cuts[out.length]!, i), i, a.length, j, b.length));
  for (let n = 0; n < out.length; n++) out[n] = Math.min(b.length, Math.max(out[n]!, n > 0 ? out[n - 1]! : 0));
  return out;
}

export function publicReplies(
  assignments: AssignmentRow[],
  mailboxesById: Map<number, MailboxRef>,
  mask: (s: string) => string,
): PublicReplyDto[] {
  return assignments
    .filter((a) => a.replyBody && a.repliedAt)
    .sort((a, b) => Number(b.lead) - Number(a.lead) || a.repliedAt!.getTime() - b.repliedAt!.getTime())
    .map((a) => {
      const body = maskMarkdown(mask, a.replyBody!);
      return { mailbox: mailboxesById.get(a.mailboxId)!, lead: a.lead, body: body.text, bodyHtml: body.html, repliedAt: a.repliedAt!.toISOString() };
    });
}

