// joinRoom: a join the server could not answer is tried again while the connection lasts; a
// refusal is final; a new connection stops the old one's retries.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { joinRoom, type ClientSocket } from "../../app/realtime/socket";
import type { Ack } from "../../app/realtime/contract";

function fakeSocket(answers: Ack[]) {
  const s = { connected: true, id: "c1", joins: 0, emit: (_e: string, _room: string, ack: (a: Ack) => void) => {
    s.joins += 1;
    ack(answers.shift() ?? { ok: true });
  } };
  return s;
}
const internal: Ack = { ok: false, error: { code: "internal", message: "" } };

describe("joinRoom", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("tries again after `internal` until the server answers", async () => {
    const s = fakeSocket([internal, internal]);
    const done = vi.fn();
    joinRoom(s as unknown as ClientSocket, "thread:1", done);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.joins).toBe(3);
    expect(done).toHaveBeenCalledTimes(1);
    expect(done).toHaveBeenCalledWith({ ok: true });
  });

  it("takes a refusal as final", () => {
    const refused: Ack = { ok: false, error: { code: "forbidden", message: "" } };
    const s = fakeSocket([refused]);
    const done = vi.fn();
    joinRoom(s as unknown as ClientSocket, "mailbox:1", done);
    expect(done).toHaveBeenCalledWith(refused);
    expect(s.joins).toBe(1);
  });

  it("stops retrying once that connection is gone (the next one joins for itself)", async () => {
    const s = fakeSocket([internal, internal, internal]);
    const done = vi.fn();
    joinRoom(s as unknown as ClientSocket, "thread:1", done);
    s.id = "c2";
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.joins).toBe(1);
    expect(done).not.toHaveBeenCalled();
  });
});
