// Live state of a thread page: posts merged by id from the socket and from catch-up fetches,
// presence, typing, connection state, and how many replies arrived out of view.
import { useCallback, useEffect, useRef, useState } from "react";
import type { PostDto, ThreadDto } from "~/domain/forum/types";
import { getSocket } from "./socket";
import { ThreadFeed } from "./threadFeed";

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
  const feedRef = useRef<ThreadFeed | null>(null);

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
            // Only replies that arrive while reading count as "new on a later page".
            if (how === "created" && !seenLater.current.has(p.id)) {
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
    const feed = new ThreadFeed(
      getSocket(),
      { threadId: thread.id, afterId: beforeId, untilSeq: pageEndSeq ?? undefined },
      {
        onPosts: (incoming, how) => {
          merge(incoming, how);
          if (how === "created") {
            const last = incoming.at(-1)!;
            setThread((t) => ({ ...t, postCount: t.postCount + incoming.length, lastPostAt: last.createdAt }));
          }
        },
        onThread: setThread,
        onPresence: setPresence,
        onTyping: (u) => setTyping((t) => ({ ...t, [u.id]: { name: u.displayName, until: Date.now() + 4000 } })),
        onConnection: setConnected,
      },
    ).start();
    feedRef.current = feed;
    return () => {
      feed.stop();
      feedRef.current = null;
    };
  }, [thread.id, beforeId, pageEndSeq, merge]);

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
    feedRef.current?.typing();
  }, []);

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
