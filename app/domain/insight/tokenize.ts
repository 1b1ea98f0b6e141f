// Keywords of a text for the emerging-issue detector: a real word segmenter
// (Intl.Segmenter with granularity "word", backed by ICU's Chinese dictionary; Node 20 ships
// full ICU), then normalisation and filters. Pure and isomorphic.
//
// A keyword is a word-like segment that, after NFKC normalisation and lower-casing:
//   - has at least 2 characters (single Chinese characters such as 县 or 水 carry too little
//     meaning on their own, and ICU splits unknown place names into them),
//   - is not made of digits, punctuation or Latin letters shorter than 3,
//   - is not a stop word (./stopwords.ts).
import { isStopWord } from "./stopwords";

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

const URL_RE = /https?:\/\/\S+|www\.\S+/gi;
const MARKDOWN_RE = /[#>*_`~|[\]()!-]+/g;
const HAN_RE = /\p{Script=Han}/u;
const NUMERIC_RE = /^[\p{N}.,:%-]+$/u;
const LATIN_RE = /^[a-z0-9'-]+$/;

/** Normalises one segment, or returns null when it is not a keyword. */
export function keywordOf(segment: string): string | null {
  const w = segment.normalize("NFKC").trim().toLowerCase();
  if ([...w].length < 2) return null;
  if (NUMERIC_RE.test(w)) return null;
  if (LATIN_RE.test(w) && (w.length < 3 || /^\d/.test(w))) return null;
  if (!HAN_RE.test(w) && !LATIN_RE.test(w)) return null;
  if (isStopWord(w)) return null;
  return w;
}

/** Every keyword of the text, in order, with repeats. */
export function tokenize(text: string): string[] {
  const clean = text.normalize("NFKC").replace(URL_RE, " ").replace(MARKDOWN_RE, " ");
  const out: string[] = [];
  for (const s of segmenter.segment(clean)) {
    if (!s.isWordLike) continue;
    const k = keywordOf(s.segment);
    if (k) out.push(k);
  }
  return out;
}

/** The distinct keywords of a text (a document counts once per keyword). */
export function keywordSet(text: string): Set<string> {
  return new Set(tokenize(text));
}
