// Large room broadcasts in slices. Socket.IO writes a broadcast to every socket in one
// synchronous loop (one writev per socket, ~18 µs each here), so a reply to a room of 1,000
// readers holds the event loop for ~18 ms and every request that arrives meanwhile waits.
// This sends big broadcasts in slices of SLICE sockets, yielding between slices, and keeps a
// FIFO per adapter so each socket still receives events in publish order. It patches the
// in-memory adapter's broadcast, which the Redis adapter also uses for its local delivery, so
// one node and many behave alike. Counter events (live vote counts) take a staggered sweep
// instead (sweep.ts, decision 014); their writes join the same FIFO.
import { Adapter } from "socket.io-adapter";
import { sweepCounters, type CounterEvent } from "./sweep";

export const SLICE = 200;

/** The adapter internals the patch uses (socket.io-adapter 2.5.9, pinned). */
export interface AdapterInternals {
  nsp: { name: string; sockets: Map<string, OutSocket> };
  rooms: Map<string, Set<string>>;
  _encode(packet: unknown, packetOpts: unknown): unknown;
  apply(opts: unknown, cb: (socket: OutSocket) => void): void;
  __fanout?: { queue: (() => boolean)[]; running: boolean };
}
export interface OutSocket {
  connected: boolean;
  notifyOutgoingListeners?: (packet: unknown) => void;
  client: { writeToEngine(encoded: unknown, opts: unknown): void };
}
export interface Packet {
  type?: number;
  nsp?: string;
  data?: unknown[];
}
interface BroadcastOpts {
  rooms?: Set<string>;
  except?: Set<string>;
  flags?: Record<string, boolean>;
}

/**
 * Writes one encoded packet to `targets`: at once when they fit in one slice and nothing is
 * queued, otherwise as a job in the adapter's FIFO, SLICE sockets per event-loop turn. `done`
 * runs after the last write.
 */
export function writeInOrder(adapter: AdapterInternals, packet: Packet, encoded: unknown, packetOpts: unknown, targets: OutSocket[], done?: () => void) {
  const write = (socket: OutSocket) => {
    if (typeof socket.notifyOutgoingListeners === "function") socket.notifyOutgoingListeners(packet);
    socket.client.writeToEngine(encoded, packetOpts);
  };
  const state = (adapter.__fanout ??= { queue: [], running: false });
  if (targets.length <= SLICE && state.queue.length === 0) {
    targets.forEach(write);
    done?.();
    return;
  }
  let i = 0;
  // A job writes one slice per turn and reports whether it has more to do.
  state.queue.push(() => {
    const end = Math.min(i + SLICE, targets.length);
    for (; i < end; i++) if (targets[i].connected) write(targets[i]);
    if (i < targets.length) return true;
    done?.();
    return false;
  });
  if (!state.running) {
    state.running = true;
    const step = () => {
      const job = state.queue[0];
      if (!job) {
        state.running = false;
        return;
      }
      if (!job()) state.queue.shift();
      setImmediate(step);
    };
    step();
  }
}

let installed = false;
const counters = new Map<string, CounterEvent<any>>();

/**
 * Patches the adapter's broadcast (once per process). `counterEvents` are events whose payload
 * is a set of absolute counts: they are merged and swept (sweep.ts) instead of sent one by one.
 */
export function installSlicedBroadcast(counterEvents: Record<string, CounterEvent<any>> = {}) {
  for (const [name, c] of Object.entries(counterEvents)) counters.set(name, c);
  if (installed) return;
  installed = true;
  const proto = Adapter.prototype as unknown as { broadcast(packet: Packet, opts: BroadcastOpts): void };
  proto.broadcast = function (this: AdapterInternals, packet, opts) {
    const flags = opts.flags || {};
    packet.nsp = this.nsp.name;
    // A counter event to exactly one room, to everyone in it (what the publisher sends).
    if (packet.type === 2 && Array.isArray(packet.data) && counters.size > 0 && opts.rooms?.size === 1 && !opts.except?.size && !flags.volatile) {
      const counter = counters.get(String(packet.data[0]));
      if (counter) {
        const [room] = opts.rooms;
        sweepCounters(this, room, String(packet.data[0]), counter, packet.data[1], writeInOrder);
        return;
      }
    }
    const packetOpts = { preEncoded: true, volatile: flags.volatile, compress: flags.compress };
    const encoded = this._encode(packet, packetOpts);
    const targets: OutSocket[] = [];
    this.apply(opts, (socket) => targets.push(socket));
    writeInOrder(this, packet, encoded, packetOpts, targets);
  };
}
