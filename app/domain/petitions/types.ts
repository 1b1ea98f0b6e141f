// Wire shapes of the Public Servant Mailbox (api.md "Petitions"), shared by routes and pages.
import type { MailboxKind, Tier } from "../../../db/schema/mailboxes";
import type { ActionName, ActorRole, Channel, Light, PetitionStatus, Satisfaction } from "./workflow";

export interface MailboxRef {
  id: string;
  name: string;
  nameEn: string;
  tier: Tier;
  kind: MailboxKind;
}

export interface PersonRef {
  id: string;
  username: string;
  displayName: string;
}

export interface TimelineEntryDto {
  seq: number;
  at: string;
  action: "submit" | ActionName;
  actorRole: ActorRole;
  actor: PersonRef | null;
  mailbox: MailboxRef | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface AssignmentDto {
  mailbox: MailboxRef;
  lead: boolean;
  status: "open" | "replied";
  assignedAt: string;
  dueAt: string;
  light: Light;
  repliedAt: string | null;
  reply: { body: string; bodyHtml: string; by: PersonRef | null } | null;
}

export interface PetitionDto {
  id: string;
  trackingNo: string;
  title: string;
  body: string;
  bodyHtml: string;
  category: string;
  channel: Channel;
  status: PetitionStatus;
  light: Light;
  mailbox: MailboxRef;
  assignments: AssignmentDto[];
  dueAt: string | null;
  threadId: string | null;
  public: boolean;
  createdAt: string;
  updatedAt: string;
  petitioner: PersonRef | null;
  /** Only ever sent to the petitioner, the involved mailboxes' members and admins. */
  contact: { name: string | null; phone: string | null; address: string | null };
  satisfaction: Satisfaction | null;
  proposedOpinion: string | null;
  instruction: string | null;
  extendedDays: number | null;
  supervision: { mailbox: MailboxRef; since: string } | null;
  supervisedCount: number;
  cosignCount: number;
  timeline: TimelineEntryDto[];
  /** What the viewer may do now. */
  actions: ActionName[];
}

export interface PetitionListItem {
  id: string;
  trackingNo: string;
  title: string;
  category: string;
  channel: Channel;
  status: PetitionStatus;
  light: Light;
  mailbox: MailboxRef;
  /** The deadline this row is about (the viewer's mailbox's own assignment in an inbox). */
  dueAt: string | null;
  createdAt: string;
  supervised: boolean;
  cosignCount: number;
}

/** Published and tracked views: personal data masked, no names of people. */
export interface PublicReplyDto {
  mailbox: MailboxRef;
  lead: boolean;
  body: string;
  bodyHtml: string;
  repliedAt: string;
}

export interface PublicPetitionDto {
  id: string;
  title: string;
  body: string;
  bodyHtml: string;
  category: string;
  channel: Channel;
  status: PetitionStatus;
  mailbox: MailboxRef;
  createdAt: string;
  satisfaction: Satisfaction | null;
  replies: PublicReplyDto[];
}

export interface TrackDto {
  trackingNo: string;
  title: string;
  status: PetitionStatus;
  light: Light;
  dueAt: string | null;
  mailbox: MailboxRef;
  createdAt: string;
  /** `note`: only the rejection reason, the extension reason and a review's answer (masked). */
  timeline: { at: string; action: string; by: ActorRole; mailbox: MailboxRef | null; note: string | null }[];
  replies: PublicReplyDto[];
}

export interface PetitionSummary {
  id: string;
  trackingNo: string;
  status: PetitionStatus;
  light: Light;
  cosignCount: number;
}
