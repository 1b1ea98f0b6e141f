// Big rooms get their broadcasts in slices (server/realtime/fanout.ts); every reader must still
// receive every event exactly once and in publish order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { SLICE } from "../../server/realtime/fanout";
import { emitAck, startTestServer, type TestServer } from "../support/server";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
});
afterAll(() => s?.stop());

describe("sliced fan-out", () => {
  it("delivers rapid events to a room larger than one slice, once each and in order", async () => {
    const author = await s.user("official");
    const t = await s.api("/threads", { token: author.token, body: { section: "forum", title: "大房间", body: "正文" } });
    const room = `thread:${t.body.thread.id}`;
    const n = SLICE * 2 + 37;
    const sockets: Socket[] = [];
    for (let i = 0; i < n; i += 50) {
      sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => s.socket()))));
    }
    await Promise.all(sockets.map((c) => emitAck(c, "join", room)));
    const got = sockets.map(() => [] as string[]);
    sockets.forEach((c, i) => c.on("post:created", (p: any) => got[i].push(p.post.body)));
    // A sliced broadcast and small ones queued behind it must not overtake it.
    const bodies = ["一", "二", "三", "四", "五"];
    for (const b of bodies) s.app.publisher.publish(room, "post:created", { threadId: t.body.thread.id, post: { body: b } as never });
    // The publish calls returned with the work still queued: the event loop was not held.
    expect((s.io.of("/").adapter as unknown as { __fanout?: { queue: unknown[] } }).__fanout?.queue.length).toBeGreaterThan(0);
    const deadline = Date.now() + 15_000;
    while (got.some((g) => g.length < bodies.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(got.filter((g) => g.join() !== bodies.join())).toEqual([]);
    // the server answered requests while the slices went out
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
