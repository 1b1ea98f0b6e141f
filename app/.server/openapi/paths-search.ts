// Site search (README "Search"; decision 012): one read-only operation over threads, Public
// Information, posts, published cases (masked) and commitments.
import { QUERY_MAX, searchTypes } from "~/domain/search/query";
import { area, arr, int, nullable, num, obj, oneOfStr, str, time, type Schema } from "./dsl";

const range: Schema = { type: "array", items: int, minItems: 2, maxItems: 2, description: "[start, end) UTF-16 offsets." };
const counts: Schema = obj(Object.fromEntries(searchTypes.map((t) => [t, int])));

const item: Schema = obj({
  type: oneOfStr(...searchTypes),
  id: str,
  title: { ...str, description: "Plain text (cases: masked)." },
  snippet: { ...str, description: "Plain text around the first match (cases: from the masked text)." },
  url: { ...str, description: "The page of the result." },
  highlights: obj({ title: arr(range), snippet: arr(range) }),
  score: num,
  createdAt: time,
});

export const searchPaths = area("Search", {
  "/search": {
    get: {
      summary: "Search everything public, ranked by relevance, with highlighted matches",
      description: `Queries are normalised and cut to ${QUERY_MAX} characters (never an error); one character answers with \`notice: "too_short"\` and no items. Typos and substrings match through pg_trgm; each kind examines at most 200 candidates (\`capped\`).`,
      auth: "optional",
      query: {
        q: { ...str, description: "The query, any length or script." },
        type: oneOfStr(...searchTypes),
        limit: { type: "integer", minimum: 1, maximum: 50, description: "Page size (default 20)." },
        cursor: { ...str, description: "The `nextCursor` of the previous page." },
      },
      ok: {
        200: {
          schema: obj({
            items: arr(item),
            nextCursor: nullable(str),
            query: str,
            notice: nullable(oneOfStr("too_short", "cut")),
            counts,
            capped: arr(oneOfStr(...searchTypes)),
            mode: oneOfStr("index", "recent", "none"),
          }),
        },
      },
      errors: [400],
    },
  },
});
