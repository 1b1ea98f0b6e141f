// Framework-free follower of one thread: joins `thread:<id>` on every (re)connect, then asks
// the API for everything after the last post it holds. Socket events and fetched pages are
// merged by post id, so nothing is missed across reconnects or server restarts and nothing
// is shown twice. useThreadLive wraps it for React; tests drive it from Node.
import { joinRoom } from "./socket";
import type { PostDto, ThreadDto } from "~/domain/forum/types";
import type { Ack, ClientToServer, ServerToClient } from "./contract";
import type { Socket } from "socket.io-client";

export interface FeedHandlers {
  /** New or changed posts, in any order; "caughtUp" marks fetched ones. */
  onPosts(posts: PostDto[], how: "created" | "updated" | "caughtUp"): void;
  /** The thread's visible reply count, when an event carries it. */
  onPostCount?(count: number): void;
  onThread?(thread: ThreadDto): void;
  onPresence?(count: number): void;
  onTyping?(user: { id: string; displayName: string }): void;
  onConnection?(connected: boolean): void;
}

export interface FeedOptions {
  threadId: string;
  /** Catch-up starts after this id: the post before the first one the page shows. */
  afterId: string;
  /** Base URL for the API ("" in the browser). */
  baseUrl?: string;
  /** On a page other than the last, catch-up stops at this floor. */
  untilSeq?: number;
  fetchImpl?: typeof fetch;
  headers?: Record<string, string>;
}

export class ThreadFeed {
  private readonly room: string;
  private stopped = false;
  private catchingUp: Promise<void> | null = null;
  private again = false;
  private off: (() => void)[] = [];

  constructor(
    private readonly socket: Socket<ServerToClient, ClientToServer>,
    private readonly opts: FeedOptions,
    private readonly h: FeedHandlers,
  ) {
    this.room = `thread:${opts.threadId}`;
  }

  start() {
    const s = this.socket;
    const on = <E extends keyof ServerToClient>(event: E, fn: ServerToClient[E]) => {
      s.on(event, fn as never);
      this.off.push(() => s.off(event, fn as never));
    };
    const onConnect = () => {
      this.h.onConnection?.(true);
      joinRoom(s, this.room, (ack: Ack) => {
        if (ack?.ok) void this.catchUp();
      });
    };
    const onDisconnect = () => this.h.onConnection?.(false);
    s.on("connect", onConnect);
    s.on("disconnect", onDisconnect);
    this.off.push(() => s.off("connect", onConnect), () => s.off("disconnect", onDisconnect));
    on("post:created", (p) => {
      if (p.threadId !== this.opts.threadId) return;
      this.h.onPosts([p.post], "created");
      if (p.postCount !== undefined) this.h.onPostCount?.(p.postCount);
    });
    on("post:updated", (p) => {
      if (p.threadId !== this.opts.threadId) return;
      this.h.onPosts([p.post], "updated");
      if (p.postCount !== undefined) this.h.onPostCount?.(p.postCount);
    });
    on("thread:updated", (p) => {
      if (p.thread.id === this.opts.threadId) this.h.onThread?.(p.thread);
    });
    on("presence", (p) => {
      if (p.room === this.room) this.h.onPresence?.(p.count);
    });
    on("typing", (p) => {
      if (p.room === this.room) this.h.onTyping?.(p.user);
    });
    if (s.connected) onConnect();
    else s.connect();
    return this;
  }

  /**
   * Fetches every post after `afterId`, page by page (current state of shown ones included).
   * A call while one is running makes it run once more when it ends, so a reconnect during a
   * catch-up is never served by the older pass.
   */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.again = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      do {
        this.again = false;
        await this.fetchAll();
      } while (this.again && !this.stopped);
      this.catchingUp = null;
    })();
    return this.catchingUp;
  }

  private async fetchAll() {
    const f = this.opts.fetchImpl ?? fetch;
    let after = this.opts.afterId;
    for (let attempt = 0, i = 0; i < 100 && !this.stopped; ) {
      try {
        const res = await f(
          `${this.opts.baseUrl ?? ""}/api/v1/threads/${this.opts.threadId}/posts?after=${after}&limit=100`,
          { credentials: "same-origin", headers: this.opts.headers },
        );
        if (res.status === 404) return; // hidden or gone: nothing more to show
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { items: PostDto[]; nextCursor: string | null };
        if (body.items.length) this.h.onPosts(body.items, "caughtUp");
        if (!body.nextCursor) return;
        if (this.opts.untilSeq !== undefined && (body.items.at(-1)?.seq ?? 0) >= this.opts.untilSeq) return;
        after = body.nextCursor;
        i += 1;
      } catch {
        // A failed fetch while connected is retried a few times; offline, the next connect retries.
        if (!this.socket.connected || ++attempt > 3) return;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }

  typing() {
    this.socket.emit("typing", this.room);
  }

  stop() {
    this.stopped = true;
    if (this.socket.connected) this.socket.emit("leave", this.room);
    for (const f of this.off) f();
    this.off = [];
  }
}
