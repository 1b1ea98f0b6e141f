// Pure rules of the award: the round's state from its times, who may vote, the ranking, the
// voter's network prefix. No I/O: the server and the tests call these with an injected time.
import type { IneligibleReason, ResultsVisibility, RoundState } from "./types";

export const DAY_MS = 86_400_000;

type Times = { nominationOpensAt: Date | string; votingOpensAt: Date | string; votingClosesAt: Date | string };
const ms = (d: Date | string) => (typeof d === "string" ? new Date(d) : d).getTime();

/**
 * upcoming → nominating (from nominationOpensAt) → voting (from votingOpensAt) → closed (from
 * votingClosesAt). Each boundary instant belongs to the later state. A round whose nominations
 * open when voting opens goes straight from upcoming to voting.
 */
export function roundState(r: Times, now: Date): RoundState {
  const t = now.getTime();
  if (t >= ms(r.votingClosesAt)) return "closed";
  if (t >= ms(r.votingOpensAt)) return "voting";
  if (t >= ms(r.nominationOpensAt)) return "nominating";
  return "upcoming";
}

/** Anyone may see the tally of a live round, and of every round once voting has closed. */
export function resultsArePublic(visibility: ResultsVisibility, state: RoundState): boolean {
  return state === "closed" || visibility === "live";
}

/** Whole days between an account's creation and `now` (never negative). */
export function accountAgeDays(createdAt: Date | string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - ms(createdAt)) / DAY_MS));
}

export interface VoterFacts {
  createdAt: Date | string;
  disabled: boolean;
  /** Visible threads started plus visible replies written. */
  posts: number;
}

export interface Eligibility {
  eligible: boolean;
  reasons: IneligibleReason[];
  accountAgeDays: number;
}

/**
 * Eligible: an active account at least `minAccountAgeDays` whole days old (an account exactly
 * that old qualifies) with at least `minPosts` posts. Reasons come in a fixed order, the most
 * serious first; the API answers with the first.
 */
export function eligibility(v: VoterFacts, round: { minAccountAgeDays: number; minPosts: number }, now: Date): Eligibility {
  const age = accountAgeDays(v.createdAt, now);
  const reasons: IneligibleReason[] = [];
  if (v.disabled) reasons.push("account_disabled");
  if (now.getTime() - ms(v.createdAt) < round.minAccountAgeDays * DAY_MS) reasons.push("account_too_new");
  if (v.posts < round.minPosts) reasons.push("too_few_posts");
  return { eligible: reasons.length === 0, reasons, accountAgeDays: age };
}

/**
 * Ranks a tally: most votes first, then the earlier candidate. Equal votes share a rank
 * (competition ranking: 1, 2, 2, 4). Winners are those ranked within `winners` with at least one
 * vote, so a tie for the last winning place gives every tied candidate the badge.
 */
export function rankTallies<T extends { candidateId: string; votes: number }>(items: T[], winners: number): (T & { rank: number; winner: boolean })[] {
  const sorted = [...items].sort((a, b) => b.votes - a.votes || Number(a.candidateId) - Number(b.candidateId));
  let rank = 0;
  return sorted.map((it, i) => {
    if (i === 0 || it.votes !== sorted[i - 1].votes) rank = i + 1;
    return { ...it, rank, winner: it.votes > 0 && rank <= winners };
  });
}

/**
 * The network a vote came from, before hashing: the IPv4 /24 or the IPv6 /48 of the address.
 * IPv4-mapped IPv6 addresses count as IPv4. Anything unparseable is its own network.
 */
export function networkPrefix(ip: string): string {
  let a = ip.trim().toLowerCase();
  const zone = a.indexOf("%");
  if (zone >= 0) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) a = mapped[1];
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.every((p) => p <= 255)) return `v4:${parts[0]}.${parts[1]}.${parts[2]}.0/24`;
  }
  if (/^[0-9a-f:]+$/.test(a) && a.includes(":")) {
    const groups = expandIpv6(a);
    if (groups) return `v6:${groups.slice(0, 3).join(":")}::/48`;
  }
  return `other:${a}`;
}

function expandIpv6(a: string): string[] | null {
  const halves = a.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.replace(/^0+(?=.)/, ""));
}

/** The round's year in Shanghai time: [1 January 00:00 +08:00, next 1 January). */
export function yearRange(year: number): { from: Date; to: Date } {
  return { from: new Date(`${year}-01-01T00:00:00+08:00`), to: new Date(`${year + 1}-01-01T00:00:00+08:00`) };
}

/**
 * The suggested list's score: each helpful reaction received counts 1, each official answer
 * drawn 2, each petition started that was resolved to the petitioner's satisfaction 3.
 */
export const HELPFULNESS_WEIGHTS = { helpful: 1, officialAnswers: 2, resolvedPetitions: 3 } as const;

/** The integrity view's defaults (adjustable per request). */
export const INTEGRITY_DEFAULTS = {
  /** An account younger than this many days when it voted is "new". */
  newAccountDays: 7,
  /** New accounts' votes for one candidate at most this many minutes apart form one burst. */
  windowMinutes: 10,
  /** A burst needs at least this many votes. */
  minBurst: 3,
  /** One network with at least this many votes for one candidate is listed. */
  minNetwork: 3,
} as const;

/** A `datetime-local` value ("2026-12-01T09:00") read as Shanghai time; anything else as ISO 8601. */
export function parseShanghaiLocal(v: string): Date | null {
  const s = v.trim();
  const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(s);
  const d = new Date(local ? `${s}+08:00` : s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The reverse, for a `datetime-local` input's value. */
export function toShanghaiLocal(d: Date | string): string {
  return new Date(ms(d) + 8 * 3_600_000).toISOString().slice(0, 16);
}
