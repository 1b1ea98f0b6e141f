// Wire shapes of the yearly "ten practical things" (十件实事). Ids are strings, times ISO 8601 UTC.
import type { AuthorDto } from "../forum/types";

export const commitmentStatuses = ["proposed", "adopted", "done", "dropped"] as const;
export type CommitmentStatus = (typeof commitmentStatuses)[number];

/** The year's list has ten places. */
export const ORDINAL_MAX = 10;
export const PROGRESS_MAX = 100;
export const SUMMARY_MAX = 20_000;
export const NOTE_MAX = 2_000;
export const MILESTONE_TITLE_MAX = 200;
export const MILESTONES_MAX = 30;
export const LINKS_MAX = 30;
/** Budgets are published in whole yuan; a trillion is beyond any city's yearly list. */
export const BUDGET_MAX = 1_000_000_000_000;
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

export interface MailboxRefDto {
  id: string;
  name: string;
  nameEn: string;
}

export interface CommitmentSummary {
  id: string;
  year: number;
  ordinal: number | null;
  title: string;
  status: CommitmentStatus;
  ownerMailbox: MailboxRefDto;
  budgetYuan: number | null;
  progress: number;
  followers: number;
  threadId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MilestoneDto {
  id: string;
  title: string;
  dueOn: string | null;
  doneAt: string | null;
  position: number;
}

export interface ProgressEntryDto {
  id: string;
  progress: number;
  note: string;
  noteHtml: string;
  author: AuthorDto;
  createdAt: string;
}

export interface CommitmentLinkDto {
  id: string;
  kind: "thread" | "petition";
  targetId: string;
  /** A thread's title, or a published petition's masked title. */
  title: string;
  trackingNo: string | null;
  url: string;
}

/** What the viewer may do now (the pages show only these controls). */
export interface CommitmentAbilities {
  edit: boolean;
  progress: boolean;
  adopt: boolean;
  complete: boolean;
  drop: boolean;
  link: boolean;
  follow: boolean;
}

export interface CommitmentDto extends CommitmentSummary {
  summary: string;
  summaryHtml: string;
  createdBy: AuthorDto;
  milestones: MilestoneDto[];
  /** Newest first. */
  history: ProgressEntryDto[];
  links: CommitmentLinkDto[];
  following: boolean;
  can: CommitmentAbilities;
}

/** `commitment:progress` on `commitment:<id>`: ids and numbers only. */
export interface CommitmentProgressEvent {
  commitmentId: string;
  entryId: string | null;
  progress: number;
  status: CommitmentStatus;
  at: string;
}

/** `commitment:followers` on `commitment:<id>`. */
export interface CommitmentFollowersEvent {
  commitmentId: string;
  followers: number;
}

export const commitmentRoom = (id: string | number) => `commitment:${id}`;
export const commitmentHref = (id: string | number) => `/commitments/${id}`;
export const commitmentFeedHref = (id: string | number) => `/api/v1/feeds/commitments/${id}.atom`;
