// Vote counts (`live:votes`) are merged and swept through the room (server/realtime/sweep.ts):
// a quiet room gets the first count at once, a busy one at most one message per reader per
// window, every reader ends with every final count, and counts never overtake events
// published before them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { SLICE } from "../../server/realtime/fanout";
import { SWEEP_GROUPS, SWEEP_WINDOW_MS } from "../../server/realtime/sweep";
import { startTestServer, type TestServer } from "../support/server";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
});
afterAll(() => s?.stop());

type Votes = { sessionId: string; votes: { id: string; votes: number }[] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** n sockets in `room` (joined on the server side: the room needs no session behind it). */
async function readers(n: number, room: string): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < n; i += 50) out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => s.socket()))));
  for (const c of out) s.io.of("/").sockets.get(c.id!)!.join(room);
  return out;
}

async function until(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(20);
}

describe("swept vote counts", () => {
  it("sends a quiet room's first count to everyone at once, then at most one message per reader per window", async () => {
    const room = "live:sweep-1";
    // More than a slice: the first message to everyone goes out over several turns.
    const sockets = await readers(SLICE + 40, room);
    const got = sockets.map(() => [] as Votes[]);
    sockets.forEach((c, i) => c.on("live:votes", (p: Votes) => got[i].push(p)));
    // When the server wrote each reader's messages (same clock as the sweep's).
    const written = sockets.map(() => [] as number[]);
    sockets.forEach((c, i) =>
      s.io
        .of("/")
        .sockets.get(c.id!)!
        .onAnyOutgoing((event) => {
          if (event === "live:votes") written[i].push(performance.now());
        }),
    );
    const publish = (id: string, votes: number) => s.app.publisher.publish(room, "live:votes", { sessionId: "1", votes: [{ id, votes }] });

    publish("a", 1);
    await until(() => got.every((g) => g.length === 1));
    // The first change in a quiet room reached every reader as it was.
    expect(got.map((g) => g[0])).toEqual(sockets.map(() => ({ sessionId: "1", votes: [{ id: "a", votes: 1 }] })));

    // 120 counts over ~600 ms on three questions, some out of order (another node's older count).
    const final = new Map<string, number>([["a", 1]]);
    const started = Date.now();
    for (let k = 0; k < 120; k++) {
      const id = ["a", "b", "c"][k % 3];
      const n = 2 + Math.floor(k / 3);
      publish(id, n);
      if (k % 10 === 5) publish(id, n - 1);
      final.set(id, Math.max(final.get(id) ?? 0, n));
      await sleep(5);
    }
    const span = Date.now() - started;
    const highest = (g: Votes[]) => {
      const m = new Map<string, number>();
      for (const p of g) for (const v of p.votes) m.set(v.id, Math.max(m.get(v.id) ?? 0, v.votes));
      return m;
    };
    await until(() => got.every((g) => [...final].every(([id, n]) => highest(g).get(id) === n)));
    // Every reader holds every final count.
    expect(got.filter((g) => [...final].some(([id, n]) => highest(g).get(id) !== n)).length).toBe(0);
    // Paced: one leading message, then at most one per (window − half a tick) until the sweep ends
    // (a window and a tick after the last count). One broadcast per count would be 121 + 12.
    const bound = 2 + Math.ceil((span + SWEEP_WINDOW_MS * 1.5) / (SWEEP_WINDOW_MS * 0.9));
    expect(Math.max(...got.map((g) => g.length))).toBeLessThanOrEqual(bound);
    // And never two writes to one reader within a window (less a turn of timer slack).
    const gaps = written.flatMap((w) => w.slice(1).map((t, k) => t - w[k]));
    expect(gaps.length).toBeGreaterThan(sockets.length);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(SWEEP_WINDOW_MS - SWEEP_WINDOW_MS / SWEEP_GROUPS);
    // Merged: a message carries every question that changed since the reader's last one.
    expect(got.some((g) => g.some((p) => p.votes.length === 3))).toBe(true);
    // No reader is sent a count lower than one it was already sent.
    for (const g of got) {
      const seen = new Map<string, number>();
      for (const p of g) for (const v of p.votes) {
        expect(v.votes).toBeGreaterThan(seen.get(v.id) ?? 0);
        seen.set(v.id, v.votes);
      }
    }
  }, 60_000);

  it("never lets a count overtake an event published before it to a room larger than a slice", async () => {
    const room = "live:sweep-2";
    const sockets = await readers(SLICE + 40, room);
    const order = sockets.map(() => [] as string[]);
    sockets.forEach((c, i) => {
      c.on("live:question", () => order[i].push("question"));
      c.on("live:votes", () => order[i].push("votes"));
    });
    s.app.publisher.publish(room, "live:question", { sessionId: "2", question: { id: "9", sessionId: "2", status: "approved", votes: 0 } as never });
    s.app.publisher.publish(room, "live:votes", { sessionId: "2", votes: [{ id: "9", votes: 1 }] });
    await until(() => order.every((o) => o.length === 2));
    expect(order.filter((o) => o.join() !== "question,votes")).toEqual([]);
  }, 60_000);
});
