// The answer of GET /api/v1/search and the /search page (api.md's shape, plus fields).
import type { Range, SearchType } from "./query";

export interface SearchItem {
  type: SearchType;
  id: string;
  /** Plain text (petitions: masked). */
  title: string;
  /** Plain text around the first match (petitions: cut from the masked text). */
  snippet: string;
  url: string;
  /** Where the query matched, as [start, end) UTF-16 offsets into `title` and `snippet`. */
  highlights: { title: Range[]; snippet: Range[] };
  /** Relevance (higher first): match quality plus a little for recency. */
  score: number;
  createdAt: string;
}

export interface SearchPage {
  items: SearchItem[];
  nextCursor: string | null;
  /** The query as searched (normalised and cut). */
  query: string;
  /** Set when nothing was searched or the query was changed: too short, or cut to length. */
  notice: "too_short" | "cut" | null;
  /**
   * Matches per type among the candidates examined (at most CANDIDATES_PER_TYPE each; `capped`
   * names the types that reached it, shown as "200+").
   */
  counts: Record<SearchType, number>;
  capped: SearchType[];
  /** "index" (trigram indexes over everything) or "recent" (short query: newest items only). */
  mode: "index" | "recent" | "none";
}
