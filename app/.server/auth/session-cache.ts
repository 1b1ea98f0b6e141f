// A short-lived cache of validated sessions: most requests then need no session query. It is
// owned by the server process (injected through AppServices, never a module singleton), bounded,
// and emptied for a session or a user the moment it is ended, disabled or given a new role —
// on every node, through the `relay` the server wires to the other nodes.
import type { Session } from "lucia";
import type { Viewer } from "~/domain/auth/types";

export interface CachedAuth {
  viewer: Viewer;
  session: Session;
}

export interface SessionCache {
  get(sessionId: string): CachedAuth | null;
  set(sessionId: string, value: CachedAuth): void;
  /** Forgets one session here and on every other node. */
  evictSession(sessionId: string): void;
  /** Forgets every session of a user here and on every other node. */
  evictUser(userId: number): void;
  /** Applies an eviction that another node announced. */
  applyRemote(e: Eviction): void;
}

export type Eviction = { sessionId: string } | { userId: number };

export function createSessionCache(opts: { ttlMs?: number; max?: number; now?: () => number; relay?: (e: Eviction) => void } = {}): SessionCache {
  const ttl = opts.ttlMs ?? 10_000;
  const max = opts.max ?? 10_000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { value: CachedAuth; until: number }>();
  const byUser = new Map<number, Set<string>>();

  const drop = (sessionId: string) => {
    const e = entries.get(sessionId);
    if (!e) return;
    entries.delete(sessionId);
    const set = byUser.get(e.value.viewer.id);
    set?.delete(sessionId);
    if (set && set.size === 0) byUser.delete(e.value.viewer.id);
  };
  const dropUser = (userId: number) => {
    for (const id of [...(byUser.get(userId) ?? [])]) drop(id);
  };

  return {
    get(sessionId) {
      const e = entries.get(sessionId);
      if (!e) return null;
      if (e.until <= now()) {
        drop(sessionId);
        return null;
      }
      return e.value;
    },
    set(sessionId, value) {
      if (entries.size >= max) drop(entries.keys().next().value as string); // oldest first
      // Never past the session's own expiry.
      entries.set(sessionId, { value, until: Math.min(now() + ttl, value.session.expiresAt.getTime()) });
      let set = byUser.get(value.viewer.id);
      if (!set) byUser.set(value.viewer.id, (set = new Set()));
      set.add(sessionId);
    },
    evictSession(sessionId) {
      drop(sessionId);
      opts.relay?.({ sessionId });
    },
    evictUser(userId) {
      dropUser(userId);
      opts.relay?.({ userId });
    },
    applyRemote(e) {
      if ("sessionId" in e) drop(e.sessionId);
      else dropUser(e.userId);
    },
  };
}
