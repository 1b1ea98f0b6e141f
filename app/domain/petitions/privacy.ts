/**
 * Masking personal data (个人信息脱敏) in petition text before it is shown publicly
 * (published cases, the anonymous tracking page).
 *
 * Pure and isomorphic: no Node or DOM APIs, no clock, no regex lookbehind (older Safari
 * cannot parse it). Never throws. Every scan is linear in the input: digit groups, e-mail
 * addresses and names are found by hand-written loops, and the few regexes that remain use
 * only bounded quantifiers, so there is no catastrophic backtracking on any input.
 *
 * Masking style: one star per hidden character, so the shape of the text is kept (except
 * knownValues, which always become `***`).
 *
 *   mobile     138-1234-5678, +86 13812345678  ->  138****5678, +86 138****5678
 *              (also 1381 234 5678, 138.1234.5678, 138 - 1234 - 5678, TEL13812345678)
 *   landline   0762-3388123, 07623388123       ->  0762-****123 (area code + last 3)
 *   ID number  44160219881231000X (18 or 15)   ->  4416************0X (first 4 + last 2)
 *   bank card  6222 0212 3456 7894 (16–19)     ->  ************7894 (last 4)
 *   e-mail     zhangwei@example.com            ->  z***@example.com
 *   address    大同路88号3栋2单元501室          ->  大同路**号*栋*单元***室
 *   name       我叫张伟, 欧阳明华先生           ->  我叫张*, 欧阳**先生 (surname kept)
 *              投诉人王小明说, 王小明反映        ->  投诉人王**说, 王**反映
 *   knownValue any exact string                ->  ***
 *
 * Addresses keep their coarse part (district, town/street, road, village, estate) and
 * star every digit, Latin letter and Chinese numeral of the house-level detail, keeping
 * the unit words (号/栋/单元/室…). For addresses the reported span is that detail only.
 *
 * Numbers fail closed: letters before a number do not exempt it (only our own tracking
 * number shape HY + 14 digits is skipped), an ID number needs a province code and a
 * plausible birth date but not a correct check digit, and invisible characters (zero-width
 * spaces and joiners, soft hyphens, bidi marks, variation selectors) inside a number are
 * ignored, so "138\u200B12345678" is still found.
 *
 * Overlaps: the longer match wins; on equal spans the more specific kind wins (so a
 * knownValue that is itself a phone number is masked like a phone number). If a match
 * only partly overlaps one already taken, its uncovered remainder is starred out
 * entirely rather than dropped (fail closed).
 */

export type PersonalDataKind = "name" | "phone" | "id_number" | "email" | "address" | "bank_card" | "known";

export interface MaskOptions {
  /** Names to mask wherever they appear: the petitioner's display name, a contact name. */
  knownNames?: string[];
  /** Other exact strings from a form (contact phone, address): masked as `***`, or by their kind's rule. */
  knownValues?: string[];
}

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

/** Returns the text with personal data masked. Pure; never throws; linear-ish time on any input. */
export function maskPersonalData(text: string, opts?: MaskOptions): string {
  if (typeof text !== "string") return "";
  try {
    // A single pass is stable for everything the detectors produce, but a kept fragment
    // (e.g. the last 4 digits of a phone) could in theory complete some knownValue. Repeat
    // until nothing changes so that masking is always idempotent.
    let current = text;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const next = maskOnce(current, opts);
      if (next === current) break;
      current = next;
    }
    return current;
  } catch {
    // Should be unreachable. Fail closed: better an over-masked text than a leaked number.
    return text.replace(/[0-9\uFF10-\uFF19]/g, "*");
  }
}

/** For tests and the UI: what kinds were found, as UTF-16 offsets into `text`. */
export function findPersonalData(text: string, opts?: MaskOptions): PersonalDataMatch[] {
  if (typeof text !== "string" || text === "") return [];
  try {
    return resolve(text, collect(text, opts)).map(({ kind, start, end }) => ({ kind, start, end }));
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------
// Pipeline

const MAX_PASSES = 4;

interface Candidate {
  kind: PersonalDataKind;
  start: number;
  end: number;
  /** What replaces text.slice(start, end). */
  replacement: string;
}

/** Equal-length overlaps go to the more specific kind. */
const PRIORITY: Record<PersonalDataKind, number> = {
  id_number: 6,
  bank_card: 5,
  phone: 4,
  email: 3,
  address: 2,
  name: 1,
  known: 0,
};

function maskOnce(text: string, opts?: MaskOptions): string {
  if (text === "") return text;
  const spans = resolve(text, collect(text, opts));
  if (spans.length === 0) return text;
  let out = "";
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.replacement;
    at = s.end;
  }
  return out + text.slice(at);
}

function collect(text: string, opts?: MaskOptions): Candidate[] {
  // Detection runs on a same-length copy with full-width forms folded to ASCII
  // (１３８… → 138…, ＠ → @), so offsets are shared and kept characters come from `text`.
  const t = normalize(text);
  const out: Candidate[] = [];
  detectNumbers(text, t, out);
  detectEmails(text, t, out);
  detectAddresses(text, t, out);
  detectNames(text, t, out);
  detectKnown(text, t, opts, out);
  return out;
}

/** Picks non-overlapping spans, longest first; returns them sorted by start. */
function resolve(text: string, candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || PRIORITY[b.kind] - PRIORITY[a.kind] || a.start - b.start,
  );
  const taken = new Uint8Array(text.length);
  const out: Candidate[] = [];
  for (const c of sorted) {
    let free = 0;
    for (let i = c.start; i < c.end; i++) if (taken[i] === 0) free++;
    if (free === 0) continue;
    if (free === c.end - c.start) {
      out.push(c);
      taken.fill(1, c.start, c.end);
      continue;
    }
    // Partial overlap: star out what the winner did not cover.
    let i = c.start;
    while (i < c.end) {
      if (taken[i] === 1) {
        i++;
        continue;
      }
      let j = i;
      while (j < c.end && taken[j] === 0) j++;
      out.push({ kind: c.kind, start: i, end: j, replacement: starAll(text.slice(i, j)) });
      taken.fill(1, i, j);
      i = j;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------
// Character helpers

function normalize(text: string): string {
  // Every replacement is one UTF-16 unit for one, so offsets do not move. Full-width forms
  // become ASCII; the many Unicode spaces become " "; dashes "-"; middle dots ".".
  return text.replace(/[\uFF01-\uFF5E\u3000\u00A0\u2000-\u200A\u202F\u205F\u2010-\u2015\u2212\u00B7\u30FB\uFF65]/g, (ch) => {
    const c = ch.charCodeAt(0);
    if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
    if (c === 0x00b7 || c === 0x30fb || c === 0xff65) return ".";
    if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212) return "-";
    return " ";
  });
}

/**
 * Characters that take no room on screen: zero-width space / (non-)joiner, word joiner, BOM,
 * soft hyphen, bidi marks and isolates, invisible operators, variation selectors, the
 * combining keycap. Inside a number they are skipped, so they cannot hide it.
 */
const INVISIBLE_RE = /^[\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFE00-\uFE0F\uFEFF\u20E3]$/;

function isInvisible(ch: string | undefined): boolean {
  return ch !== undefined && INVISIBLE_RE.test(ch);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

function isAsciiLetter(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z"));
}

function isAsciiAlnum(ch: string | undefined): boolean {
  return isDigit(ch) || isAsciiLetter(ch);
}

const HAN = /^\p{Script=Han}$/u;

function isHan(ch: string | undefined): boolean {
  return ch !== undefined && HAN.test(ch);
}

/** The code point starting at i (a surrogate pair counts as one), or undefined. */
function codePointAt(s: string, i: number): { ch: string; len: number } | undefined {
  const cp = s.codePointAt(i);
  if (cp === undefined) return undefined;
  const len = cp > 0xffff ? 2 : 1;
  return { ch: s.slice(i, i + len), len };
}

/** The code point ending just before i, or undefined. */
function codePointBefore(s: string, i: number): { ch: string; start: number } | undefined {
  if (i <= 0) return undefined;
  const lo = s.charCodeAt(i - 1);
  if (i >= 2 && lo >= 0xdc00 && lo <= 0xdfff) {
    const hi = s.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return { ch: s.slice(i - 2, i), start: i - 2 };
  }
  return { ch: s.slice(i - 1, i), start: i - 1 };
}

/** Stars every character except whitespace. */
function starAll(s: string): string {
  let out = "";
  for (const ch of s) out += /\s/.test(ch) ? ch : "*";
  return out;
}

// ---------------------------------------------------------------------------------------
// Numbers: mobiles, landlines, resident ID numbers, bank cards
//
// The text is cut into maximal digit runs (invisible characters between two digits do not
// end a run); runs separated by a space, a dot or a dash, optionally with up to three spaces
// around it (or by ")" after "(area code"), form a chain, e.g. "138-1234-5678",
// "138 - 1234 - 5678", "138.1234.5678" or "6222 0212 3456 7890". Every sub-chain of up to
// 5 runs and 20 digits is classified. A sub-chain always starts and ends on run
// boundaries, so no match ever begins or ends inside a longer number. Dates (2026-11-27,
// 2026.11.27), times (07:30), amounts (3.5亿元, 1,380.00) and route names (K12路) never
// reach the length or the shape of a phone, ID or card number.

interface DigitRun {
  start: number;
  /** Just after the last digit. */
  end: number;
  /** How many digits (end - start, less any invisible characters in between). */
  len: number;
}

const MAX_RUNS = 5;
const MAX_DIGITS = 20;

function detectNumbers(text: string, t: string, out: Candidate[]): void {
  const runs: DigitRun[] = [];
  for (let i = 0; i < t.length; ) {
    if (!isDigit(t[i])) {
      i++;
      continue;
    }
    const start = i;
    let len = 0;
    let end = i;
    while (i < t.length) {
      if (isDigit(t[i])) {
        len++;
        end = ++i;
        continue;
      }
      // Skip invisible characters only if a digit follows; each character is looked at
      // at most twice, so this stays linear.
      let k = i;
      while (k < t.length && isInvisible(t[k])) k++;
      if (k === i || !isDigit(t[k])) break;
      i = k;
    }
    runs.push({ start, end, len });
    i = end;
  }

  let c0 = 0;
  while (c0 < runs.length) {
    let c1 = c0;
    while (c1 + 1 < runs.length && joinable(t, runs[c1]!, runs[c1 + 1]!)) c1++;
    for (let i = c0; i <= c1; i++) {
      // Our own tracking number (HY20261127000123) is not personal data. Any other letters
      // before a number (TEL13812345678, NO441602…) do not exempt it: fail closed.
      if (isTrackingNumber(t, runs[i]!)) continue;
      const lens: number[] = [];
      let total = 0;
      for (let j = i; j <= c1 && j < i + MAX_RUNS; j++) {
        const run = runs[j]!;
        total += run.len;
        if (total > MAX_DIGITS) break;
        lens.push(run.len);
        // The shortest kind is a 10-digit landline (3-digit area code + 7 digits).
        if (total >= 10) classifyNumber(text, t, runs, i, j, lens, out);
      }
    }
    c0 = c1 + 1;
  }
}

/** " ", "-", ".", " - ", "  .  ": one optional separator with up to three spaces each side. */
const GAP_RE = /^(?: {1,3}| {0,3}[-.] {0,3})$/;
const MAX_GAP = 16;

function joinable(t: string, a: DigitRun, b: DigitRun): boolean {
  const gapLen = b.start - a.end;
  if (gapLen < 1 || gapLen > MAX_GAP) return false;
  let gap = "";
  for (let k = a.end; k < b.start; k++) if (!isInvisible(t[k])) gap += t[k];
  if (GAP_RE.test(gap)) return true;
  // "(0762)3388123", "(0762) 3388123"
  return (gap === ")" || gap === ") " || gap === ")-") && t[a.start - 1] === "(";
}

/** HY + exactly 14 digits, the shape of our tracking numbers (service.ts newTrackingNo). */
function isTrackingNumber(t: string, run: DigitRun): boolean {
  if (run.len !== 14 || run.end - run.start !== 14 || run.start < 2) return false;
  const prefix = t.slice(run.start - 2, run.start);
  return (prefix === "HY" || prefix === "hy") && !isAsciiLetter(t[run.start - 3]);
}

function classifyNumber(
  text: string,
  t: string,
  runs: DigitRun[],
  i: number,
  j: number,
  lens: number[],
  out: Candidate[],
): void {
  const first = runs[i]!;
  const last = runs[j]!;
  let digits = "";
  for (let k = i; k <= j; k++) for (let x = runs[k]!.start; x < runs[k]!.end; x++) if (isDigit(t[x])) digits += t[x];
  const shape = lens.join(",");
  // Offsets of the sub-chain's digits, so kept digits are copied from the original text.
  const pos = (): number[] => {
    const p: number[] = [];
    for (let k = i; k <= j; k++) for (let x = runs[k]!.start; x < runs[k]!.end; x++) if (isDigit(t[x])) p.push(x);
    return p;
  };
  const keep = (p: number[]): string => p.map((x) => text[x]).join("");

  // Mobile: 1[3-9]x xxxx xxxx, optionally after a country code (+86, 0086, 86), in at most
  // three groups of three or more digits (3-4-4, 4-3-4, 3-8, 7-4 …).
  const mobile = (d: string, l: string): boolean => mobileShape(l) && /^1[3-9][0-9]{9}$/.test(d);
  let prefixLen = -1;
  if (mobile(digits, shape)) prefixLen = 0;
  else if (lens.length > 1 && (digits.startsWith("86") ? lens[0] === 2 : digits.startsWith("0086") && lens[0] === 4)) {
    if (mobile(digits.slice(lens[0]), lens.slice(1).join(","))) prefixLen = lens[0]!;
  } else if (lens.length === 1) {
    let cc = 0;
    if (digits.length === 13 && digits.startsWith("86")) cc = 2;
    else if (digits.length === 15 && digits.startsWith("0086")) cc = 4;
    if (cc > 0 && mobile(digits.slice(cc), "11")) prefixLen = cc;
  }
  if (prefixLen >= 0) {
    const p = pos();
    const start = prefixLen > 0 && t[first.start - 1] === "+" ? first.start - 1 : first.start;
    const m = p.slice(prefixLen);
    out.push({
      kind: "phone",
      start,
      end: last.end,
      replacement: text.slice(start, m[0]) + keep(m.slice(0, 3)) + "****" + keep(m.slice(-4)),
    });
  }

  // Landline: 0 + area code (010 and 02x have 3 digits, others 4) + 7–8 digit local number.
  if (digits[0] === "0" && digits[1] !== "0" && lens.length <= 2) {
    const areaLen = digits[1] === "1" || digits[1] === "2" ? 3 : 4;
    const local = digits.slice(areaLen);
    if (
      (digits[1] !== "1" || digits[2] === "0") &&
      (lens.length === 1 || lens[0] === areaLen) &&
      local.length >= 7 &&
      local.length <= 8
    ) {
      const p = pos();
      const paren = lens.length === 2 && t[first.start - 1] === "(" && t[first.end] === ")";
      const start = paren ? first.start - 1 : first.start;
      const localPos = p.slice(areaLen);
      out.push({
        kind: "phone",
        start,
        end: last.end,
        replacement:
          text.slice(start, localPos[0]) +
          (lens.length === 1 ? "-" : "") +
          "*".repeat(local.length - 3) +
          keep(localPos.slice(-3)),
      });
    }
  }

  // Bank card: 16–19 digits, contiguous or in groups of four, passing Luhn. Numbers that
  // start with a date (order and serial numbers such as 2026112700012345) are not cards.
  const card =
    digits.length >= 16 &&
    digits.length <= 19 &&
    (lens.length === 1 || (lens.length >= 4 && lens.slice(0, -1).every((l) => l === 4))) &&
    digits[0] !== "0" &&
    !DATE_PREFIX.test(digits) &&
    luhnValid(digits);

  // Resident ID (GB 11643): 18 characters with a province code and a plausible birth date,
  // or a legacy 15-digit number with a plausible date. Shapes 18 or 6-8-4 (the last group
  // may end in X). Fail closed: a wrong check digit (a typo, or a deliberate one) does not
  // make a number public. The check digit only decides between an ID and a Luhn-valid card.
  const after = t[last.end];
  const checkX = (after === "X" || after === "x") && !isAsciiAlnum(t[last.end + 1]);
  let idEnd = -1;
  if (checkX && (shape === "17" || shape === "6,8,3") && isPlausibleId18(digits + "X")) idEnd = last.end + 1;
  else if ((shape === "18" || shape === "6,8,4") && isPlausibleId18(digits) && (!card || hasValidCheckDigit(digits)))
    idEnd = last.end;
  else if (shape === "15" && isValidId15(digits)) idEnd = last.end;
  if (idEnd >= 0) {
    const p = pos();
    if (idEnd > last.end) p.push(last.end);
    out.push({
      kind: "id_number",
      start: first.start,
      end: idEnd,
      replacement: keep(p.slice(0, 4)) + "*".repeat(p.length - 6) + keep(p.slice(-2)),
    });
  }

  if (card) {
    const p = pos();
    out.push({
      kind: "bank_card",
      start: first.start,
      end: last.end,
      replacement: "*".repeat(p.length - 4) + keep(p.slice(-4)),
    });
  }
}

/** At most three groups, none shorter than three digits ("138-12-345-678" is not a phone). */
function mobileShape(shape: string): boolean {
  const lens = shape.split(",");
  return lens.length <= 3 && lens.every((l) => Number(l) >= 3);
}
const DATE_PREFIX = /^(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])/;

/** First two digits of a resident ID: province-level division codes. */
const PROVINCE_CODES = new Set(
  "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split(" "),
);
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** GB 11643-1999 layout: a province code, 4 more area digits, YYYYMMDD (1900–2099), 3 + 1. */
function isPlausibleId18(id: string): boolean {
  if (!/^[0-9]{17}[0-9Xx]$/.test(id) || !PROVINCE_CODES.has(id.slice(0, 2))) return false;
  const y = Number(id.slice(6, 10));
  return y >= 1900 && y <= 2099 && isValidDate(y, Number(id.slice(10, 12)), Number(id.slice(12, 14)));
}

/** The check character over weights 2^(17-i) mod 11: a confidence signal only. */
function hasValidCheckDigit(id: string): boolean {
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(id[k]) * ID_WEIGHTS[k]!;
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

/** Legacy 15-digit ID: 6-digit area, YYMMDD (19YY), 3-digit sequence. No check digit. */
function isValidId15(id: string): boolean {
  if (!/^[0-9]{15}$/.test(id) || !PROVINCE_CODES.has(id.slice(0, 2))) return false;
  return isValidDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)));
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let k = 0; k < digits.length; k++) {
    let d = Number(digits[digits.length - 1 - k]);
    if (k % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------
// E-mail: expand around each "@" by hand, with RFC length caps (64 local, 253 domain).

function isLocalChar(ch: string | undefined): boolean {
  return ch !== undefined && (isAsciiAlnum(ch) || "._%+-".includes(ch));
}

function isDomainChar(ch: string | undefined): boolean {
  return ch !== undefined && (isAsciiAlnum(ch) || ch === "." || ch === "-");
}

function detectEmails(text: string, t: string, out: Candidate[]): void {
  for (let at = t.indexOf("@"); at !== -1; at = t.indexOf("@", at + 1)) {
    let s = at;
    while (s > 0 && at - s < 64 && isLocalChar(t[s - 1])) s--;
    while (s < at && t[s] === ".") s++;
    if (s === at) continue; // e.g. "z***@qq.com": already masked
    let e = at + 1;
    while (e < t.length && e - at <= 253 && isDomainChar(t[e])) e++;
    while (e > at + 1 && (t[e - 1] === "." || t[e - 1] === "-")) e--;
    const labels = t.slice(at + 1, e).split(".");
    if (labels.length < 2) continue;
    const tld = labels[labels.length - 1]!;
    if (!/^[A-Za-z]{2,24}$/.test(tld)) continue;
    if (!labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) continue;
    out.push({ kind: "email", start: s, end: e, replacement: text[s] + "***@" + text.slice(at + 1, e) });
  }
}

// ---------------------------------------------------------------------------------------
// Addresses: house-level detail after a road, village or estate name.
//
// A detail is one or more "number + unit word" segments (88号, 3栋, 2单元, 501室, A座, 三组),
// optionally followed by a bare room number (华景花园6幢1802). It is masked when
//  - it directly follows an address anchor (大同路, 红光村, 华景花园, 碧水苑 …); a single-
//    character anchor must itself follow a Han character, so bus routes (K12路, 1路) and
//    words like 知道 are not anchors; or
//  - without an anchor, it names a residential unit (栋/幢/单元/号楼) and has a second
//    segment or a bare room number ("3栋2单元501室", "5号楼302").
// Straight after an anchor a hyphenated number also counts (华景花园6-1802).
// Dates, counts and amounts (11月27号, 100辆, 10条线路, 3.5亿元) never match: they have no
// anchor and no residential unit word.

const CN_NUMERALS = "一二三四五六七八九十〇零";
const ADDR_NUM = `(?:[0-9]{1,5}|[A-Za-z][0-9]{0,4}|[${CN_NUMERALS}]{1,3})(?:-[0-9A-Za-z]{1,5}){0,3}`;
const ADDR_UNIT = "(?:单元|号楼|号院|号|栋|幢|座|室|房|楼|层|期|区|组|弄|巷)";
const ADDR_SEG = ADDR_NUM + ADDR_UNIT;
const ADDR_TAIL = `[A-Za-z]?[0-9]{1,5}(?:-[0-9]{1,5}){0,2}(?![0-9A-Za-z年月日时分秒个条辆台元万亿千百%:]|\\.[0-9])`;
const ADDR_CHAIN = `[0-9]{1,5}(?:-[0-9]{1,5}){1,3}(?![0-9A-Za-z-])`;
// Group 1: segments (+ tail); group 2: the tail; group 3: hyphenated number only.
const ADDRESS_SOURCE = `((?:${ADDR_SEG}){1,6}(${ADDR_TAIL})?)|(${ADDR_CHAIN})`;
const ADDR_SEG_RE = new RegExp(ADDR_SEG, "g");
const TRAILING_UNIT_RE = new RegExp(`${ADDR_UNIT}$`);
const RESIDENTIAL_UNIT = new Set(["栋", "幢", "单元", "号楼"]);
const RESIDENTIAL_ANY = /栋|幢|单元|号楼/;
const ADDR_MASKABLE = new RegExp(`[0-9A-Za-z${CN_NUMERALS}]`);

const MULTI_CHAR_ANCHORS = ["大道", "大街", "胡同", "小区", "花园", "家园", "公寓", "大厦", "广场", "山庄", "新村"];
const SINGLE_CHAR_ANCHORS = new Set(["路", "街", "巷", "道", "村", "苑", "庭", "弄"]);
/** "道" after these is a word (知道, 报道, 渠道, 频道, 街道 …), not a road. */
const DAO_NOT_ROAD = new Set([..."知报渠频难味一街说问称公轨跑赛管车航"]);

function isAnchoredAt(t: string, pos: number): boolean {
  for (const a of MULTI_CHAR_ANCHORS) if (pos >= a.length && t.startsWith(a, pos - a.length)) return true;
  const anchor = t[pos - 1];
  if (anchor === undefined || !SINGLE_CHAR_ANCHORS.has(anchor)) return false;
  const before = codePointBefore(t, pos - 1);
  if (!before || !isHan(before.ch)) return false;
  return !(anchor === "道" && DAO_NOT_ROAD.has(before.ch));
}

function detectAddresses(text: string, t: string, out: Candidate[]): void {
  const re = new RegExp(ADDRESS_SOURCE, "g");
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    const prev = t[start - 1];
    // No match may start inside a number, a code, or text that is already masked.
    const boundaryOk =
      !isAsciiAlnum(prev) && prev !== "-" && prev !== "*" && (prev === undefined || !CN_NUMERALS.includes(prev));
    let ok = false;
    if (boundaryOk) {
      if (m[3] !== undefined) {
        ok = isAnchoredAt(t, start);
      } else if (isAnchoredAt(t, start)) {
        ok = true;
      } else if (RESIDENTIAL_ANY.test(m[1]!)) {
        // (The cheap test above rules out most unanchored matches without splitting them.)
        const units = Array.from(m[1]!.matchAll(ADDR_SEG_RE), (seg) => trailingUnit(seg[0]));
        ok = units.some((u) => RESIDENTIAL_UNIT.has(u)) && (units.length >= 2 || m[2] !== undefined);
      }
    }
    if (ok) {
      let replacement = "";
      for (let k = start; k < end; k++) replacement += ADDR_MASKABLE.test(t[k]!) ? "*" : text[k];
      out.push({ kind: "address", start, end, replacement });
      re.lastIndex = end;
    } else {
      // Retry one character later: a valid detail may start inside a rejected match.
      re.lastIndex = start + 1;
    }
  }
}

/** The unit word at the end of a segment such as "3栋" or "2单元". */
function trailingUnit(seg: string): string {
  return TRAILING_UNIT_RE.exec(seg)?.[0] ?? "";
}

// ---------------------------------------------------------------------------------------
// Names
//
// (a) knownNames, anywhere (see detectKnown).
// (b) A common surname + 1–2 Han characters, only in a naming context:
//     after 我叫 / 姓名 / 联系人 / 签名 / 户主, after a party to the case 投诉人 /
//     被投诉人 / 举报人 / 反映人 / 来信人 / 当事人, or after 本人 / 我是 / 叫做
//     (colon optional), or
//     before a title 先生 / 女士 / 小姐 / 师傅 / 老师 / 阿姨 / 同志, or
//     right before 反映 / 投诉 / 举报 / 来信 ("王小明反映"), if the name starts the text or
//     a clause, or follows a word such as 市民 / 居民 / 关于 or a particle such as 据 / 由.
// The surname is kept (张*, 欧阳**); a bare surname + title (张先生) is not identifying
// and stays. Function words that often follow a name (反映, 家住, 于, 是 …) cut it short.
//
// Surnames that are also everyday words (于, 曾, 向, 高 …) are weaker evidence: after
// 本人 / 我是 / 叫做, and after a party word without a colon ("投诉人曾多次…" but
// "投诉人：曾志强"), they are not taken; before a verb they need a two-character given
// name and a clause start or one of the words above, and 向 / 于 never count there
// ("向领导反映" is "reported to the leaders").

// About 130 of the most common single-character surnames, with Hakka / Guangdong ones
// (赖, 巫, 古, 骆, 练, 邝, 丘) that are frequent around Heyuan.
const SURNAMES_1 = new Set([
  ..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶",
  ..."程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎",
  ..."贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧",
  ..."耿关兰焦俞左柳甘祝包宁赖巫古骆练邝丘凌池",
]);
const SURNAMES_2 = new Set([
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "司徒", "令狐", "夏侯",
  "长孙", "宇文", "轩辕", "端木", "独孤", "南宫", "申屠", "呼延", "钟离", "闻人", "赫连", "澹台",
]);
/** Surnames that are also everyday words (于是, 曾经, 向来, 任何, 高度 …): weaker evidence. */
const AMBIGUOUS_SURNAMES = new Set([..."于曾向任余万常高文方安关包左易齐古利付申石白金龙江宁"]);
/** Words starting with a surname that are not names (本人孙子…, 户主高度…). */
const NOT_NAMES = [
  "孙子", "孙女", "高度", "高速", "常年", "常住", "文件", "方面", "方便", "安全", "安排", "金额",
  "余额", "万元", "于是", "曾经", "向来", "任何", "任职", "马上", "周边", "周末", "黄金", "石头",
  "白天", "江边", "龙头", "程序", "陈述", "何时", "许多", "许可", "关于", "关系", "林业",
  // ... and before a title: 高三老师, 安装师傅 are a grade and a trade, not people.
  "高中", "高级", "文化", "文科", "文艺", "古筝", "古琴", "金牌", "白班", "方言", "石油", "安装",
  "安保", "包装", "田径", "武术", "陶艺", "龙舟", "万能",
  // ... and before 反映 / 投诉 / 举报 / 来信: adverbs and nouns, not people.
  "陆续", "严重", "严肃", "严厉", "严格", "莫名", "施工", "申请", "毛坯", "甘愿", "何必", "许久",
  "温馨", "常常", "齐声",
];
/** Weekdays can be names (我叫周一), but after a weak context or before a verb they are days. */
const WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日", "周天"];
const TITLES = ["先生", "女士", "小姐", "师傅", "老师", "阿姨", "同志"];
const NAME_CONTEXT_RE = /我叫|本人|姓名|联系人|签名|户主|被投诉人|投诉人|举报人|反映人|来信人|当事人|我是|叫做/g;
/** Contexts after which a word-like surname (于, 曾, 高 …) is not taken. */
const WEAK_CONTEXTS = new Set(["本人", "我是", "叫做"]);
/** ... nor after these unless a colon follows ("投诉人曾多次…", but "投诉人：曾志强"). */
const PARTY_CONTEXTS = new Set(["被投诉人", "投诉人", "举报人", "反映人", "来信人", "当事人"]);
const VERB_RE = /反映|投诉|举报|来信/g;
const VERBS = ["反映", "投诉", "举报", "来信"];
/** Words after which a name may start before a verb: 市民王小明反映, 关于李四投诉…. */
const BEFORE_NAME_WORDS = [
  "关于", "市民", "居民", "村民", "群众", "网友", "网民", "家长", "业主", "职工", "员工", "学生",
  "老人", "司机", "乘客", "患者", "租户", "商户", "农民", "工人", "车主", "店主", "同学", "同事",
  "邻居", "家属",
];
/** Particles after which a name may start before a verb: 据王小明反映, 经李四举报. */
const BEFORE_NAME_PARTICLES = new Set([..."据由经和与及同被让请称"]);
/** Word-like surnames that never start a name before a verb: 向领导反映, 于近日投诉. */
const NEVER_BEFORE_VERB = new Set([..."向于"]);
const TITLE_RE = /先生|女士|小姐|师傅|老师|阿姨|同志/g;
/** After a word-like surname these make a word (高三, 万一, 高中), not a name. */
const WORDLIKE_GIVEN = new Set([...CN_NUMERALS, "中", "两"]);
/** Characters that practically never start a given name but often follow a name. */
const STOP_FIRST = new Set([
  ..."的是在于和与及或等了着过把被让给对从到去说称反投诉举报现住电话手机号身份证性别男女今年岁",
  ..."系为因就也都还又再已经曾将会能要想请希申近日多次上下前后此该本其这那个些所以而且并但有没",
  ..."不市县区镇村街路你我他她们局度常时自由职务员工作处里某",
]);
/** ... and those that rarely end one (张伟家住…, 张伟一直…). */
const STOP_SECOND = new Set([...STOP_FIRST, ..."家一"]);

function startsWithTitle(t: string, pos: number): boolean {
  return TITLES.some((ti) => t.startsWith(ti, pos));
}

function maskGiven(text: string, start: number, surnameLen: number, end: number): string {
  return text.slice(start, start + surnameLen) + "*".repeat(Array.from(text.slice(start + surnameLen, end)).length);
}

function startsWithVerb(t: string, pos: number): boolean {
  return VERBS.some((v) => t.startsWith(v, pos));
}

function detectNames(text: string, t: string, out: Candidate[]): void {
  for (const m of t.matchAll(NAME_CONTEXT_RE)) {
    let p = m.index + m[0].length;
    if (m[0] === "我叫" && t[p] === "做") p++; // 我叫做张伟
    const colon = t[p] === ":";
    if (colon) p++;
    for (let k = 0; k < 3 && t[p] === " "; k++) p++;
    const weak = WEAK_CONTEXTS.has(m[0]) || (PARTY_CONTEXTS.has(m[0]) && !colon);
    const c = nameAfterContext(t, p, weak);
    if (c) out.push({ kind: "name", start: p, end: c.end, replacement: maskGiven(text, p, c.surnameLen, c.end) });
  }
  for (const m of t.matchAll(VERB_RE)) {
    const c = nameBeforeVerb(t, m.index);
    if (!c) continue;
    out.push({ kind: "name", start: c.start, end: m.index, replacement: maskGiven(text, c.start, c.surnameLen, m.index) });
  }
  for (const m of t.matchAll(TITLE_RE)) {
    const c = nameBeforeTitle(t, m.index);
    if (!c) continue;
    const replacement = maskGiven(text, c.start, c.surnameLen, m.index);
    out.push({ kind: "name", start: c.start, end: m.index, replacement });
  }
}

function nameAfterContext(t: string, p: number, weakContext: boolean): { end: number; surnameLen: number } | undefined {
  let s: number;
  if (SURNAMES_2.has(t.slice(p, p + 2))) s = 2;
  else if (SURNAMES_1.has(t[p] ?? "")) s = 1;
  else return undefined;
  // "本人于近日…", "本人曾多次…", "投诉人向记者…": after a weak context, skip word-like surnames.
  if (s === 1 && weakContext && AMBIGUOUS_SURNAMES.has(t[p]!)) return undefined;
  if (weakContext && WEEKDAYS.some((w) => t.startsWith(w, p))) return undefined; // 我是周一来的
  if (startsWithTitle(t, p + s)) return undefined; // 联系人：张先生
  if (startsWithVerb(t, p + s)) return undefined; // 我是陈来信: no given name
  if (NOT_NAMES.some((w) => t.startsWith(w, p))) return undefined;
  const g1 = codePointAt(t, p + s);
  if (!g1 || !isHan(g1.ch) || STOP_FIRST.has(g1.ch)) return undefined;
  if (s === 1 && AMBIGUOUS_SURNAMES.has(t[p]!) && WORDLIKE_GIVEN.has(g1.ch)) return undefined;
  let end = p + s + g1.len;
  if (!startsWithTitle(t, end) && !startsWithVerb(t, end)) {
    const g2 = codePointAt(t, end);
    if (g2 && isHan(g2.ch) && !STOP_SECOND.has(g2.ch)) end += g2.len;
  }
  return { end, surnameLen: s };
}

interface NameOption {
  start: number;
  surnameLen: number;
  given: number;
  ambiguous: boolean;
}

/** Up to four code points before `end`, nearest first. */
function codePointsBefore(t: string, end: number): { ch: string; start: number }[] {
  const cps: { ch: string; start: number }[] = [];
  let i = end;
  while (cps.length < 4) {
    const cp = codePointBefore(t, i);
    if (!cp) break;
    cps.push(cp);
    i = cp.start;
  }
  return cps;
}

/** Every surname + 1–2 Han characters that ends exactly at `end`. */
function nameOptionsBefore(t: string, cps: { ch: string; start: number }[]): NameOption[] {
  const options: NameOption[] = [];
  for (const given of [2, 1]) {
    for (const s of [2, 1]) {
      if (cps.length < given + s) continue;
      const surname = cps
        .slice(given, given + s)
        .reverse()
        .map((c) => c.ch)
        .join("");
      if (!(s === 2 ? SURNAMES_2.has(surname) : SURNAMES_1.has(surname))) continue;
      const g = cps.slice(0, given).reverse(); // given-name characters in reading order
      if (!g.every((c) => isHan(c.ch))) continue;
      if (STOP_FIRST.has(g[0]!.ch) || (given === 2 && STOP_SECOND.has(g[1]!.ch))) continue;
      const start = cps[given + s - 1]!.start;
      const ambiguous = s === 1 && AMBIGUOUS_SURNAMES.has(surname);
      if (ambiguous && WORDLIKE_GIVEN.has(g[0]!.ch)) continue; // 高三老师, 高一老师
      if (NOT_NAMES.some((w) => t.startsWith(w, start))) continue;
      options.push({ start, surnameLen: surname.length, given, ambiguous });
    }
  }
  return options;
}

// Prefer a two-character surname, then an unambiguous surname; then the longer given name.
const pickName = (os: NameOption[]): NameOption | undefined => os.sort((a, b) => b.given - a.given)[0];

function nameBeforeTitle(t: string, titleStart: number): { start: number; surnameLen: number } | undefined {
  const cps = codePointsBefore(t, titleStart);
  const options = nameOptionsBefore(t, cps);
  const chosen =
    pickName(options.filter((o) => o.surnameLen === 2)) ??
    pickName(options.filter((o) => !o.ambiguous)) ??
    // "向王先生" is "to Mr Wang", not a person called 向王: a word-like surname does not
    // count when a surname sits right before the title.
    (SURNAMES_1.has(cps[0]?.ch ?? "") ? undefined : pickName(options));
  return chosen && { start: chosen.start, surnameLen: chosen.surnameLen };
}

/**
 * "王小明反映", "，李四投诉", "市民陈大文来信", "据赵六举报": a name directly before a verb,
 * starting where a name can start (see the section comment).
 */
function nameBeforeVerb(t: string, verbStart: number): { start: number; surnameLen: number } | undefined {
  const options = nameOptionsBefore(t, codePointsBefore(t, verbStart)).filter((o) => {
    if (startsWithTitle(t, o.start + o.surnameLen)) return false; // 向王先生反映
    if (WEEKDAYS.some((w) => t.startsWith(w, o.start))) return false; // 周一投诉
    const before = codePointBefore(t, o.start);
    const clauseStart = !before || !isHan(before.ch);
    const afterWord = BEFORE_NAME_WORDS.some((w) => o.start >= w.length && t.startsWith(w, o.start - w.length));
    if (o.ambiguous) {
      if (NEVER_BEFORE_VERB.has(t[o.start]!) || o.given < 2) return false;
      return clauseStart || afterWord;
    }
    return clauseStart || afterWord || (before !== undefined && BEFORE_NAME_PARTICLES.has(before.ch));
  });
  const chosen = pickName(options.filter((o) => o.surnameLen === 2)) ?? pickName(options.filter((o) => !o.ambiguous)) ?? pickName(options);
  return chosen && { start: chosen.start, surnameLen: chosen.surnameLen };
}

// ---------------------------------------------------------------------------------------
// knownNames and knownValues: exact occurrences (after full-width folding). Entries shorter
// than two characters are ignored: a one-character "name" would star that character
// everywhere. A value that starts or ends with a Latin letter or digit only matches at a
// word boundary on that side, so "Li" does not match inside "Limit".

function detectKnown(text: string, t: string, opts: MaskOptions | undefined, out: Candidate[]): void {
  const list = (v: unknown): string[] => {
    if (!Array.isArray(v)) return [];
    return [...new Set(v.filter((x): x is string => typeof x === "string").map((x) => normalize(x.trim())))];
  };
  const names = list(opts?.knownNames);
  const values = list(opts?.knownValues);
  for (const [needles, isName] of [
    [names, true],
    [values, false],
  ] as const) {
    for (const needle of needles) {
      if (Array.from(needle).length < 2 || /^\**$/.test(needle)) continue;
      const alnumStart = isAsciiAlnum(needle[0]);
      const alnumEnd = isAsciiAlnum(needle[needle.length - 1]);
      for (let at = t.indexOf(needle); at !== -1; at = t.indexOf(needle, at + 1)) {
        const end = at + needle.length;
        if ((alnumStart && isAsciiAlnum(t[at - 1])) || (alnumEnd && isAsciiAlnum(t[end]))) continue;
        out.push({
          kind: isName ? "name" : "known",
          start: at,
          end,
          replacement: isName ? maskNameValue(text.slice(at, end)) : "***",
        });
        at = end - 1; // no overlapping occurrences of the same needle
      }
    }
  }
}

/** 张伟 → 张*, 欧阳明华 → 欧阳**, Wang Wei → W*** ***. */
function maskNameValue(name: string): string {
  const cps = Array.from(name);
  const keep = cps.length > 2 && SURNAMES_2.has(cps[0]! + cps[1]!) ? 2 : 1;
  return cps.slice(0, keep).join("") + starAll(cps.slice(keep).join(""));
}
