// Counter events (a live session's vote counts) reach a room in a staggered sweep (decision 014).
//
// A popular session is thousands of readers and dozens of votes a second. One broadcast per vote
// would be readers × votes socket writes (2,000 × 50 = 100,000 a second), more than two cores
// can write or browsers need, so counts are merged and each reader gets at most one `live:votes`
// every SWEEP_WINDOW_MS. Merging on a timer for the whole room made every count wait up to a
// window and then the room's whole fan-out (tens of ms for 2,000 sockets) on top. Instead the
// room's sockets are split into SWEEP_GROUPS groups whose turns are spread evenly over the
// window: every SWEEP_WINDOW_MS / SWEEP_GROUPS one group gets the counts that changed since its
// last turn. In a busy room a count waits at most a window for its reader's turn, and the
// turn's fan-out is a tenth of the room; the writes a second are the same and the event loop
// gets them in small, even steps instead of bursts. A window is counted from when a reader's message was written
// (a big room's first message goes out in slices), so no reader gets two within a window.
//
// Counts are absolute (the database's, after the commit) and pages keep the highest they have
// seen, so merging keeps the highest per id and nothing here is the only copy: a page that
// (re)joins refetches the session. Each node sweeps its own sockets; every node receives every
// count (the Redis adapter delivers each publish to every node's adapter), and a node with no
// reader in the room keeps nothing. The first change in a quiet room goes to everyone at once,
// so a quiet session sees no delay; as every group has just had a message then, the changes of
// the next window reach the last groups up to two windows later. A sweep stays on for
// IDLE_WINDOWS after its last change, so a session with a vote every few hundred ms keeps its
// even steps instead of a whole-room message per vote.
import type { AdapterInternals, OutSocket, Packet } from "./fanout";

export const SWEEP_WINDOW_MS = 50;
export const SWEEP_GROUPS = 10;
const TICK_MS = SWEEP_WINDOW_MS / SWEEP_GROUPS;
const IDLE_WINDOWS = 4;

/** How a counter event's payload carries counts. */
export interface CounterEvent<P> {
  counts(payload: P): Iterable<readonly [string, number]>;
  /** A payload with `counts`, otherwise like `template` (the latest one published). */
  payload(template: P, counts: [string, number][]): P;
}

type Write = (adapter: AdapterInternals, packet: Packet, encoded: unknown, packetOpts: unknown, targets: OutSocket[], done?: () => void) => void;

interface Sweep {
  seq: number;
  counts: Map<string, { value: number; seq: number }>;
  template: unknown;
  /** Per group: the last change it was sent, and when that message was written. */
  sentSeq: number[];
  sentAt: number[];
  lastChange: number;
  tick: number;
  timer: ReturnType<typeof setInterval> | null;
}

interface SweepingAdapter extends AdapterInternals {
  __sweeps?: Map<string, Sweep>;
}

// A socket keeps its group in every room it is in (round robin as sockets are first seen).
const GROUP = Symbol("sweepGroup");
let nextGroup = 0;
const groupOf = (s: OutSocket & { [GROUP]?: number }) => (s[GROUP] ??= nextGroup++ % SWEEP_GROUPS);

/** Merges a counter event for `room` into its sweep, starting one if the room was quiet. */
export function sweepCounters(adapter: SweepingAdapter, room: string, event: string, counter: CounterEvent<any>, payload: unknown, write: Write) {
  const sweeps = (adapter.__sweeps ??= new Map<string, Sweep>());
  const key = `${event}\u0000${room}`;
  let sw = sweeps.get(key);
  if (!sw) {
    // No reader here: nothing to send (a reader who joins later refetches the session).
    if (!adapter.rooms.has(room)) return;
    sw = { seq: 0, counts: new Map(), template: payload, sentSeq: Array(SWEEP_GROUPS).fill(0), sentAt: Array(SWEEP_GROUPS).fill(-Infinity), lastChange: 0, tick: 0, timer: null };
    sweeps.set(key, sw);
  }
  sw.template = payload;
  let changed = false;
  for (const [id, value] of counter.counts(payload)) {
    const had = sw.counts.get(id);
    if (had && had.value >= value) continue;
    sw.counts.set(id, { value, seq: ++sw.seq });
    changed = true;
  }
  if (!changed) {
    if (!sw.timer) sweeps.delete(key);
    return;
  }
  sw.lastChange = performance.now();
  if (sw.timer) return;
  // A quiet room: everyone now, then the sweep takes the changes that follow.
  send(adapter, room, event, counter, sw, null, write);
  const s = sw;
  s.timer = setInterval(() => {
    const now = performance.now();
    const g = s.tick++ % SWEEP_GROUPS;
    // At most one write per socket per window, less a turn: the window is counted from the end
    // of the group's last writes (a few ms after its turn began), and turns come every TICK_MS
    // or a little later, so a full turn of slack keeps every group on its own turn.
    if (s.sentSeq[g] < s.seq && now - s.sentAt[g] >= SWEEP_WINDOW_MS - TICK_MS) send(adapter, room, event, counter, s, g, write);
    // Idle once every group has everything, nothing changed for a while and every last write is
    // a window old: the next change can then go to everyone at once without breaking the pace.
    if (
      now - s.lastChange >= IDLE_WINDOWS * SWEEP_WINDOW_MS &&
      s.sentSeq.every((q) => q === s.seq) &&
      s.sentAt.every((t) => now - t >= SWEEP_WINDOW_MS)
    ) {
      clearInterval(s.timer!);
      sweeps.delete(key);
    }
  }, TICK_MS);
  s.timer.unref?.();
}

/** Sends group `g` (or every group) the counts that changed since its last turn. */
function send(adapter: SweepingAdapter, room: string, event: string, counter: CounterEvent<any>, sw: Sweep, g: number | null, write: Write) {
  const since = g === null ? Math.min(...sw.sentSeq) : sw.sentSeq[g];
  const counts: [string, number][] = [];
  for (const [id, c] of sw.counts) if (c.seq > since) counts.push([id, c.value]);
  const groups = g === null ? [...sw.sentSeq.keys()] : [g];
  const stamp = () => {
    const now = performance.now();
    for (const k of groups) sw.sentAt[k] = now;
  };
  for (const k of groups) sw.sentSeq[k] = sw.seq;
  stamp();
  const targets: OutSocket[] = [];
  for (const id of adapter.rooms.get(room) ?? []) {
    const socket = adapter.nsp.sockets.get(id);
    if (socket && (g === null || groupOf(socket) === g)) targets.push(socket);
  }
  if (targets.length === 0 || counts.length === 0) return;
  const packet: Packet = { type: 2, nsp: adapter.nsp.name, data: [event, counter.payload(sw.template, counts)] };
  const packetOpts = { preEncoded: true };
  // The window starts when the last socket's write is done (queued or sliced writes come later);
  // until then the groups' next turns wait.
  for (const k of groups) sw.sentAt[k] = Infinity;
  write(adapter, packet, adapter._encode(packet, packetOpts), packetOpts, targets, stamp);
}
