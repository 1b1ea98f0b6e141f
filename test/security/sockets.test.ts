// Socket abuse against a real server: foreign origins, rooms one may not see, a flood of
// events, an oversized frame and malformed engine.io / socket.io packets over a raw WebSocket.
// After each, the server is healthy and other clients still get their events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Socket } from "socket.io-client";
import { mailboxes } from "../../db/schema";
import { SOCKET_EVENT_BURST } from "../../server/realtime";
import { emitAck, nextEvent, startTestServer, type TestServer, type TestUser } from "../support/server";
import { FOREIGN } from "./support";

let s: TestServer;
let citizen: TestUser;
let official: TestUser;
let other: TestUser;
let threadId: string;
let petitionId: string;
let mailboxId: string;

beforeAll(async () => {
  s = await startTestServer({ rateLimits: false });
  [citizen, official, other] = await Promise.all([s.user(), s.user("official"), s.user("official")]);
  const admin = await s.user("admin");
  const [mb] = await s.app.db.select({ id: mailboxes.id }).from(mailboxes).limit(1);
  mailboxId = String(mb.id);
  await s.api(`/admin/users/${official.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId, position: "handler" }] } });
  threadId = (await s.api("/threads", { token: citizen.token, body: { section: "forum", title: "公开讨论", body: "正文" } })).body.thread.id;
  petitionId = (await s.api("/petitions", { token: citizen.token, body: { mailboxId, title: "私密来信", body: "正文", category: "transport" } })).body.petition.id;
});
afterAll(() => s?.stop());

const healthy = async () => (await fetch(`${s.url}/healthz`)).status;
const wsUrl = () => `${s.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`;

/** Resolves with how the socket ended ("io server disconnect", "transport close" …), or "alive". */
function ended(sock: Socket, ms = 3000): Promise<string> {
  if (!sock.connected) return Promise.resolve("already");
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("alive"), ms);
    sock.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Another client that must keep getting events whatever the abuse. */
async function bystanderStillServed() {
  const b = await s.socket();
  expect(await emitAck(b, "join", `thread:${threadId}`)).toEqual({ ok: true });
  const got = nextEvent(b, "post:created", 5000);
  expect((await s.api(`/threads/${threadId}/posts`, { token: official.token, body: { body: "仍在服务" } })).status).toBe(201);
  expect((await got).threadId).toBe(threadId);
  b.disconnect();
}

/** A raw engine.io WebSocket: resolves once the server sent its open packet. */
function raw(headers: Record<string, string> = {}): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(), { headers });
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    ws.once("message", (m) => (String(m).startsWith("0{") ? resolve({ ws, closed }) : reject(new Error(`unexpected ${m}`))));
    ws.once("error", reject);
  });
}
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms))]);

describe("socket abuse", () => {
  it("refuses a foreign Origin (socket.io client and raw WebSocket alike)", async () => {
    await expect(s.socket(undefined, { origin: FOREIGN })).rejects.toBeTruthy();
    await expect(s.socket(citizen.token, { origin: FOREIGN })).rejects.toBeTruthy();
    await expect(raw({ Origin: FOREIGN })).rejects.toBeTruthy();
    // The long-polling transport too (a cross-site fetch with credentials would carry the cookie).
    const polling = (origin?: string) => fetch(`${s.url}/socket.io/?EIO=4&transport=polling`, { headers: origin ? { Origin: origin } : {} });
    expect((await polling(FOREIGN)).status).toBe(403);
    expect((await polling("null")).status).toBe(403);
    expect((await polling(s.url)).status).toBe(200);
    const same = await s.socket(undefined, { origin: s.url });
    expect(same.connected).toBe(true);
    same.disconnect();
  });

  it("keeps private rooms private: an error ack, never the events", async () => {
    const anon = await s.socket();
    expect(await emitAck(anon, "join", `thread:${threadId}`)).toEqual({ ok: true });
    for (const room of [`petition:${petitionId}`, `mailbox:${mailboxId}`, "supervision", `user:${citizen.id}`, `session:x`, "thread:999999", "", {}, null]) {
      expect((await emitAck<any>(anon, "join", room)).ok, String(room)).toBe(false);
    }
    // Signed in is not enough: another official's mailbox, someone else's case or user room.
    const stranger = await s.socket(other.token);
    for (const room of [`petition:${petitionId}`, `mailbox:${mailboxId}`, "supervision", `user:${citizen.id}`]) {
      expect((await emitAck<any>(stranger, "join", room)).ok, room).toBe(false);
    }
    // The mailbox's own official may (the policy is not simply "no").
    const member = await s.socket(official.token);
    expect(await emitAck(member, "join", `mailbox:${mailboxId}`)).toEqual({ ok: true });
    for (const x of [anon, stranger, member]) x.disconnect();
  });

  it(`drops a socket that floods 5,000 events (bucket of ${SOCKET_EVENT_BURST}); the server and others carry on`, async () => {
    const flooder = await s.socket(citizen.token);
    await emitAck(flooder, "join", `thread:${threadId}`);
    const how = ended(flooder, 5000);
    for (let i = 0; i < 5000; i++) flooder.emit("typing", `thread:${threadId}`);
    expect(await how).toBe("io server disconnect");
    expect(await healthy()).toBe(200);
    await bystanderStillServed();
    // An ordinary page's burst of joins stays well inside the bucket.
    const page = await s.socket();
    for (let i = 0; i < 10; i++) expect((await emitAck<any>(page, "join", `thread:${threadId}`)).ok).toBe(true);
    expect(page.connected).toBe(true);
    page.disconnect();
  });

  it("drops a socket that sends a 2 MB frame", async () => {
    const big = await s.socket(citizen.token);
    const how = ended(big, 5000);
    big.emit("join", "thread:" + "9".repeat(2 * 1024 * 1024));
    expect(await how).toBe("transport close");
    const r = await raw();
    r.ws.send("40");
    r.ws.send("42" + JSON.stringify(["join", "x".repeat(2 * 1024 * 1024)]));
    expect(await within(r.closed, 5000)).not.toBe("timeout");
    expect(await healthy()).toBe(200);
    await bystanderStillServed();
  });

  it("drops malformed engine.io and socket.io packets", async () => {
    const junk: (string | Buffer)[] = [
      "garbage",
      "42[\"join\",", // broken JSON
      "4" + "{{{{",
      "49", // unknown socket.io packet type
      "9hello", // unknown engine.io packet type
      "40/nope,", // a namespace that does not exist, then nonsense
      "42{\"not\":\"an array\"}",
      "43abc[]",
      Buffer.from([0xff, 0x00, 0xfe, 0x13, 0x37, 0x00, 0x42]),
    ];
    const outcomes: string[] = [];
    for (const packet of junk) {
      const r = await raw();
      r.ws.send("40");
      r.ws.send(packet);
      // Either the connection is closed, or the packet was ignored and nothing else happened.
      const result = await within(r.closed, 1500);
      if (result === "timeout") {
        // Still open: it must still behave (answer a ping) and the junk must not have joined anything.
        r.ws.send("3"); // a stray pong is harmless; then close politely
        r.ws.close();
        outcomes.push(`${String(packet).slice(0, 12)}: ignored`);
      } else outcomes.push(`${String(packet).slice(0, 12)}: closed`);
    }
    // Every malformed packet drops the connection; an unknown namespace is merely refused
    // (socket.io answers connect_error "Invalid namespace") and joins nothing.
    expect(outcomes.filter((o) => o.endsWith("ignored"))).toEqual(["40/nope,: ignored"]);
    expect(await healthy()).toBe(200);
    await bystanderStillServed();
  });
});
