// Live state of an officials-online page (/live/:id and its presenter view): the session and its
// questions merged by id from the loader, the socket (`live:question`, `live:votes`,
// `live:answer`, `live:state`, `presence`) and the page's own form results; the state (scheduled / live /
// ended) derived from the session's times on the server's clock, ticking once a second.
//
// No gaps: on every (re)join of `live:<id>` the page fetches the session again and replaces what
// it holds, then re-applies the events that arrived while that fetch was in flight. Vote counts
// only grow, so a count never goes back when an older event arrives after a newer one.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Ack, ServerToClient } from "./contract";
import { getSocket, joinRoom } from "./socket";
import {
  isFullQuestion,
  liveRoom,
  msUntilNextState,
  sessionState,
  type LiveAnswerDto,
  type LiveQuestionDto,
  type LiveQuestionEvent,
  type LiveSessionDto,
  type LiveStateDto,
  type SessionState,
} from "~/domain/live/types";

const rank: Record<SessionState, number> = { scheduled: 0, live: 1, ended: 2 };

export interface LiveViewer {
  id: string | null;
  /** Host, moderator or administrator: sees pending and hidden questions. */
  staff: boolean;
}

type Incoming =
  | { kind: "question"; q: LiveQuestionEvent }
  | { kind: "votes"; votes: { id: string; votes: number }[] }
  | { kind: "answer"; a: LiveAnswerDto }
  | { kind: "state"; s: LiveStateDto };

export interface LiveSessionOptions {
  session: LiveSessionDto;
  questions: LiveQuestionDto[];
  viewer: LiveViewer;
  /** The server's clock when the page was rendered (ISO): states follow it, not the browser's. */
  serverNow: string;
}

export function useLiveSession(opts: LiveSessionOptions) {
  const { viewer } = opts;
  const [session, setSession] = useState<LiveSessionDto>(opts.session);
  const [byId, setById] = useState<Map<string, LiveQuestionDto>>(() => new Map(opts.questions.map((q) => [q.id, q])));
  const [presence, setPresence] = useState<number | null>(null);
  const [connected, setConnected] = useState(true);
  const [fresh, setFresh] = useState<{ kind: "question" | "answer"; id: string } | null>(null);
  const byIdRef = useRef(byId);
  byIdRef.current = byId;
  const viewerRef = useRef(viewer);
  viewerRef.current = viewer;
  const offset = useRef(0);
  const [now, setNow] = useState(() => Date.parse(opts.serverNow));

  // Server clock minus browser clock. The server's time belongs to the moment the document (or
  // the loader's data) was made: for the first document that is when its response began, not
  // when the page finished hydrating, which can be seconds later on a busy machine.
  const firstLoad = useRef(true);
  useEffect(() => {
    let receivedAt = Date.now();
    if (firstLoad.current) {
      firstLoad.current = false;
      const nav = typeof performance !== "undefined" ? (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined) : undefined;
      if (nav && nav.responseStart > 0) receivedAt = performance.timeOrigin + nav.responseStart;
    }
    offset.current = Date.parse(opts.serverNow) - receivedAt;
    setNow(Date.now() + offset.current);
  }, [opts.serverNow]);

  const visible = useCallback((q: Pick<LiveQuestionDto, "status"> & { author?: { id: string } }) => {
    const v = viewerRef.current;
    return q.status === "approved" || v.staff || (q.author !== undefined && q.author.id === v.id);
  }, []);

  /** Applies one change to a question map (pure on `map`, which the caller owns). */
  const applyTo = useCallback(
    (map: Map<string, LiveQuestionDto>, e: Incoming): "refetch" | "ok" => {
      if (e.kind === "question") {
        const q = e.q;
        const prev = map.get(q.id);
        if (isFullQuestion(q)) {
          if (!visible(q)) {
            map.delete(q.id);
            return "ok";
          }
          map.set(q.id, { ...q, votes: Math.max(q.votes, prev?.votes ?? 0), voted: prev?.voted || q.voted });
          return "ok";
        }
        if (!prev) return q.status === "approved" ? "refetch" : "ok";
        const next = { ...prev, status: q.status, votes: Math.max(prev.votes, q.votes) };
        if (!visible(next)) map.delete(q.id);
        else map.set(q.id, next);
        return "ok";
      }
      if (e.kind === "votes") {
        // Counts only grow: keep the highest seen. Unknown ids are questions this page may
        // not see (or not yet: the question's own event brings its count).
        for (const v of e.votes) {
          const prev = map.get(v.id);
          if (prev && v.votes > prev.votes) map.set(v.id, { ...prev, votes: v.votes });
        }
        return "ok";
      }
      if (e.kind === "answer") {
        const prev = map.get(e.a.questionId);
        if (!prev) return "refetch";
        map.set(prev.id, { ...prev, answer: e.a, status: prev.status === "pending" ? "approved" : prev.status });
        return "ok";
      }
      return "ok";
    },
    [visible],
  );

  const pending = useRef<Incoming[] | null>(null);
  const refetchRef = useRef<() => void>(() => {});

  const apply = useCallback(
    (e: Incoming) => {
      pending.current?.push(e);
      if (e.kind === "state") {
        setSession((s) => ({ ...s, ...e.s }));
        return;
      }
      const map = new Map(byIdRef.current);
      if (applyTo(map, e) === "refetch") refetchRef.current();
      byIdRef.current = map;
      setById(map);
    },
    [applyTo],
  );

  /** The page's own results (a question asked, a vote counted, an answer given) merge the same way. */
  const upsert = useCallback(
    (q: LiveQuestionDto) => {
      const map = new Map(byIdRef.current);
      const prev = map.get(q.id);
      if (!visible(q)) map.delete(q.id);
      else map.set(q.id, { ...q, votes: Math.max(q.votes, prev?.votes ?? 0), voted: q.voted || Boolean(prev?.voted) });
      byIdRef.current = map;
      setById(map);
    },
    [visible],
  );
  const applyAnswer = useCallback((a: LiveAnswerDto) => apply({ kind: "answer", a }), [apply]);
  const applySession = useCallback((s: LiveSessionDto) => setSession(s), []);

  // A reload of the loader's data (a form without JavaScript, a navigation) replaces the lot.
  useEffect(() => {
    setSession(opts.session);
    const map = new Map(opts.questions.map((q) => [q.id, q]));
    byIdRef.current = map;
    setById(map);
  }, [opts.session, opts.questions]);

  const sessionId = opts.session.id;
  useEffect(() => {
    const socket = getSocket();
    const room = liveRoom(sessionId);
    let alive = true;
    let inflight: AbortController | null = null;

    const refetch = () => {
      if (inflight) return;
      const ctrl = new AbortController();
      inflight = ctrl;
      pending.current = [];
      fetch(`/api/v1/live/${sessionId}`, { credentials: "same-origin", signal: ctrl.signal, headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : null))
        .then((body: { session: LiveSessionDto; questions: LiveQuestionDto[] } | null) => {
          if (!alive || !body) return;
          const map = new Map(body.questions.map((q) => [q.id, q]));
          for (const e of pending.current ?? []) if (e.kind !== "state") applyTo(map, e);
          const stateEvents = (pending.current ?? []).filter((e): e is Extract<Incoming, { kind: "state" }> => e.kind === "state");
          byIdRef.current = map;
          setById(map);
          setSession(stateEvents.reduce<LiveSessionDto>((s, e) => ({ ...s, ...e.s }), body.session));
        })
        .catch(() => {})
        .finally(() => {
          if (inflight === ctrl) inflight = null;
          pending.current = null;
        });
    };
    refetchRef.current = refetch;

    const onConnect = () => {
      setConnected(true);
      joinRoom(socket, room, (ack: Ack) => {
        if (ack?.ok) refetch();
      });
    };
    const onDisconnect = () => setConnected(false);
    const onQuestion: ServerToClient["live:question"] = (p) => {
      if (p.sessionId !== sessionId) return;
      const q = p.question;
      const known = byIdRef.current.get(q.id);
      apply({ kind: "question", q });
      if (!known && isFullQuestion(q) && visible(q)) setFresh({ kind: "question", id: q.id });
    };
    const onVotes: ServerToClient["live:votes"] = (p) => {
      if (p.sessionId !== sessionId) return;
      apply({ kind: "votes", votes: p.votes });
    };
    const onAnswer: ServerToClient["live:answer"] = (p) => {
      if (p.sessionId !== sessionId) return;
      apply({ kind: "answer", a: p.answer });
      setFresh({ kind: "answer", id: p.answer.questionId });
    };
    const onState: ServerToClient["live:state"] = (p) => {
      if (p.sessionId !== sessionId) return;
      apply({ kind: "state", s: p.state });
    };
    const onPresence: ServerToClient["presence"] = (p) => {
      if (p.room === room) setPresence(p.count);
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("live:question", onQuestion);
    socket.on("live:votes", onVotes);
    socket.on("live:answer", onAnswer);
    socket.on("live:state", onState);
    socket.on("presence", onPresence);
    if (socket.connected) onConnect();
    else socket.connect();
    return () => {
      alive = false;
      inflight?.abort();
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("live:question", onQuestion);
      socket.off("live:votes", onVotes);
      socket.off("live:answer", onAnswer);
      socket.off("live:state", onState);
      socket.off("presence", onPresence);
      if (socket.connected) socket.emit("leave", room);
    };
  }, [sessionId, apply, applyTo, visible]);

  // The state follows the clock: tick every second while a change of state is ahead. It never
  // goes back behind what the server last said (a browser clock running late), and an early end
  // (endedAt, always stamped with the server's "now") ends it at once.
  const byClock = sessionState(session, now);
  const derived: SessionState = session.endedAt ? "ended" : rank[session.state] > rank[byClock] ? session.state : byClock;
  useEffect(() => {
    if (derived === "ended") return;
    const timer = setInterval(() => setNow(Date.now() + offset.current), 1000);
    return () => clearInterval(timer);
  }, [derived]);

  const questions = useMemo(() => [...byId.values()], [byId]);
  return {
    session: { ...session, state: derived, highlightedQuestionId: derived === "live" ? session.highlightedQuestionId : null },
    questions,
    now,
    msToNext: msUntilNextState(session, now),
    presence,
    connected,
    fresh,
    upsert,
    applyAnswer,
    applySession,
  };
}
