// Two app nodes on one PostgreSQL and one Redis: a reply posted through one node reaches a
// socket connected to the other, and so do vote counts. Needs DATABASE_URL and REDIS_URL (CI has both).
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../server/app";
import { dropDatabase, freshDatabaseUrl } from "../support/db";
import { io as ioClient, type Socket } from "socket.io-client";

const enabled = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const nodes: RunningServer[] = [];
let databaseUrl: string | undefined;
const sockets: Socket[] = [];

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const n of nodes) await n.close();
  await dropDatabase(databaseUrl);
});

describe.skipIf(!enabled)("fan-out through Redis", () => {
  it("delivers a reply and swept vote counts published on node A to a reader on node B, with presence counted across nodes", async () => {
    databaseUrl = await freshDatabaseUrl();
    for (let i = 0; i < 2; i++) {
      nodes.push(
        await startServer({
          mode: "production",
          log: () => {},
          config: { port: 0, host: "127.0.0.1", databaseUrl, redisUrl: process.env.REDIS_URL, seedDemo: false, rateLimits: false },
        }),
      );
    }
    const [a, b] = nodes;
    const reg = await fetch(`${a.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: `redis_${Date.now()}`, password: "password-123" }),
    }).then((r) => r.json());
    const auth = { "Content-Type": "application/json", Authorization: `Bearer ${reg.token}` };
    const thread = await fetch(`${a.url}/api/v1/threads`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ section: "forum", title: "跨节点", body: "正文" }),
    }).then((r) => r.json());
    const room = `thread:${thread.thread.id}`;

    const connect = (url: string) =>
      new Promise<Socket>((resolve) => {
        const s = ioClient(url, { path: "/socket.io", transports: ["websocket"], forceNew: true });
        sockets.push(s);
        s.once("connect", () => resolve(s));
      });
    const onB = await connect(b.url);
    const onA = await connect(a.url);
    await new Promise((r) => onB.emit("join", room, r));
    const presence = new Promise<any>((resolve) => onB.on("presence", (p) => p.count === 2 && resolve(p)));
    await new Promise((r) => onA.emit("join", room, r));
    expect(await presence).toEqual({ room, count: 2 });

    const received = new Promise<any>((resolve) => onB.once("post:created", resolve));
    const posted = await fetch(`${a.url}/api/v1/threads/${thread.thread.id}/posts`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ body: "经 A 节点发出" }),
    }).then((r) => r.json());
    const ev = await received;
    expect(ev.post.id).toBe(posted.post.id);
    expect(ev.post.body).toBe("经 A 节点发出");

    // Vote counts published on node A are swept to readers on node B, the highest winning.
    b.io.of("/").sockets.get(onB.id!)!.join("live:77");
    const counts: { id: string; votes: number }[] = [];
    onB.on("live:votes", (p: { votes: { id: string; votes: number }[] }) => counts.push(...p.votes));
    for (let n = 1; n <= 30; n++) {
      a.app.publisher.publish("live:77", "live:votes", { sessionId: "77", votes: [{ id: "5", votes: n }] });
      await new Promise((r) => setTimeout(r, 3));
    }
    for (let i = 0; i < 100 && counts.at(-1)?.votes !== 30; i++) await new Promise((r) => setTimeout(r, 20));
    expect(counts.at(-1)).toEqual({ id: "5", votes: 30 });
    expect(counts.length).toBeLessThan(15);

    // Logging out on node A ends the token on node B at once, though B had it cached.
    expect((await fetch(`${b.url}/api/v1/me`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${a.url}/api/v1/auth/logout`, { method: "POST", headers: auth })).status).toBe(204);
    let status = 0;
    for (let i = 0; i < 20 && status !== 401; i++) {
      status = (await fetch(`${b.url}/api/v1/me`, { headers: auth })).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe(401);
  }, 60_000);
});
