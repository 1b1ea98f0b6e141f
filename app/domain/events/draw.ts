// The published, reproducible draw of observe-the-sessions events (旁听两会). Pure and
// isomorphic: the server runs it once and the page runs it again in the reader's browser, and
// anyone can re-implement it from the description below (DRAW_ALGORITHM) and check the result.
//
// Algorithm "sha256-fisher-yates-v1":
//  1. The applicants are the registration ids, sorted ascending as numbers.
//  2. The random stream: block c (c = 0, 1, 2, …) is SHA-256 of the UTF-8 text "<seed>:<c>"
//     (the seed as published, lowercase hex; c in decimal). Each block gives eight unsigned
//     32-bit numbers, big-endian, used in order; then the next block.
//  3. A uniform integer below m: take the next number u; if u ≥ m·⌊2³²/m⌋ discard it and take
//     another (no modulo bias); the answer is u mod m.
//  4. Fisher–Yates: for i from n−1 down to 1, j = uniform(i + 1), swap positions i and j.
//  5. The first min(capacity, n) of the shuffled list are selected, in that order; the rest
//     are not selected, in their shuffled order (the reserve list: if a selected person
//     withdraws, the first of them still waiting moves up).

export const DRAW_ALGORITHM = "sha256-fisher-yates-v1";

/** A seed: 16 to 128 lowercase hexadecimal digits (64 bits to 512 bits). */
export const SEED_PATTERN = /^[0-9a-f]{16,128}$/;

export const normaliseSeed = (s: string) => s.trim().toLowerCase();

// ---------------------------------------------------------------- SHA-256 (FIPS 180-4)

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** SHA-256 of bytes, as eight 32-bit words (big-endian reading of the digest). */
export function sha256Words(bytes: Uint8Array): Uint32Array {
  const bitLen = bytes.length * 8;
  const padded = new Uint8Array(Math.ceil((bytes.length + 9) / 64) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 0x1_0000_0000));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  return h;
}

export function sha256Hex(text: string): string {
  return Array.from(sha256Words(new TextEncoder().encode(text)), (x) => x.toString(16).padStart(8, "0")).join("");
}

// ---------------------------------------------------------------- the stream and the shuffle

/** The draw's random numbers: unsigned 32-bit integers from SHA-256("<seed>:<counter>"). */
export function randomStream(seed: string) {
  const enc = new TextEncoder();
  let counter = 0;
  let block: Uint32Array = new Uint32Array(0);
  let pos = 0;
  const next = (): number => {
    if (pos >= block.length) {
      block = sha256Words(enc.encode(`${seed}:${counter++}`));
      pos = 0;
    }
    return block[pos++];
  };
  /** Uniform in [0, m), by rejection (m ≥ 1). */
  const below = (m: number): number => {
    if (!Number.isInteger(m) || m < 1 || m > 0x1_0000_0000) throw new RangeError("m out of range");
    const limit = Math.floor(0x1_0000_0000 / m) * m;
    for (;;) {
      const u = next();
      if (u < limit) return u % m;
    }
  };
  return { next, below };
}

export interface DrawResult {
  algorithm: typeof DRAW_ALGORITHM;
  seed: string;
  /** The applicants as drawn from: registration ids, ascending. */
  applicants: string[];
  /** The whole shuffled order. */
  order: string[];
  selected: string[];
  notSelected: string[];
}

/**
 * Runs the draw. `applicantIds` may come in any order (they are sorted first); `capacity` seats.
 * The same seed and the same applicants always give the same result.
 */
export function runDraw(seed: string, applicantIds: (string | number)[], capacity: number): DrawResult {
  const s = normaliseSeed(seed);
  if (!SEED_PATTERN.test(s)) throw new RangeError("invalid seed");
  if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError("invalid capacity");
  const applicants = [...new Set(applicantIds.map(String))].sort((a, b) => compareIds(a, b));
  const order = [...applicants];
  const rng = randomStream(s);
  for (let i = order.length - 1; i >= 1; i--) {
    const j = rng.below(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const k = Math.min(capacity, order.length);
  return { algorithm: DRAW_ALGORITHM, seed: s, applicants, order, selected: order.slice(0, k), notSelected: order.slice(k) };
}

/** Decimal id strings compared as numbers (shorter first, then digit by digit). */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
