// Site search, the pure half: what a query becomes before it reaches the database, and how a
// match is shown (a snippet with highlight ranges). Isomorphic: the page renders the ranges as
// React elements (<mark>), never as HTML.

/** Longest query kept, in characters (code points); anything longer is cut, never refused. */
export const QUERY_MAX = 100;
/** At most this many terms (space-separated words) take part in matching. */
export const TERMS_MAX = 5;
/** A query needs at least this many characters (spaces aside). */
export const QUERY_MIN = 2;
/**
 * Terms of this length or longer can use the trigram indexes (pg_trgm needs three characters
 * for a trigram inside a word). A query whose terms are all shorter is matched only against
 * the newest items of each kind (see app/.server/search/queries.ts, SHORT_WINDOW).
 */
export const INDEXED_TERM_MIN = 3;

export const searchTypes = ["thread", "post", "info", "petition", "commitment"] as const;
export type SearchType = (typeof searchTypes)[number];

export function isSearchType(v: unknown): v is SearchType {
  return typeof v === "string" && (searchTypes as readonly string[]).includes(v);
}

// C0 and C1 controls, DEL, and invisible format characters (zero-width spaces and joiners,
// bidirectional embeddings and isolates, the BOM, soft hyphen): none of them helps a search,
// and bidi controls would reorder the echoed query on the page.
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// Whitespace of any script (tabs, newlines, ideographic space U+3000, NBSP …).
const SPACE_RE = /[\s\u3000]+/gu;

export interface NormalisedQuery {
  /** The query as searched: NFKC, controls removed, spaces collapsed, cut to QUERY_MAX. */
  text: string;
  /** Distinct terms (case-folded), longest first, at most TERMS_MAX. */
  terms: string[];
  /** Characters without spaces; shorter than QUERY_MIN means "too short" (no search runs). */
  length: number;
  /** True when the input was longer than QUERY_MAX and was cut. */
  cut: boolean;
  /** True when at least one term is long enough for the trigram indexes. */
  indexed: boolean;
}

/** Code points of a string (surrogate pairs kept together). */
function codePoints(s: string): string[] {
  return Array.from(s);
}

/**
 * Trim, NFKC (full-width Latin and digits become ASCII: "ＰＭ２．５" → "PM2.5"), strip control
 * and invisible characters, collapse whitespace, cut to QUERY_MAX code points. Accepts
 * anything (non-strings become ""), never throws.
 */
export function normaliseQuery(raw: unknown): NormalisedQuery {
  let s = typeof raw === "string" ? raw : Array.isArray(raw) && typeof raw[0] === "string" ? raw[0] : "";
  // Bound the work before anything else: NFKC can grow a string, and a megabyte of input must
  // not cost more than a few kilobytes of it.
  if (s.length > QUERY_MAX * 8) s = s.slice(0, QUERY_MAX * 8);
  s = s.normalize("NFKC").replace(CONTROL_RE, "").replace(SPACE_RE, " ").trim();
  const cps = codePoints(s);
  const cut = cps.length > QUERY_MAX || (typeof raw === "string" && raw.length > QUERY_MAX * 8);
  if (cps.length > QUERY_MAX) s = cps.slice(0, QUERY_MAX).join("").trim();
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const w of s.split(" ")) {
    const t = foldCase(w);
    if (t && !seen.has(t)) {
      seen.add(t);
      terms.push(t);
    }
  }
  terms.sort((a, b) => codePoints(b).length - codePoints(a).length);
  const kept = terms.slice(0, TERMS_MAX);
  const length = codePoints(s.replace(/ /g, "")).length;
  return { text: s, terms: kept, length, cut, indexed: kept.some((t) => codePoints(t).length >= INDEXED_TERM_MIN) };
}

/**
 * Lower case, one UTF-16 unit for one: a character whose lower case has another length
 * (İ → i̇) stays as it is, so offsets found in a folded string are offsets in the original.
 */
export function foldCase(s: string): string {
  let out = "";
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/** Escapes a term for SQL LIKE/ILIKE with the default escape character (backslash). */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");
}

// ---------------------------------------------------------------- plain text of Markdown

/**
 * A readable one-line text of a Markdown source, for snippets: links and images keep their
 * text, emphasis, heading, quote, list and code markers go, whitespace collapses. Not a
 * renderer; what remains is shown as text (React escapes it).
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(CONTROL_RE, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/```[^\n]*|`+/g, "")
    .replace(/(\*\*|__|~~|\*)(?=\S)([\s\S]*?\S)\1/g, "$2")
    .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

// ---------------------------------------------------------------- highlights and snippets

/** [start, end) in UTF-16 code units of the text it belongs to. */
export type Range = [number, number];

export interface Highlighted {
  text: string;
  ranges: Range[];
}

/** Sorted, merged ranges. */
function merge(ranges: Range[]): Range[] {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Every case-insensitive occurrence of every term in `text`, merged. */
export function findRanges(text: string, terms: string[], maxRanges = 50): Range[] {
  const folded = foldCase(text);
  const out: Range[] = [];
  for (const term of terms) {
    if (!term) continue;
    let from = 0;
    while (out.length < maxRanges * 4) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      out.push([at, at + term.length]);
      from = at + term.length;
    }
  }
  return merge(out).slice(0, maxRanges);
}

/** The trigrams pg_trgm would take from one word ("  w", " wo", …, "rd "). */
function trigrams(word: string): Set<string> {
  const cps = codePoints(`  ${word} `);
  const out = new Set<string>();
  for (let i = 0; i + 2 < cps.length; i++) out.add(cps[i] + cps[i + 1] + cps[i + 2]);
  return out;
}

/** pg_trgm's similarity of two single words (shared trigrams over all trigrams). */
export function wordSimilarity(a: string, b: string): number {
  const ta = trigrams(foldCase(a));
  const tb = trigrams(foldCase(b));
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  const all = ta.size + tb.size - shared;
  return all ? shared / all : 0;
}

const WORD_RE = /[\p{L}\p{N}]+/gu;

const HAN_RE = /\p{Script=Han}/u;

/**
 * A Chinese term's three-character pieces, for typo tolerance where words have no boundaries:
 * "公交线录" (a slip for 公交线路) → 公交线, 交线录. Terms of 4+ characters with a Han character
 * only (a 3-character term is a single piece: a slip in it leaves nothing to match).
 */
export function hanPieces(term: string): string[] {
  const cps = codePoints(term);
  if (cps.length < 4 || !HAN_RE.test(term)) return [];
  const out: string[] = [];
  for (let i = 0; i + 3 <= cps.length; i++) out.push(cps.slice(i, i + 3).join(""));
  return [...new Set(out)];
}

/** How many of a term's pieces a look-alike needs: half of them, rounded up. */
export const piecesNeeded = (pieces: string[]) => Math.ceil(pieces.length / 2);

/**
 * For a typo-tolerant match, where the exact terms do not occur: the words of `text` that look
 * like a Latin term (trigram similarity ≥ 0.4), and the occurrences of a Chinese term's pieces.
 */
export function findFuzzyRanges(text: string, terms: string[], maxRanges = 20): Range[] {
  const latin = terms.filter((t) => /^[\p{Script=Latin}\p{N}]+$/u.test(t) && t.length >= 3);
  const pieces = terms.flatMap(hanPieces);
  const out: Range[] = pieces.length ? findRanges(text, pieces, maxRanges) : [];
  if (!latin.length) return out;
  for (const m of text.matchAll(WORD_RE)) {
    if (out.length >= maxRanges) break;
    const w = m[0];
    if (w.length < 3 || w.length > 40) continue;
    if (latin.some((t) => wordSimilarity(t, w) >= 0.4)) out.push([m.index!, m.index! + w.length]);
  }
  return merge(out);
}

/** Ranges of exact occurrences, or, failing that, of look-alike words. */
export function highlight(text: string, terms: string[]): Highlighted {
  const exact = findRanges(text, terms);
  return { text, ranges: exact.length ? exact : findFuzzyRanges(text, terms) };
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Moves an index off the middle of a surrogate pair. */
function safeIndex(s: string, i: number): number {
  if (i <= 0) return 0;
  if (i >= s.length) return s.length;
  return isLowSurrogate(s.charCodeAt(i)) ? i - 1 : i;
}

export const SNIPPET_LENGTH = 140;

/**
 * A window of about `length` UTF-16 units of `text` around its first match, with "…" where
 * it was cut, and the highlight ranges inside the window. Never splits a surrogate pair.
 */
export function snippet(text: string, terms: string[], length = SNIPPET_LENGTH): Highlighted {
  const ranges = highlight(text, terms).ranges;
  if (text.length <= length) return { text, ranges };
  const first = ranges[0]?.[0] ?? 0;
  let start = safeIndex(text, Math.max(0, first - Math.floor(length / 4)));
  let end = safeIndex(text, Math.min(text.length, start + length));
  if (end === text.length) start = safeIndex(text, Math.max(0, end - length));
  const pre = start > 0 ? "…" : "";
  const post = end < text.length ? "…" : "";
  const shift = pre.length - start;
  const inside: Range[] = [];
  for (const [a, b] of ranges) {
    if (b <= start || a >= end) continue;
    inside.push([Math.max(a, start) + shift, Math.min(b, end) + shift]);
  }
  return { text: pre + text.slice(start, end) + post, ranges: inside };
}

/** Splits a highlighted text into plain and marked pieces, in order (for rendering). */
export function segments(h: Highlighted): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [a0, b0] of merge(h.ranges)) {
    const a = Math.max(at, Math.min(a0, h.text.length));
    const b = Math.min(b0, h.text.length);
    if (b <= a) continue;
    if (a > at) out.push({ text: h.text.slice(at, a), mark: false });
    out.push({ text: h.text.slice(a, b), mark: true });
    at = b;
  }
  if (at < h.text.length) out.push({ text: h.text.slice(at), mark: false });
  return out;
}
