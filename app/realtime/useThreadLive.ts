// Live state of a thread page: posts merged by id from the loader, the socket and catch-up
// fetches; presence, typing, connection state, and how many replies arrived out of view.
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
type Merge = "created" | "updated" | "caughtUp" | "loaded";

export function useThreadLive(opts: LiveOptions) {
  const { thread, beforeId, pageEndSeq, isModerator } = opts;
  const [posts, setPosts] = useState<PostDto[]>(opts.initialPosts);
  const [threadState, setThread] = useState<ThreadDto>(thread);
  const [presence, setPresence] = useState<number | null>(null);
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [connected, setConnected] = useState(true);
  const [laterReplies, setLaterReplies] = useState(0);
  const [freshIds, setFreshIds] = useState<string[]>([]);
  const postsRef = useRef(posts);
  const seenLater = useRef(new Set<string>());
  const feedRef = useRef<ThreadFeed | null>(null);
  const pageKey = `${thread.id}:${beforeId}`;
  const pageKeyRef = useRef(pageKey);

  const merge = useCallback(
    (incoming: PostDto[], how: Merge) => {
      const byId = new Map(postsRef.current.map((p) => [p.id, p]));
      const added: string[] = [];
      let later = 0;
      for (const p of incoming) {
        if (pageEndSeq !== null && p.seq > pageEndSeq) {
          // Only replies that arrive while reading count as "new on a later page".
          if (how === "created" && !seenLater.current.has(p.id)) {
            seenLater.current.add(p.id);
            later += 1;
          }
          continue;
        }
        const prev = byId.get(p.id);
        if (!prev && how === "updated") continue;
        // A moderator keeps the hidden body they already have (broadcasts redact it).
        const next = prev && isModerator && p.hidden && !p.bodyHtml ? { ...p, body: prev.body, bodyHtml: prev.bodyHtml } : p;
        if (!prev && how !== "loaded") added.push(p.id);
        byId.set(p.id, next);
      }
      const merged = [...byId.values()].sort((a, b) => a.seq - b.seq);
      postsRef.current = merged;
      setPosts(merged);
      if (later) setLaterReplies((n) => n + later);
      if (added.length) setFreshIds((f) => [...f, ...added.filter((id) => !f.includes(id))]);
    },
    [pageEndSeq, isModerator],
  );

  // Loader data: a new page replaces the list; a revalidation of the same page (after any form
  // action) is merged by id, so replies that arrived live are not lost.
  useEffect(() => {
    if (pageKeyRef.current !== pageKey) {
      pageKeyRef.current = pageKey;
      postsRef.current = opts.initialPosts;
      setPosts(opts.initialPosts);
      setLaterReplies(0);
      setFreshIds([]);
      seenLater.current.clear();
    } else {
      merge(opts.initialPosts, "loaded");
    }
    setThread(thread);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opts.initialPosts, thread]);

  useEffect(() => {
    const feed = new ThreadFeed(
      getSocket(),
      { threadId: thread.id, afterId: beforeId, untilSeq: pageEndSeq ?? undefined },
      {
        onPosts: merge,
        onPostCount: (postCount) => setThread((t) => ({ ...t, postCount })),
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
