import type { PetitionSummary } from "../petitions/types";
// Wire shapes of the forum (api.md). Ids are strings, times ISO 8601 UTC.
import type { Role } from "../auth/types";

export type Section = "info" | "forum";

export interface AuthorDto {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface ThreadDto {
  id: string;
  section: Section;
  title: string;
  author: AuthorDto;
  body: string;
  bodyHtml: string;
  official: boolean;
  pinned: boolean;
  featured: boolean;
  locked: boolean;
  hidden: boolean;
  postCount: number;
  lastPostAt: string;
  createdAt: string;
  editedAt: string | null;
  /** The petition this discussion became (api.md); live on the thread page as a banner. */
  petition: null | PetitionSummary;
}

export interface PostDto {
  id: string;
  threadId: string;
  seq: number;
  author: AuthorDto;
  official: boolean;
  body: string;
  bodyHtml: string;
  replyToId: string | null;
  replyTo: null | { id: string; seq: number; author: AuthorDto };
  helpfulCount: number;
  hidden: boolean;
  createdAt: string;
  editedAt: string | null;
}

export const PAGE_SIZE = 20;
export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

/** The address of a reply: its thread's page and the reply's anchor. */
export const postHref = (threadId: string, postId: string, seq: number) =>
  `/t/${threadId}?page=${Math.ceil(seq / PAGE_SIZE)}#p-${postId}`;
