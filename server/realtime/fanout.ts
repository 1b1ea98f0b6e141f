// Large room broadcasts in slices. Socket.IO writes a broadcast to every socket in one
// synchronous loop (one writev per socket, ~18 µs each here), so a reply to a room of 1,000
// readers holds the event loop for ~18 ms and every request that arrives meanwhile waits.
// This sends big broadcasts in slices of SLICE sockets, yielding between slices, and keeps a
// FIFO per adapter so each socket still receives events in publish order. It patches the
// in-memory adapter's broadcast, which the Redis adapter also uses for its local delivery, so
// one node and many behave alike.
import { Adapter } from "socket.io-adapter";

export const SLICE = 200;

interface Internals {
  nsp: { name: string };
  _encode(packet: unknown, packetOpts: unknown): unknown;
  apply(opts: unknown, cb: (socket: OutSocket) => void): void;
  __fanout?: { queue: (() => boolean)[]; running: boolean };
}
interface OutSocket {
  connected: boolean;
  notifyOutgoingListeners?: (packet: unknown) => void;
  client: { writeToEngine(encoded: unknown, opts: unknown): void };
}

let installed = false;

export function installSlicedBroadcast() {
  if (installed) return;
  installed = true;
  const proto = Adapter.prototype as unknown as { broadcast(packet: { nsp?: string }, opts: { flags?: Record<string, boolean> }): void };
  proto.broadcast = function (this: Internals, packet, opts) {
    const flags = opts.flags || {};
    const packetOpts = { preEncoded: true, volatile: flags.volatile, compress: flags.compress };
    packet.nsp = this.nsp.name;
    const encoded = this._encode(packet, packetOpts);
    const targets: OutSocket[] = [];
    this.apply(opts, (socket) => targets.push(socket));
    const write = (socket: OutSocket) => {
      if (typeof socket.notifyOutgoingListeners === "function") socket.notifyOutgoingListeners(packet);
      socket.client.writeToEngine(encoded, packetOpts);
    };
    const state = (this.__fanout ??= { queue: [], running: false });
    if (targets.length <= SLICE && state.queue.length === 0) {
      targets.forEach(write);
      return;
    }
    let i = 0;
    // A job writes one slice per turn and reports whether it has more to do.
    state.queue.push(() => {
      const end = Math.min(i + SLICE, targets.length);
      for (; i < end; i++) if (targets[i].connected) write(targets[i]);
      return i < targets.length;
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
  };
}
