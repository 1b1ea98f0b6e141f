// Site search, the SQL half. Each kind of content is a "source" (what it matches on, who may
// see it); a search first collects candidate ids per source, cheaply and bounded, then loads and
// scores only those candidates.
//
// Candidates (at most CANDIDATES_PER_TYPE per source):
//  1. the window: the newest WINDOW visible rows (as of the search's `asOf`), walked backwards
//     along the primary key with ILIKE for every term, stopping at the quota. Bounded whatever
//     the query: at most WINDOW rows read.
//  2. older rows through the GIN trigram index (migration search_custom), when the query has a
//     term of 3+ characters and the window did not fill the quota: at most OLDER_SCAN rows whose
//     long terms match, taken in storage order (so, for a term common in the past and rare
//     lately, the oldest ones), then the short terms on those, newest first.
//  3. typo tolerance: if the exact terms found less than a page (FUZZY_BELOW), up to FUZZY_MAX
//     rows whose text is word-similar to the query (pg_trgm `<%`, default threshold 0.6, not
//     changed: set_limit would leak across pooled connections), through the same index; then,
//     for Chinese terms of 4+ characters (no word boundaries, so word similarity rarely helps),
//     up to FUZZY_MAX rows holding half of each such term's three-character pieces.
// A query whose terms are all shorter than 3 characters (二字词 like 公交, 河源) cannot use
// trigrams: it gets step 1 only, i.e. it searches the newest WINDOW items of each kind.
import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "../../../db/rows";
import type { Db } from "../../../db/client";
import { INDEXED_TERM_MIN, escapeLike, hanPieces, piecesNeeded, type NormalisedQuery } from "~/domain/search/query";

export const CANDIDATES_PER_TYPE = 200;
export const WINDOW = 5_000;
const OLDER_SCAN = 2_000;
/** Look-alikes are searched only when the exact terms found fewer than this, and at most FUZZY_MAX. */
const FUZZY_BELOW = 20;
const FUZZY_MAX = 60;

export type SourceName = "threads" | "posts" | "petitions" | "commitments";

interface Source {
  table: SQL;
  /** The searched text (must equal the indexed expression of migration search_custom). */
  doc: SQL;
  /** Who may see a row (everyone: search shows only public content). */
  visible: SQL;
}

const PUBLISHED = sql`public and status not in ('submitted', 'rejected')`;

export const sources: Record<SourceName, Source> = {
  threads: { table: sql`threads`, doc: sql`(title || ' ' || body)`, visible: sql`not hidden` },
  posts: { table: sql`posts`, doc: sql`body`, visible: sql`not hidden` },
  petitions: { table: sql`petitions`, doc: sql`(title || ' ' || body)`, visible: PUBLISHED },
  // Every status is public: proposed (from an emerging issue), adopted, done and dropped
  // commitments are all part of the published record (有案可查).
  commitments: { table: sql`commitments`, doc: sql`(title || ' ' || summary)`, visible: sql`true` },
};

/** Every term occurs in `doc` (case-insensitive, LIKE metacharacters escaped). */
function allTerms(doc: SQL, q: NormalisedQuery): SQL {
  return sql.join(
    q.terms.map((t) => sql`${doc} ilike ${`%${escapeLike(t)}%`}`),
    sql` and `,
  );
}

const idList = (ids: number[]) => sql.join(ids.map((i) => sql`${i}`), sql`, `);

export interface CandidateOptions {
  /** Extra condition on the source's rows (the section, for `type=thread|info`). */
  extra?: SQL;
  asOf: Date;
  limit?: number;
  window?: number;
}

/**
 * Candidate ids of one source, newest first, then look-alikes. Runs in a transaction with
 * sequential scans off: a misestimated match must never turn into a full-table scan (word
 * similarity costs ~50 µs a row), so the trigram index is the only way to older rows.
 */
export async function candidates(db: Db, name: SourceName, q: NormalisedQuery, opts: CandidateOptions) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return candidatesIn(tx as unknown as Db, name, q, opts);
  });
}

async function candidatesIn(db: Db, name: SourceName, q: NormalisedQuery, opts: CandidateOptions) {
  const src = sources[name];
  const limit = opts.limit ?? CANDIDATES_PER_TYPE;
  const window = opts.window ?? WINDOW;
  const where = sql`${src.visible} and created_at <= ${opts.asOf.toISOString()}${opts.extra ? sql` and ${opts.extra}` : sql``}`;
  // 1. The newest `window` rows, walked backwards along the primary key; the match is applied
  // outside the LIMITed subquery, so the walk stops at the `limit`-th match (common terms after
  // a few hundred rows) and reads at most `window` rows (rare ones).
  const rows = rowsOf<{ id: string | number }>(
    await db.execute(sql`
      select id from (
        select id, ${src.doc} as doc from ${src.table} where ${where} order by id desc limit ${window}
      ) w
      where ${allTerms(sql`doc`, q)} limit ${limit}`),
  );
  const ids = rows.map((r) => Number(r.id));
  // 2. Older rows, through the trigram index: the rows whose long terms (3+ characters, the
  // only ones trigrams can find) match, at most OLDER_SCAN of them in storage order, then the
  // short terms on those. Bounded by OLDER_SCAN heap rows whatever the terms' frequency.
  if (q.indexed && ids.length < limit) {
    const long = { ...q, terms: q.terms.filter((t) => Array.from(t).length >= INDEXED_TERM_MIN) };
    const short = { ...q, terms: q.terms.filter((t) => Array.from(t).length < INDEXED_TERM_MIN) };
    const rest = [...(short.terms.length ? [allTerms(sql`doc`, short)] : []), ...(ids.length ? [sql`id not in (${idList(ids)})`] : [])];
    const older = rowsOf<{ id: string | number }>(
      await db.execute(sql`
        with m as materialized (
          select id, ${src.doc} as doc from ${src.table} where ${where} and ${allTerms(src.doc, long)} limit ${OLDER_SCAN}
        )
        select id from m ${rest.length ? sql`where ${sql.join(rest, sql` and `)}` : sql``} order by id desc limit ${limit - ids.length}`),
    );
    for (const r of older) ids.push(Number(r.id));
  }
  // 3. Look-alikes (typos), when the exact terms found less than a page: word similarity (Latin
  // words, short titles), then Chinese terms of 4+ characters by their three-character pieces
  // (half of them present; OLDER_SCAN rows at most), the other terms exactly.
  if (q.indexed && ids.length < FUZZY_BELOW) {
    const seen = new Set(ids);
    const add = (rs: { id: string | number }[]) => {
      for (const r of rs) {
        const id = Number(r.id);
        if (seen.has(id)) continue;
        seen.add(id);
        ids.push(id);
      }
    };
    const fresh = () => (ids.length ? sql`and id not in (${idList(ids)})` : sql``);
    add(
      rowsOf<{ id: string | number }>(
        await db.execute(sql`
          select id from ${src.table}
          where ${where} and ${q.text} <% ${src.doc} ${fresh()}
          limit ${FUZZY_MAX}`),
      ),
    );
    const han = q.terms.filter((t) => hanPieces(t).length > 0);
    if (han.length && ids.length < FUZZY_BELOW) {
      const others = { ...q, terms: q.terms.filter((t) => !han.includes(t)) };
      const pieceOf = (doc: SQL) => (p: string) => sql`${doc} ilike ${`%${escapeLike(p)}%`}`;
      // Rows holding any piece of the first such term, at most OLDER_SCAN of them (a common
      // piece must not make this a walk over the whole table), then the counts on those.
      const firstPieces = hanPieces(han[0]);
      const counts = han.map((t) => {
        const pieces = hanPieces(t);
        return sql`(${sql.join(pieces.map((p) => sql`(${pieceOf(sql`doc`)(p)})::int`), sql` + `)}) >= ${piecesNeeded(pieces)}`;
      });
      add(
        rowsOf<{ id: string | number }>(
          await db.execute(sql`
            with m as materialized (
              select id, ${src.doc} as doc from ${src.table} where ${where} and (${sql.join(firstPieces.map(pieceOf(src.doc)), sql` or `)}) limit ${OLDER_SCAN}
            )
            select id from m
            where ${sql.join(counts, sql` and `)} ${others.terms.length ? sql`and ${allTerms(sql`doc`, others)}` : sql``} ${fresh()}
            limit ${FUZZY_MAX}`),
        ),
      );
    }
  }
  return { ids };
}

// ---------------------------------------------------------------- loading the candidates

export interface ThreadHit {
  id: number;
  section: "info" | "forum";
  title: string;
  body: string;
  createdAt: Date;
  titleExact: boolean;
  bodyExact: boolean;
  titleSim: number;
  bodySim: number;
}

export interface PostHit {
  id: number;
  threadId: number;
  seq: number;
  title: string;
  body: string;
  createdAt: Date;
  titleExact: boolean;
  bodyExact: boolean;
  titleSim: number;
  bodySim: number;
}

export interface PetitionHit {
  id: number;
  title: string;
  body: string;
  createdAt: Date;
  contactName: string | null;
  contactPhone: string | null;
  contactAddress: string | null;
  petitionerName: string | null;
}

export interface CommitmentHit {
  id: number;
  title: string;
  summary: string;
  year: number;
  createdAt: Date;
  titleExact: boolean;
  bodyExact: boolean;
  titleSim: number;
  bodySim: number;
}

const num = (v: unknown) => Number(v ?? 0);
const bool = (v: unknown) => v === true || v === "t" || v === 1;
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/** Match measures computed in the database for a title and a text column. */
function measures(title: SQL, text: SQL, q: NormalisedQuery) {
  // Word similarity costs ~50 µs on a long text: only where the terms do not all occur.
  return sql`${allTerms(title, q)} as title_exact, ${allTerms(text, q)} as body_exact,
    case when ${allTerms(title, q)} then 1 else word_similarity(${q.text}, ${title}) end as title_sim,
    case when ${allTerms(text, q)} then 1 else word_similarity(${q.text}, ${text}) end as body_sim`;
}

type Measured = { title_exact: unknown; body_exact: unknown; title_sim: unknown; body_sim: unknown };
const measured = (r: Measured) => ({
  titleExact: bool(r.title_exact),
  bodyExact: bool(r.body_exact),
  titleSim: num(r.title_sim),
  bodySim: num(r.body_sim),
});

export async function loadThreads(db: Db, ids: number[], q: NormalisedQuery): Promise<ThreadHit[]> {
  if (!ids.length) return [];
  const rows = rowsOf<Measured & { id: unknown; section: "info" | "forum"; title: string; body: string; created_at: unknown }>(
    await db.execute(sql`
      select id, section, title, body, created_at, ${measures(sql`title`, sql`body`, q)}
      from threads where id in (${idList(ids)}) and not hidden`),
  );
  return rows.map((r) => ({ id: num(r.id), section: r.section, title: r.title, body: r.body, createdAt: date(r.created_at), ...measured(r) }));
}

export async function loadPosts(db: Db, ids: number[], q: NormalisedQuery): Promise<PostHit[]> {
  if (!ids.length) return [];
  const rows = rowsOf<Measured & { id: unknown; thread_id: unknown; seq: unknown; title: string; body: string; created_at: unknown }>(
    await db.execute(sql`
      select p.id, p.thread_id, p.seq, t.title, p.body, p.created_at, ${measures(sql`t.title`, sql`p.body`, q)}
      from posts p join threads t on t.id = p.thread_id
      where p.id in (${idList(ids)}) and not p.hidden and not t.hidden`),
  );
  return rows.map((r) => ({
    id: num(r.id),
    threadId: num(r.thread_id),
    seq: num(r.seq),
    title: r.title,
    body: r.body,
    createdAt: date(r.created_at),
    ...measured(r),
  }));
}

/** Raw rows (masked by the service before anything is matched, scored or shown). */
export async function loadPetitions(db: Db, ids: number[]): Promise<PetitionHit[]> {
  if (!ids.length) return [];
  const rows = rowsOf<{
    id: unknown;
    title: string;
    body: string;
    created_at: unknown;
    contact_name: string | null;
    contact_phone: string | null;
    contact_address: string | null;
    petitioner_name: string | null;
  }>(
    await db.execute(sql`
      select p.id, p.title, p.body, p.created_at, p.contact_name, p.contact_phone, p.contact_address,
             u.display_name as petitioner_name
      from petitions p left join users u on u.id = p.petitioner_id
      where p.id in (${idList(ids)}) and p.public and p.status not in ('submitted', 'rejected')`),
  );
  return rows.map((r) => ({
    id: num(r.id),
    title: r.title,
    body: r.body,
    createdAt: date(r.created_at),
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    contactAddress: r.contact_address,
    petitionerName: r.petitioner_name,
  }));
}

export async function loadCommitments(db: Db, ids: number[], q: NormalisedQuery): Promise<CommitmentHit[]> {
  if (!ids.length) return [];
  const rows = rowsOf<Measured & { id: unknown; title: string; summary: string; year: unknown; created_at: unknown }>(
    await db.execute(sql`
      select id, title, summary, year, created_at, ${measures(sql`title`, sql`summary`, q)}
      from commitments where id in (${idList(ids)})`),
  );
  return rows.map((r) => ({ id: num(r.id), title: r.title, summary: r.summary, year: num(r.year), createdAt: date(r.created_at), ...measured(r) }));
}
