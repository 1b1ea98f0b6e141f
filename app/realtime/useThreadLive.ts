// Live state of a thread page: posts merged by id from the socket and from catch-up fetches,
// presence, typing, connection state, and how many replies arrived out of view.
import { useCallback, useEffect, useRef, useState } from "react";
import type { PostDto, ThreadDto } from "~/domain/forum/types";
import { getSocket } from "./socket";

export interface LiveOptions {
  thread: ThreadDto;
  initialPosts: PostDto[];
  /** Id of the post just before this page ("0" on page 1). */
  beforeId: string;
  /** Highest floor shown on this page, or null on the last page (new replies append). */
  pageEndSeq: number | null;
  isModerator: boolean;
}

/** "updated" never adds a post: an edit of a post on another page is not ours to show. */
type Merge = "created" | "updated" | "caughtUp";

export function useThreadLive(opts: LiveOptions) {
  const { thread, beforeId, pageEndSeq, isModerator } = opts;
  const [posts, setPosts] = useState<PostDto[]>(opts.initialPosts);
  const [threadState, setThread] = useState<ThreadDto>(thread);
  const [presence, setPresence] = useState<number | null>(null);
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [connected, setConnected] = useState(true);
  const [laterReplies, setLaterReplies] = useState(0);
  const [freshIds, setFreshIds] = useState<string[]>([]);
  const seenLater = useRef(new Set<string>());

  // The loader's data wins when the page changes (navigation to another page or thread).
  useEffect(() => {
    setPosts(opts.initialPosts);
    setThread(thread);
    setLaterReplies(0);
    seenLater.current.clear();
  }, [opts.initialPosts, thread]);

  const merge = useCallback(
    (incoming: PostDto[], how: Merge) => {
      setPosts((current) => {
        const byId = new Map(current.map((p) => [p.id, p]));
        const added: string[] = [];
        for (const p of incoming) {
          if (pageEndSeq !== null && p.seq > pageEndSeq) {
            if (!seenLater.current.has(p.id)) {
              seenLater.current.add(p.id);
              setLaterReplies((n) => n + 1);
            }
            continue;
          }
          const prev = byId.get(p.id);
          if (!prev && how === "updated") continue; // an edit of a post on another page
          // A moderator keeps the hidden body they already have (broadcasts redact it).
          const next = prev && isModerator && p.hidden && !p.bodyHtml ? { ...p, body: prev.body, bodyHtml: prev.bodyHtml } : p;
          if (!prev) added.push(p.id);
          byId.set(p.id, next);
        }
        if (added.length) setFreshIds((f) => [...f, ...added.filter((id) => !f.includes(id))]);
        return [...byId.values()].sort((a, b) => a.seq - b.seq);
      });
    },
    [pageEndSeq, isModerator],
  );

  useEffect(() => {
    const socket = getSocket();
    const room = `thread:${thread.id}`;
    let cancelled = false;

    async function catchUp() {
      // Everything after the post before this page: new replies and the current state of
      // the ones shown (edits, hides and counts missed while away). Merged by id, so
      // nothing is shown twice.
      let after = beforeId;
      for (let i = 0; i < 50 && !cancelled; i++) {
        const res = await fetch(`/api/v1/threads/${thread.id}/posts?after=${after}&limit=100`, { credentials: "same-origin" });
        if (!res.ok) return;
        const body = (await res.json()) as { items: PostDto[]; nextCursor: string | null };
        merge(body.items, "caughtUp");
        if (!body.nextCursor) return;
        after = body.nextCursor;
      }
    }

    const onConnect = () => {
      setConnected(true);
      socket.emit("join", room, (ack) => {
        if (ack?.ok) void catchUp();
      });
    };
    const onDisconnect = () => setConnected(false);
    const onCreated = (p: { threadId: string; post: PostDto }) => {
      if (p.threadId !== thread.id) return;
      merge([p.post], "created");
      setThread((t) => ({ ...t, postCount: t.postCount + 1, lastPostAt: p.post.createdAt }));
    };
    const onUpdated = (p: { threadId: string; post: PostDto }) => {
      if (p.threadId === thread.id) merge([p.post], "updated");
    };
    const onThread = (p: { thread: ThreadDto }) => {
      if (p.thread.id === thread.id) setThread(p.thread);
    };
    const onPresence = (p: { room: string; count: number }) => {
      if (p.room === room) setPresence(p.count);
    };
    const onTyping = (p: { room: string; user: { id: string; displayName: string } }) => {
      if (p.room !== room) return;
      setTyping((t) => ({ ...t, [p.user.id]: { name: p.user.displayName, until: Date.now() + 4000 } }));
    };

    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("post:created", onCreated);
    socket.on("post:updated", onUpdated);
    socket.on("thread:updated", onThread);
    socket.on("presence", onPresence);
    socket.on("typing", onTyping);
    if (socket.connected) onConnect();
    else socket.connect();

    return () => {
      cancelled = true;
      socket.emit("leave", room);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("post:created", onCreated);
      socket.off("post:updated", onUpdated);
      socket.off("thread:updated", onThread);
      socket.off("presence", onPresence);
      socket.off("typing", onTyping);
    };
  }, [thread.id, beforeId, merge]);

  // Expire typing notices.
  useEffect(() => {
    const timer = setInterval(() => {
      setTyping((t) => {
        const now = Date.now();
        const kept = Object.fromEntries(Object.entries(t).filter(([, v]) => v.until > now));
        return Object.keys(kept).length === Object.keys(t).length ? t : kept;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, []);

  const lastTyping = useRef(0);
  const sendTyping = useCallback(() => {
    const now = Date.now();
    if (now - lastTyping.current < 2000) return;
    lastTyping.current = now;
    getSocket().emit("typing", `thread:${thread.id}`);
  }, [thread.id]);

  const consumeFresh = useCallback(() => setFreshIds([]), []);

  return {
    posts,
    thread: threadState,
    presence,
    typingNames: Object.values(typing).map((v) => v.name),
    connected,
    laterReplies,
    freshIds,
    consumeFresh,
    merge,
    sendTyping,
  };
}
