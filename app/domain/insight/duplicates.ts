// Near-duplicate grouping for the emerging-issue detector: the same complaint arriving through
// several channels (a web letter, the 12345 hotline, the mobile app, a forum thread, a question
// in officials online). Pure.
//
// 1. Shingles: the text (title and the start of the body) normalised (NFKC, lower case, only
//    letters and digits kept), cut into overlapping character 3-grams (2-grams for texts shorter
//    than 3 characters).
// 2. MinHash: 60 hash functions (FNV-1a of the shingle, mixed with a per-function seed through
//    murmur3's 32-bit finaliser, a bijection); an item's signature is each function's minimum.
// 3. LSH: the signature cut into 20 bands of 3 rows; items sharing any band are candidates
//    (a pair with Jaccard similarity s becomes a candidate with probability 1 − (1 − s³)²⁰:
//    93% at 0.5, 99% at 0.6).
// 4. Candidate pairs (within a band bucket: each member with the bucket's first and with its
//    predecessor) are verified with the exact Jaccard similarity of the shingle sets; pairs at
//    or above DUPLICATE_THRESHOLD (0.5) are joined with union-find. A group is every connected
//    set of two or more items.

export const DUPLICATE_THRESHOLD = 0.5;
export const SHINGLE_SIZE = 3;
export const TEXT_CHARS = 400;
const BANDS = 20;
const ROWS = 3;
const HASHES = BANDS * ROWS;

export function normaliseForShingles(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

export function shingles(text: string, size = SHINGLE_SIZE): Set<string> {
  const chars = [...normaliseForShingles(text)].slice(0, TEXT_CHARS);
  const n = chars.length < size ? Math.min(2, chars.length) : size;
  const out = new Set<string>();
  if (n === 0) return out;
  for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(""));
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Array.from({ length: HASHES }, (_, i) => fmix32(0x9e3779b9 + i * 0x7f4a7c15));

export function minhash(set: ReadonlySet<string>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const s of set) {
    const h = fnv1a(s);
    for (let i = 0; i < HASHES; i++) {
      const v = fmix32(h ^ SEEDS[i]);
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

class UnionFind {
  private parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]];
      x = this.parent[x];
    }
    return x;
  }
  union(a: number, b: number) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

export interface DuplicateGroup {
  /** Indexes into the input, ascending. */
  members: number[];
  /** Mean Jaccard similarity of the verified pairs that joined the group. */
  similarity: number;
}

/** Groups near-duplicate texts; groups ordered by size (largest first), then first member. */
export function groupNearDuplicates(texts: readonly string[], threshold = DUPLICATE_THRESHOLD): DuplicateGroup[] {
  const sets = texts.map((t) => shingles(t));
  const buckets = new Map<string, number[]>();
  sets.forEach((set, i) => {
    if (set.size === 0) return;
    const sig = minhash(set);
    for (let b = 0; b < BANDS; b++) {
      const key = `${b}:${sig[b * ROWS]}:${sig[b * ROWS + 1]}:${sig[b * ROWS + 2]}`;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
  });
  const uf = new UnionFind(texts.length);
  const checked = new Set<string>();
  const edges: { a: number; b: number; s: number }[] = [];
  // Within a bucket, each member is compared with the bucket's first member and with the one
  // before it (not with every other member): a bucket of k items costs O(k), so a flood of
  // template letters cannot make the run quadratic; members similar to each other share other
  // bands, or are joined through the first member.
  const verify = (a: number, b: number) => {
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (checked.has(key)) return;
    checked.add(key);
    const s = jaccard(sets[a], sets[b]);
    if (s >= threshold) {
      uf.union(a, b);
      edges.push({ a, b, s });
    }
  };
  for (const list of buckets.values()) {
    for (let x = 1; x < list.length; x++) {
      verify(list[0], list[x]);
      if (x > 1) verify(list[x - 1], list[x]);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < texts.length; i++) {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const sims = new Map<number, number[]>();
  for (const e of edges) {
    const r = uf.find(e.a);
    const l = sims.get(r);
    if (l) l.push(e.s);
    else sims.set(r, [e.s]);
  }
  return [...groups.entries()]
    .filter(([, m]) => m.length > 1)
    .map(([root, members]) => {
      const s = sims.get(root) ?? [];
      return { members, similarity: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) };
    })
    .sort((a, b) => b.members.length - a.members.length || a.members[0] - b.members[0]);
}
