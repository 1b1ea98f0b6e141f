// Officials online (公仆在线): wire shapes (api.md "Officials online") and the session's state,
// derived from its times whenever it is read (architecture.md: time-based states are derived).
import type { AuthorDto } from "../forum/types";

export const sessionStates = ["scheduled", "live", "ended"] as const;
export type SessionState = (typeof sessionStates)[number];
export type QuestionStatus = "pending" | "approved" | "hidden";

export const LIVE_TITLE_MAX = 200;
export const LIVE_DESCRIPTION_MAX = 5000;
export const QUESTION_MAX = 500;
export const ANSWER_MAX = 5000;
/** The longest session one may schedule. */
export const SESSION_MAX_HOURS = 12;

export interface SessionTimes {
  startsAt: Date | string;
  endsAt: Date | string;
  /** Set when the host ended the session before endsAt. */
  endedAt: Date | string | null;
}

const ms = (d: Date | string) => (typeof d === "string" ? Date.parse(d) : d.getTime());

/** When the session is (or will be) over: the earlier of endsAt and an early end by the host. */
export function effectiveEnd(s: SessionTimes): number {
  const end = ms(s.endsAt);
  return s.endedAt === null ? end : Math.min(end, ms(s.endedAt));
}

/**
 * scheduled before startsAt; live from startsAt (inclusive) until the end (exclusive); ended
 * from endsAt, or from the moment the host ended it early.
 */
export function sessionState(s: SessionTimes, now: Date | number): SessionState {
  const t = typeof now === "number" ? now : now.getTime();
  if (t >= effectiveEnd(s)) return "ended";
  if (t >= ms(s.startsAt)) return "live";
  return "scheduled";
}

/** Milliseconds until the next change of state (null once ended): the page's countdown and timer. */
export function msUntilNextState(s: SessionTimes, now: Date | number): number | null {
  const t = typeof now === "number" ? now : now.getTime();
  const state = sessionState(s, t);
  if (state === "scheduled") return ms(s.startsAt) - t;
  if (state === "live") return effectiveEnd(s) - t;
  return null;
}

export interface MailboxLabel {
  id: string;
  name: string;
  nameEn: string;
}

export interface LiveSessionDto {
  id: string;
  title: string;
  description: string;
  descriptionHtml: string;
  host: AuthorDto;
  mailboxId: string;
  mailbox: MailboxLabel;
  startsAt: string;
  endsAt: string;
  /** When the host ended it early; null otherwise. */
  endedAt: string | null;
  moderated: boolean;
  state: SessionState;
  highlightedQuestionId: string | null;
  /** The transcript in Public Information, once published. */
  transcriptThreadId: string | null;
  /** Approved questions (what everyone sees) and how many of them have an answer. */
  questionCount: number;
  answeredCount: number;
  createdAt: string;
}

/** The answer is kept on its question: its id is the question's id. */
export interface LiveAnswerDto {
  id: string;
  questionId: string;
  body: string;
  bodyHtml: string;
  author: AuthorDto;
  createdAt: string;
}

export interface LiveQuestionDto {
  id: string;
  sessionId: string;
  author: AuthorDto;
  body: string;
  status: QuestionStatus;
  votes: number;
  answer: LiveAnswerDto | null;
  createdAt: string;
  /** Whether the viewer has upvoted it (false for anonymous readers and in broadcasts). */
  voted: boolean;
  /** The petition it became (channel "live"), if any. */
  petition: { id: string; trackingNo: string } | null;
}

/**
 * What `live:question` carries after a vote, or to readers who may no longer see a question
 * (hidden): the id, the status and the count, merged by id into what the page holds.
 */
export interface LiveQuestionPatch {
  id: string;
  sessionId: string;
  status: QuestionStatus;
  votes: number;
}

export type LiveQuestionEvent = LiveQuestionDto | LiveQuestionPatch;
export const isFullQuestion = (q: LiveQuestionEvent): q is LiveQuestionDto => "body" in q;

export interface LiveStateDto {
  state: SessionState;
  highlightedQuestionId: string | null;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  transcriptThreadId: string | null;
  title: string;
  moderated: boolean;
}

export const liveRoom = (sessionId: string | number) => `live:${sessionId}`;

/** The presenter's queue and the audience's "top" order: most votes first, then the oldest. */
export function byVotes(a: LiveQuestionDto, b: LiveQuestionDto) {
  return b.votes - a.votes || Number(a.id) - Number(b.id);
}
export function byNewest(a: LiveQuestionDto, b: LiveQuestionDto) {
  return Number(b.id) - Number(a.id);
}
/** The transcript: answered questions in the order they were answered. */
export function byAnswered(a: LiveQuestionDto, b: LiveQuestionDto) {
  return Date.parse(a.answer?.createdAt ?? "") - Date.parse(b.answer?.createdAt ?? "") || Number(a.id) - Number(b.id);
}

/** A petition's title from a question: its first line, cut at a sensible length. */
export function petitionTitleFrom(body: string, max = 60): string {
  const line = body.trim().split(/\r?\n/).find((l) => l.trim()) ?? body.trim();
  const chars = [...line.trim()];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}
