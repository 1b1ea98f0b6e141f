// Vote counts reach a session's room in small batches. A popular session is thousands of
// readers and dozens of votes a second: one broadcast per vote would be readers × votes socket
// writes (2,000 × 50 = 100,000 a second), more than two cores can write or browsers need. So a
// count waits at most VOTE_WINDOW_MS, and every count that changed in a session meanwhile goes
// out in one `live:votes` {sessionId, votes: [{id, votes}]}: readers × 1000 / VOTE_WINDOW_MS
// writes a second whatever the rate of votes. The first vote after a quiet spell goes out at
// once (leading edge), so a quiet session sees no delay.
//
// Nothing here is the only copy of anything: counts are absolute (the database's, after the
// vote), pages keep the highest they have seen, and a page that (re)joins refetches the
// session. Each node batches its own votes; batches from several nodes merge the same way.
// Keyed by the publisher, so the state belongs to one running server (tests start several).
import type { Publisher } from "../publisher";
import { liveRoom } from "~/domain/live/types";

// 50 ms: the window is part of every vote's latency (it waits up to a window), and with votes on
// the lean write path (decision 009) a 2,000-reader session can afford 20 batches a second
// (bench:live-session; at 100 ms the wait alone kept p99 above twice a bare broadcast's).
export const VOTE_WINDOW_MS = 50;

interface Pending {
  counts: Map<string, number>;
  timer: ReturnType<typeof setTimeout> | null;
  lastSent: number;
}

const batches = new WeakMap<Publisher, Map<number, Pending>>();

function flush(publisher: Publisher, sessions: Map<number, Pending>, sessionId: number) {
  const p = sessions.get(sessionId);
  if (!p) return;
  p.timer = null;
  if (p.counts.size === 0) {
    sessions.delete(sessionId);
    return;
  }
  const votes = [...p.counts].map(([id, n]) => ({ id, votes: n }));
  p.counts.clear();
  p.lastSent = Date.now();
  publisher.publish(liveRoom(sessionId), "live:votes", { sessionId: String(sessionId), votes });
  // Keep the entry for one more window so a vote right after this batch waits its turn;
  // then it is dropped (a quiet session holds nothing).
  p.timer = setTimeout(() => flush(publisher, sessions, sessionId), VOTE_WINDOW_MS);
  p.timer.unref?.();
}

/** Announces a question's new count (after the vote committed). */
export function publishVoteCount(publisher: Publisher, sessionId: number, questionId: string, votes: number) {
  let sessions = batches.get(publisher);
  if (!sessions) batches.set(publisher, (sessions = new Map()));
  let p = sessions.get(sessionId);
  if (!p) sessions.set(sessionId, (p = { counts: new Map(), timer: null, lastSent: 0 }));
  p.counts.set(questionId, Math.max(votes, p.counts.get(questionId) ?? 0));
  if (p.timer === null) {
    const wait = Math.max(0, p.lastSent + VOTE_WINDOW_MS - Date.now());
    p.timer = setTimeout(() => flush(publisher, sessions!, sessionId), wait);
    p.timer.unref?.();
  }
}
