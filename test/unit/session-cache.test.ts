import { describe, expect, it } from "vitest";
import { createSessionCache, type CachedAuth, type Eviction } from "../../app/.server/auth/session-cache";

const auth = (userId: number, expiresAt = new Date(8.64e15)): CachedAuth => ({
  viewer: { id: userId, username: `u${userId}`, displayName: `U${userId}`, role: "citizen" },
  session: { id: `s`, userId, expiresAt, fresh: false } as never,
});

describe("session cache", () => {
  it("keeps an entry for its TTL only, never past the session's expiry", () => {
    let t = 0;
    const c = createSessionCache({ ttlMs: 1000, now: () => t });
    c.set("a", auth(1));
    c.set("b", auth(2, new Date(300)));
    t = 299;
    expect(c.get("a")?.viewer.id).toBe(1);
    expect(c.get("b")?.viewer.id).toBe(2);
    t = 300;
    expect(c.get("b")).toBeNull();
    t = 1000;
    expect(c.get("a")).toBeNull();
  });

  it("evicts a session or all of a user's sessions, and tells the other nodes", () => {
    const sent: Eviction[] = [];
    const c = createSessionCache({ relay: (e) => sent.push(e) });
    c.set("a", auth(1));
    c.set("b", auth(1));
    c.set("c", auth(2));
    c.evictSession("c");
    expect(c.get("c")).toBeNull();
    c.evictUser(1);
    expect([c.get("a"), c.get("b")]).toEqual([null, null]);
    expect(sent).toEqual([{ sessionId: "c" }, { userId: 1 }]);
  });

  it("applies evictions from other nodes without relaying them again", () => {
    const sent: Eviction[] = [];
    const c = createSessionCache({ relay: (e) => sent.push(e) });
    c.set("a", auth(7));
    c.applyRemote({ userId: 7 });
    expect(c.get("a")).toBeNull();
    expect(sent).toEqual([]);
  });

  it("stays bounded", () => {
    const c = createSessionCache({ max: 3 });
    for (const id of ["a", "b", "c", "d"]) c.set(id, auth(1));
    expect(c.get("a")).toBeNull();
    expect(c.get("d")).not.toBeNull();
  });
});
