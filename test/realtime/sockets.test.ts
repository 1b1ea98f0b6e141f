import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as ioClient } from "socket.io-client";
import { emitAck, nextEvent, startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let mod: TestUser;

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  [alice, bob, mod] = await Promise.all([s.user(), s.user("official"), s.user("moderator")]);
});
afterAll(() => s?.stop());

async function thread() {
  const r = await s.api("/threads", { token: alice.token, body: { section: "forum", title: "实时讨论", body: "正文" } });
  return r.body.thread.id as string;
}

describe("Socket.IO", () => {
  it("pushes post:created and post:updated with small payloads to the thread room", async () => {
    const id = await thread();
    const viewer = await s.socket(); // anonymous may join public rooms
    expect(await emitAck(viewer, "join", `thread:${id}`)).toEqual({ ok: true });
    const created = nextEvent(viewer, "post:created");
    const reply = await s.api(`/threads/${id}/posts`, { token: bob.token, body: { body: "官方回复内容" } });
    const ev = await created;
    expect(ev.threadId).toBe(id);
    expect(ev.post).toMatchObject({ id: reply.body.post.id, body: "官方回复内容", official: true, author: { role: "official" } });
    const updated = nextEvent(viewer, "post:updated");
    await s.api(`/posts/${reply.body.post.id}/reactions`, { token: alice.token, body: { kind: "helpful" } });
    expect((await updated).post.helpfulCount).toBe(1);
    const hidden = nextEvent(viewer, "post:updated");
    await s.api(`/posts/${reply.body.post.id}`, { method: "PATCH", token: mod.token, body: { hidden: true } });
    expect((await hidden).post).toMatchObject({ hidden: true, body: "", bodyHtml: "" });
    const tu = nextEvent(viewer, "thread:updated");
    await s.api(`/threads/${id}`, { method: "PATCH", token: mod.token, body: { locked: true } });
    expect((await tu).thread).toMatchObject({ id, locked: true });
  });

  it("refuses rooms the socket may not see with an error ack", async () => {
    const id = await thread();
    await s.api(`/threads/${id}`, { method: "PATCH", token: mod.token, body: { hidden: true } });
    const anon = await s.socket();
    const denied = await emitAck<any>(anon, "join", `thread:${id}`);
    expect(denied.ok).toBe(false);
    expect(denied.error.code).toBe("room_not_found");
    expect(denied.error.message).toEqual(expect.any(String));
    const modSocket = await s.socket(mod.token);
    expect(await emitAck(modSocket, "join", `thread:${id}`)).toEqual({ ok: true });
    for (const room of ["thread:999999", "nonsense", "thread:abc", `user:${bob.id}`, "petition:1", 42]) {
      const r = await emitAck<any>(anon, "join", room);
      expect(r.ok).toBe(false);
    }
    const own = await s.socket(alice.token);
    expect((await emitAck<any>(own, "join", `user:${bob.id}`)).ok).toBe(false);
    expect(await emitAck(own, "join", `user:${alice.id}`)).toEqual({ ok: true });
  });

  it("removes readers from a thread's room the moment it is hidden", async () => {
    const id = await thread();
    const reader = await s.socket(alice.token);
    const modSocket = await s.socket(mod.token);
    await emitAck(reader, "join", `thread:${id}`);
    await emitAck(modSocket, "join", `thread:${id}`);
    const leaked: string[] = [];
    reader.on("thread:updated", () => leaked.push("thread:updated"));
    reader.on("post:created", () => leaked.push("post:created"));
    const modSees = nextEvent(modSocket, "thread:updated");
    await s.api(`/threads/${id}`, { method: "PATCH", token: mod.token, body: { hidden: true } });
    expect((await modSees).thread.hidden).toBe(true);
    const modPost = nextEvent(modSocket, "post:created");
    await s.api(`/threads/${id}/posts`, { token: mod.token, body: { body: "隐藏后的回复" } });
    await modPost;
    await new Promise((r) => setTimeout(r, 200));
    expect(leaked).toEqual([]);
  });

  it("counts people, not connections", async () => {
    const id = await thread();
    const tab1 = await s.socket(bob.token);
    const tab2 = await s.socket(bob.token);
    await emitAck(tab1, "join", `thread:${id}`);
    const p = nextEvent(tab1, "presence");
    await emitAck(tab2, "join", `thread:${id}`);
    expect((await p).count).toBe(1);
  });

  it("a role change ends the user's sockets so they reconnect with the new identity", async () => {
    const admin = await s.user("admin");
    const target = await s.user("moderator");
    const sock = await s.socket(target.token);
    const gone = nextEvent(sock, "disconnect");
    await s.api(`/admin/users/${target.id}`, { method: "PATCH", token: admin.token, body: { role: "citizen" } });
    expect(await gone).toBe("io server disconnect");
  });

  it("refuses a foreign Origin at the handshake", async () => {
    await expect(s.socket(undefined, { origin: "https://evil.example" })).rejects.toBeTruthy();
    const same = await s.socket(undefined, { origin: s.url.replace("127.0.0.1", "127.0.0.1") });
    expect(same.connected).toBe(true);
  });

  it("drops a socket that sends an oversized message and carries on", async () => {
    const id = await thread();
    const big = await s.socket();
    const closed = nextEvent(big, "disconnect", 5000);
    big.emit("join", "x".repeat(2 * 1024 * 1024));
    expect(await closed).toBeTruthy();
    const fine = await s.socket();
    expect(await emitAck(fine, "join", `thread:${id}`)).toEqual({ ok: true });
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it("counts presence and relays typing to others only (signed-in users)", async () => {
    const id = await thread();
    const a = await s.socket(alice.token);
    const b = await s.socket(bob.token);
    const anon = await s.socket();
    await emitAck(a, "join", `thread:${id}`);
    const p2 = nextEvent(a, "presence");
    await emitAck(b, "join", `thread:${id}`);
    expect(await p2).toEqual({ room: `thread:${id}`, count: 2 });
    await emitAck(anon, "join", `thread:${id}`);
    const typing = nextEvent(b, "typing");
    let selfTyping = false;
    a.on("typing", () => (selfTyping = true));
    a.emit("typing", `thread:${id}`);
    expect(await typing).toMatchObject({ room: `thread:${id}`, user: { id: alice.id } });
    // anonymous typing is ignored
    let anonTyping = false;
    b.on("typing", (p: any) => {
      if (p.user.id !== alice.id) anonTyping = true;
    });
    anon.emit("typing", `thread:${id}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(selfTyping).toBe(false);
    expect(anonTyping).toBe(false);
    const p1 = nextEvent(a, "presence");
    b.disconnect();
    anon.disconnect();
    expect((await p1).count).toBeLessThanOrEqual(2);
  });

  it("logout ends the session's sockets; a dead token cannot authenticate a socket", async () => {
    const login = await s.api("/auth/login", { body: { username: alice.username, password: "password-123" } });
    const token = login.body.token;
    const sock = await s.socket(token);
    const id = await thread();
    await emitAck(sock, "join", `thread:${id}`);
    const gone = nextEvent(sock, "disconnect");
    await s.api("/auth/logout", { method: "POST", token });
    expect(await gone).toBe("io server disconnect");
    // the token is dead: a new socket with it is anonymous and may not join its user room
    const again = await s.socket(token);
    expect((await emitAck<any>(again, "join", `user:${alice.id}`)).ok).toBe(false);
  });

  it("survives malformed packets", async () => {
    const raw = ioClient(s.url, { path: "/socket.io", transports: ["websocket"], reconnection: false, forceNew: true });
    await new Promise<void>((r) => raw.once("connect", () => r()));
    // write garbage straight to the engine: the server closes that socket only
    (raw.io.engine as any).write("2garbage[[[");
    (raw.io.engine as any).write("42[\"join\"");
    await new Promise((r) => setTimeout(r, 200));
    raw.emit("join");
    raw.emit("leave", { not: "a room" }, () => {});
    raw.emit("typing", null);
    raw.close();
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const fine = await s.socket();
    expect(fine.connected).toBe(true);
  });
});
