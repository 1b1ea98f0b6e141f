// The most helpful netizen (最给力网友): wire shapes shared by the API, the pages and the socket.
import type { Role } from "../auth/types";

export const roundStates = ["upcoming", "nominating", "voting", "closed"] as const;
export type RoundState = (typeof roundStates)[number];
export const resultsVisibilities = ["live", "after_close"] as const;
export type ResultsVisibility = (typeof resultsVisibilities)[number];
export type CandidateSource = "nomination" | "suggested";

/** The badge kind given to a round's winners (user_badges.kind). */
export const BADGE_KIND = "most_helpful_netizen";

export interface PersonDto {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/** `award` in api.md, plus `description`, `winners`, `resultsPublic`, `awardedAt`, `candidateCount`, `createdAt`. */
export interface AwardDto {
  id: string;
  title: string;
  year: number;
  description: string;
  nominationOpensAt: string;
  votingOpensAt: string;
  votingClosesAt: string;
  votesPerVoter: number;
  minAccountAgeDays: number;
  minPosts: number;
  resultsVisibility: ResultsVisibility;
  /** How many candidates get the badge when results are published. */
  winners: number;
  /** Derived from the times when read. */
  state: RoundState;
  /** Whether anyone may see the tally now (live rounds, or once closed). */
  resultsPublic: boolean;
  /** When an administrator published the results (winners' badges given). */
  awardedAt: string | null;
  /** Approved candidates. */
  candidateCount: number;
  createdAt: string;
}

export interface CandidateDto {
  id: string;
  awardId: string;
  user: PersonDto;
  source: CandidateSource;
  reason: string;
  nominatedBy: PersonDto | null;
  /** null: waiting for a moderator; true / false: approved / declined. */
  approved: boolean | null;
  /** Valid votes; null while the round's results are hidden. */
  votes: number | null;
  createdAt: string;
}

export interface TallyDto {
  candidateId: string;
  votes: number;
}

/** A line of the results: competition ranking (1, 2, 2, 4); ties at the last winning place all win. */
export interface RankedTallyDto extends TallyDto {
  rank: number;
  winner: boolean;
  user: PersonDto;
}

export type IneligibleReason = "account_disabled" | "account_too_new" | "too_few_posts";

/** The signed-in viewer's standing in a round (GET /awards/:id → `me`). */
export interface VoterStatusDto {
  eligible: boolean;
  reasons: IneligibleReason[];
  accountAgeDays: number;
  posts: number;
  votesUsed: number;
  votesLeft: number;
  votedCandidateIds: string[];
  /** Whether the viewer is a candidate (approved or not) of this round. */
  candidateId: string | null;
}

export interface SuggestionDto {
  user: PersonDto;
  helpful: number;
  officialAnswers: number;
  resolvedPetitions: number;
  score: number;
  /** Set when the person is already a candidate of the round. */
  candidateId: string | null;
}

export interface IntegrityVoteDto {
  id: string;
  voter: PersonDto;
  candidateId: string;
  createdAt: string;
  voterCreatedAt: string;
  /** The voter's account age in whole days when the vote was cast. */
  accountAgeDays: number;
  /** A short, stable label of the voter's network (part of the salted hash; never the address). */
  network: string;
}

export interface IntegrityGroupDto {
  kind: "new_accounts" | "network";
  candidateId: string;
  candidate: PersonDto;
  network: string | null;
  from: string;
  to: string;
  votes: IntegrityVoteDto[];
}

export interface VoidedVoteDto extends IntegrityVoteDto {
  candidate: PersonDto;
  voidedAt: string;
  voidedBy: PersonDto | null;
  reason: string;
}

export interface BadgeDto {
  id: string;
  kind: string;
  label: string;
  awardId: string | null;
  year: number | null;
  awardTitle: string | null;
  createdAt: string;
}
