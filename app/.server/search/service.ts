// Site search (GET /api/v1/search, the page /search): threads and Public Information, posts,
// published cases (masked) and commitments, ranked by relevance, paged by a keyset cursor.
//
// Read-only and public: everyone sees the same results, made only of what anyone may read
// (no hidden thread or post, only published cases, masked before they are matched, scored or
// shown). See queries.ts for how candidates are found within a bounded cost.
import { badRequest } from "../errors";
import { clampLimit, decodeCursor, encodeCursor } from "../forum/cursor";
import type { AppServices } from "../context";
import { maskMarkdown, masker } from "../petitions/dto";
import { PAGE_SIZE } from "~/domain/forum/types";
import {
  QUERY_MIN,
  findFuzzyRanges,
  foldCase,
  highlight,
  isSearchType,
  normaliseQuery,
  plainText,
  searchTypes,
  snippet,
  wordSimilarity,
  type NormalisedQuery,
  type SearchType,
} from "~/domain/search/query";
import type { SearchItem, SearchPage } from "~/domain/search/types";
import {
  CANDIDATES_PER_TYPE,
  candidates,
  loadCommitments,
  loadPetitions,
  loadPosts,
  loadThreads,
  type SourceName,
} from "./queries";
import { sql, type SQL } from "drizzle-orm";

export const LIMIT_DEFAULT = 20;
export const LIMIT_MAX = 50;
/** Recency adds at most this much to a score, halving every RECENCY_HALF_LIFE_DAYS. */
const RECENCY_WEIGHT = 0.25;
const RECENCY_HALF_LIFE_DAYS = 180;
const DAY = 86_400_000;

export interface SearchInput {
  q?: unknown;
  type?: string | null;
  cursor?: string | null;
  limit?: string | number | null;
}

/** The sort key of the last item of a page; `a` pins the clock so later pages score alike. */
interface Cursor {
  a: number;
  s: number;
  k: number;
  i: number;
}

const isCursor = (v: unknown): v is Cursor => {
  const c = v as Cursor;
  return (
    typeof c === "object" &&
    c !== null &&
    Number.isSafeInteger(c.a) &&
    c.a > 0 &&
    typeof c.s === "number" &&
    Number.isFinite(c.s) &&
    Number.isInteger(c.k) &&
    c.k >= 0 &&
    c.k < searchTypes.length &&
    Number.isSafeInteger(c.i) &&
    c.i > 0
  );
};

const emptyCounts = (): Record<SearchType, number> => ({ thread: 0, post: 0, info: 0, petition: 0, commitment: 0 });

/** Score: how well the title and the text match (exact terms count as 1), plus recency. */
function score(titleMatch: number, textMatch: number, titleWeight: number, createdAt: Date, asOf: Date) {
  const match = titleWeight * titleMatch + (1 - titleWeight) * textMatch;
  const ageDays = Math.max(0, (asOf.getTime() - createdAt.getTime()) / DAY);
  const recency = RECENCY_WEIGHT * Math.pow(0.5, ageDays / RECENCY_HALF_LIFE_DAYS);
  return Math.round((match + recency) * 1e6) / 1e6;
}

/** A scored candidate; its snippet and highlights are made only if it lands on the page. */
interface Hit {
  type: SearchType;
  id: number;
  title: string;
  /** Plain text (petitions: masked). */
  text: string;
  url: string;
  score: number;
  createdAt: Date;
  k: number;
}

function hit(type: SearchType, id: number, title: string, text: string, url: string, s: number, createdAt: Date): Hit {
  return { type, id, title, text, url, score: s, createdAt, k: searchTypes.indexOf(type) };
}

function toItem(h: Hit, q: NormalisedQuery): SearchItem {
  const t = highlight(h.title, q.terms);
  const snip = snippet(h.text, q.terms);
  return {
    type: h.type,
    id: String(h.id),
    title: h.title,
    snippet: snip.text,
    url: h.url,
    highlights: { title: t.ranges, snippet: snip.ranges },
    score: h.score,
    createdAt: h.createdAt.toISOString(),
  };
}

const containsAll = (text: string, terms: string[]) => {
  const f = foldCase(text);
  return terms.every((t) => f.includes(t));
};

/** The best look-alike similarity of the terms' words in a text (Latin words only). */
function fuzzySimilarity(text: string, q: NormalisedQuery): number {
  const ranges = findFuzzyRanges(text, q.terms);
  let best = 0;
  for (const [a, b] of ranges) for (const t of q.terms) best = Math.max(best, wordSimilarity(t, text.slice(a, b)));
  return best;
}

const kinds: SearchType[] = ["thread", "info", "post", "petition", "commitment"];
const kindSource: Record<SearchType, { name: SourceName; extra?: SQL }> = {
  thread: { name: "threads", extra: sql`section = 'forum'` },
  info: { name: "threads", extra: sql`section = 'info'` },
  post: { name: "posts" },
  petition: { name: "petitions" },
  commitment: { name: "commitments" },
};

async function searchKind(app: AppServices, kind: SearchType, q: NormalisedQuery, asOf: Date): Promise<{ hits: Hit[]; capped: boolean }> {
  const { db } = app;
  const { name, extra } = kindSource[kind];
  const { ids } = await candidates(db, name, q, { asOf, extra });
  const capped = ids.length >= CANDIDATES_PER_TYPE;
  const m = (exact: boolean, sim: number) => (exact ? 1 : sim);
  switch (name) {
    case "threads":
      return {
        capped,
        hits: (await loadThreads(db, ids, q)).map((r) =>
          hit(r.section === "info" ? "info" : "thread", r.id, r.title, r.body, `/t/${r.id}`,
            score(m(r.titleExact, r.titleSim), m(r.bodyExact, r.bodySim), 0.65, r.createdAt, asOf), r.createdAt),
        ),
      };
    case "posts":
      return {
        capped,
        hits: (await loadPosts(db, ids, q)).map((r) =>
          hit("post", r.id, r.title, r.body, `/t/${r.threadId}?page=${Math.max(1, Math.ceil(r.seq / PAGE_SIZE))}#p-${r.id}`,
            score(m(r.titleExact, r.titleSim), m(r.bodyExact, r.bodySim), 0.2, r.createdAt, asOf), r.createdAt),
        ),
      };
    case "commitments":
      return {
        capped,
        hits: (await loadCommitments(db, ids, q)).map((r) =>
          hit("commitment", r.id, r.title, r.summary, `/commitments/${r.id}`,
            score(m(r.titleExact, r.titleSim), m(r.bodyExact, r.bodySim), 0.65, r.createdAt, asOf), r.createdAt),
        ),
      };
    case "petitions": {
      // The database matched the raw letter; what may be shown is the masked one. A case stays
      // only if the query still matches once masked, so a search for a name or a phone number
      // never reveals which published case mentions it.
      const hits: Hit[] = [];
      for (const r of await loadPetitions(db, ids)) {
        const mask = masker(r, r.petitionerName);
        const title = mask(r.title);
        const text = plainText(maskMarkdown(mask, r.body).text);
        const rawText = plainText(r.body);
        const titleExact = containsAll(title, q.terms);
        const textExact = containsAll(text, q.terms);
        const anyExact = containsAll(`${title} ${text}`, q.terms);
        const unmasked = title === r.title && text === rawText;
        let titleMatch: number;
        let textMatch: number;
        if (titleExact || textExact || anyExact) {
          titleMatch = titleExact ? 1 : fuzzySimilarity(title, q);
          textMatch = textExact ? 1 : fuzzySimilarity(text, q);
        } else if (unmasked) {
          titleMatch = fuzzySimilarity(title, q);
          textMatch = fuzzySimilarity(text, q);
          if (titleMatch === 0 && textMatch === 0) continue;
        } else continue;
        hits.push(hit("petition", r.id, title, text, `/petitions/${r.id}`, score(titleMatch, textMatch, 0.65, r.createdAt, asOf), r.createdAt));
      }
      return { hits, capped };
    }
  }
}

/** Total order of results: score, then kind, then newest id. */
function before(a: { s: number; k: number; i: number }, b: { s: number; k: number; i: number }) {
  if (a.s !== b.s) return a.s > b.s;
  if (a.k !== b.k) return a.k < b.k;
  return a.i > b.i;
}

export async function search(app: AppServices, input: SearchInput): Promise<SearchPage> {
  const q = normaliseQuery(input.q);
  let type: SearchType | null = null;
  if (input.type) {
    if (!isSearchType(input.type)) throw badRequest("invalid_input", { type: { key: "validation.invalid_choice" } });
    type = input.type;
  }
  const limit = clampLimit(input.limit, LIMIT_DEFAULT, LIMIT_MAX);
  const cursor = decodeCursor(input.cursor, isCursor);
  if (input.cursor && !cursor) throw badRequest("invalid_cursor");
  const base = { query: q.text, counts: emptyCounts(), capped: [] as SearchType[] };
  if (q.length < QUERY_MIN) return { ...base, items: [], nextCursor: null, notice: "too_short", mode: "none" };

  const asOf = cursor ? new Date(cursor.a) : app.now();
  // Every kind is searched (the page shows each kind's count), each with its own quota; the
  // kinds run side by side on PostgreSQL's pool (PGlite queues them).
  const results = await Promise.all(kinds.map((k) => searchKind(app, k, q, asOf)));
  const counts = emptyCounts();
  const capped: SearchType[] = [];
  const all: Hit[] = [];
  results.forEach((r, i) => {
    counts[kinds[i]] = r.hits.length;
    if (r.capped) capped.push(kinds[i]);
    all.push(...r.hits);
  });
  const wanted = all
    .filter((h) => !type || h.type === type)
    .filter((h) => !cursor || before(cursor, { s: h.score, k: h.k, i: h.id }))
    .sort((a, b) => (before({ s: a.score, k: a.k, i: a.id }, { s: b.score, k: b.k, i: b.id }) ? -1 : 1));
  const page = wanted.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = wanted.length > limit && last ? encodeCursor({ a: asOf.getTime(), s: last.score, k: last.k, i: last.id } satisfies Cursor) : null;
  return {
    ...base,
    counts,
    capped: [...capped],
    // Markdown becomes plain text here, for the page's items only (petitions are plain already).
    items: page.map((h) => toItem(h.type === "petition" ? h : { ...h, text: plainText(h.text) }, q)),
    nextCursor,
    notice: q.cut ? "cut" : null,
    mode: q.indexed ? "index" : "recent",
  };
}
