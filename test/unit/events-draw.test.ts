// The observe-the-sessions draw: SHA-256 matches node:crypto, the draw is reproducible from the
// published seed and applicant list, different seeds give different results, exactly
// min(capacity, applicants) are selected, and every applicant has the same chance.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DRAW_ALGORITHM, SEED_PATTERN, compareIds, randomStream, runDraw, sha256Hex } from "../../app/domain/events/draw";

const seed = (i: number) => createHash("sha256").update(`test-seed-${i}`).digest("hex");
const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));

describe("SHA-256 (pure, isomorphic)", () => {
  it("equals node:crypto on empty, short, multi-block, boundary and UTF-8 inputs", () => {
    const inputs = ["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(63), "a".repeat(64), "a".repeat(1000), "旁听两会:0", "seed:123456789"];
    for (let i = 0; i < 50; i++) inputs.push(seed(i).repeat(i % 5) + `:${i}`);
    for (const s of inputs) expect(sha256Hex(s), JSON.stringify(s)).toBe(createHash("sha256").update(s, "utf8").digest("hex"));
  });

  it("the stream reads each block as eight big-endian 32-bit numbers", () => {
    const s = "00112233445566778899aabbccddeeff";
    const block0 = createHash("sha256").update(`${s}:0`).digest();
    const block1 = createHash("sha256").update(`${s}:1`).digest();
    const rng = randomStream(s);
    const got = Array.from({ length: 16 }, () => rng.next());
    const want = [...Array.from({ length: 8 }, (_, i) => block0.readUInt32BE(i * 4)), ...Array.from({ length: 8 }, (_, i) => block1.readUInt32BE(i * 4))];
    expect(got).toEqual(want);
  });
});

describe("runDraw", () => {
  it("is reproducible: the same seed and list give the same result, whatever the list's order", () => {
    const list = ids(37, 100);
    const a = runDraw(seed(1), list, 10);
    const b = runDraw(seed(1), [...list].reverse(), 10);
    const c = runDraw(seed(1).toUpperCase(), list.map(Number), 10);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.algorithm).toBe(DRAW_ALGORITHM);
    expect(a.applicants).toEqual(list);
  });

  it("a different seed gives a different order", () => {
    const list = ids(30);
    const orders = new Set(Array.from({ length: 20 }, (_, i) => runDraw(seed(i), list, 10).order.join(",")));
    expect(orders.size).toBe(20);
    expect(runDraw(seed(1), list, 10).selected).not.toEqual(runDraw(seed(2), list, 10).selected);
  });

  it("selects exactly min(capacity, applicants), all distinct, and splits the list", () => {
    for (const [n, cap] of [[0, 5], [1, 5], [5, 5], [6, 5], [40, 10], [10, 40], [100, 1]] as const) {
      const list = ids(n, 7);
      const r = runDraw(seed(n * 100 + cap), list, cap);
      expect(r.selected).toHaveLength(Math.min(cap, n));
      expect(r.notSelected).toHaveLength(n - Math.min(cap, n));
      expect(new Set([...r.selected, ...r.notSelected])).toEqual(new Set(list));
      expect([...r.selected, ...r.notSelected]).toEqual(r.order);
    }
  });

  it("a known vector stays fixed (anyone re-implementing the algorithm can compare)", () => {
    const r = runDraw("0123456789abcdef0123456789abcdef", ["1", "2", "3", "4", "5", "6", "7", "8"], 3);
    // Recomputed here with node:crypto, step by step as the page describes it.
    const order = ["1", "2", "3", "4", "5", "6", "7", "8"];
    const words: number[] = [];
    let c = 0;
    const next = () => {
      if (!words.length) {
        const h = createHash("sha256").update(`0123456789abcdef0123456789abcdef:${c++}`).digest();
        for (let i = 0; i < 8; i++) words.push(h.readUInt32BE(i * 4));
      }
      return words.shift()!;
    };
    for (let i = order.length - 1; i >= 1; i--) {
      const m = i + 1;
      const limit = Math.floor(2 ** 32 / m) * m;
      let u = next();
      while (u >= limit) u = next();
      const j = u % m;
      [order[i], order[j]] = [order[j], order[i]];
    }
    expect(r.order).toEqual(order);
    expect(r.selected).toEqual(order.slice(0, 3));
  });

  it("is fair: over many seeds each applicant is selected about capacity/n of the time", () => {
    const n = 10;
    const cap = 3;
    const runs = 4000;
    const hits = new Map<string, number>();
    const firstPlace = new Map<string, number>();
    for (let i = 0; i < runs; i++) {
      const r = runDraw(seed(10_000 + i), ids(n), cap);
      for (const id of r.selected) hits.set(id, (hits.get(id) ?? 0) + 1);
      firstPlace.set(r.order[0], (firstPlace.get(r.order[0]) ?? 0) + 1);
    }
    const expected = (runs * cap) / n; // 1200
    for (const id of ids(n)) {
      // ±5 standard deviations (σ ≈ 29): a fair draw never fails this.
      expect(Math.abs((hits.get(id) ?? 0) - expected)).toBeLessThan(150);
      expect(Math.abs((firstPlace.get(id) ?? 0) - runs / n)).toBeLessThan(100);
    }
    // Chi-square over the 6 orders of 3 people: df = 5, 99.99th percentile ≈ 25.7.
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const k = runDraw(seed(50_000 + i), ["1", "2", "3"], 3).order.join("");
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const chi = [...counts.values()].reduce((s, o) => s + (o - 500) ** 2 / 500, 0);
    expect(chi).toBeLessThan(25.7);
  });

  it("refuses seeds that are not 16–128 hex digits", () => {
    for (const bad of ["", "xyz", "0123", "g".repeat(20), "a".repeat(129)]) expect(() => runDraw(bad, ["1"], 1)).toThrow();
    expect(SEED_PATTERN.test("a".repeat(16))).toBe(true);
  });

  it("sorts ids as numbers, not as text", () => {
    expect(["10", "9", "100", "11"].sort(compareIds)).toEqual(["9", "10", "11", "100"]);
    expect(runDraw(seed(3), ["10", "9", "100"], 1).applicants).toEqual(["9", "10", "100"]);
  });
});
