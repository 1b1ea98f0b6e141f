// Who may do what with a commitment, and which status changes exist. Pure: the service loads
// the actor's mailboxes and the commitment, asks here, and turns a "no" into 403 or 409.
//
//   proposed ──adopt (admin, with an ordinal 1–10)──► adopted ──complete──► done
//       └──────────────────── drop (admin, from any status) ───────────────► dropped
import { getT } from "~/i18n";
import type { Role } from "../auth/types";
import type { CommitmentAbilities, CommitmentStatus } from "./types";

export interface CommitmentActor {
  id: number;
  role: Role;
  /** The mailboxes the person works in (mailbox_members). */
  mailboxIds: number[];
}

export interface CommitmentFacts {
  status: CommitmentStatus;
  ownerMailboxId: number;
  createdBy: number;
  progress: number;
}

const isAdmin = (a: CommitmentActor | null) => a?.role === "admin";
/** An official (or administrator) who works in the mailbox. */
export const worksIn = (a: CommitmentActor | null, mailboxId: number) =>
  Boolean(a && (a.role === "official" || a.role === "admin") && a.mailboxIds.includes(mailboxId));

/**
 * Creating: an administrator, in any status; an official of the owner mailbox or a moderator may
 * propose (only administrators adopt, since adopting gives the commitment its place in the list).
 * Returns the refusal's code, or null when allowed.
 */
export function createRefusal(a: CommitmentActor | null, input: { status: "proposed" | "adopted"; ownerMailboxId: number }): string | null {
  if (!a) return "unauthorized";
  if (isAdmin(a)) return null;
  if (input.status === "adopted") return "commitment_adopt_forbidden";
  if (a.role === "moderator" || worksIn(a, input.ownerMailboxId)) return null;
  return "commitment_create_forbidden";
}

/** Details, milestones: administrators, the owner mailbox's officials; a proposer while it is proposed. */
export function mayEdit(a: CommitmentActor | null, c: CommitmentFacts): boolean {
  if (!a) return false;
  if (isAdmin(a) || worksIn(a, c.ownerMailboxId)) return c.status !== "dropped" || isAdmin(a);
  return c.status === "proposed" && a.id === c.createdBy;
}

/** Progress is reported by the owner mailbox's officials and administrators. */
export const mayRecordProgress = (a: CommitmentActor | null, c: CommitmentFacts) => isAdmin(a) || worksIn(a, c.ownerMailboxId);

/** Only adopted commitments make progress; a proposal has nothing to report, done is done. */
export const acceptsProgress = (s: CommitmentStatus) => s === "adopted";

/** Linking motivating threads and petitions: administrators, moderators, the owner mailbox's officials. */
export const mayLink = (a: CommitmentActor | null, c: CommitmentFacts) =>
  Boolean(a && (isAdmin(a) || a.role === "moderator" || worksIn(a, c.ownerMailboxId)));

export type Transition = "adopted" | "done" | "dropped";

/** The statuses each status may move to. */
export const transitions: Record<CommitmentStatus, Transition[]> = {
  proposed: ["adopted", "dropped"],
  adopted: ["done", "dropped"],
  done: ["dropped"],
  dropped: [],
};

export const canTransition = (from: CommitmentStatus, to: Transition) => transitions[from].includes(to);

/** Who may make a status change (whether it is possible now is canTransition's question). */
export function mayTransition(a: CommitmentActor | null, c: CommitmentFacts, to: Transition): boolean {
  if (isAdmin(a)) return true;
  // The owner reports it done (at 100%); adopting and dropping are the administrators' decisions.
  return to === "done" && worksIn(a, c.ownerMailboxId);
}

/** A commitment is done only when its progress says so. */
export const completeRefusal = (c: CommitmentFacts): string | null => (c.progress < 100 ? "commitment_not_finished" : null);

export function abilities(a: CommitmentActor | null, c: CommitmentFacts): CommitmentAbilities {
  return {
    edit: mayEdit(a, c),
    progress: mayRecordProgress(a, c) && acceptsProgress(c.status),
    adopt: canTransition(c.status, "adopted") && mayTransition(a, c, "adopted"),
    complete: canTransition(c.status, "done") && mayTransition(a, c, "done") && completeRefusal(c) === null,
    drop: canTransition(c.status, "dropped") && mayTransition(a, c, "dropped"),
    link: mayLink(a, c) && c.status !== "dropped",
    follow: Boolean(a),
  };
}

/** Clamp and round anything that claims to be a percentage, for drawing bars. */
export const percent = (n: number) => Math.min(100, Math.max(0, Math.round(Number.isFinite(n) ? n : 0)));

/**
 * ¥ with thousands separators, in 亿 / 万 where the language groups by them (its locale file
 * gives those units; an empty one is not used).
 */
export function formatYuan(yuan: number, lang: string): string {
  const t = getT(lang === "en" ? "en" : "zh-CN");
  const num = (n: number) => (Math.round(n * 100) / 100).toLocaleString(lang === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: 2 });
  if (yuan >= 100_000_000 && t("commitments.facts.yuan.yi")) return t("commitments.facts.yuan.yi", { n: num(yuan / 100_000_000) });
  if (yuan >= 10_000 && t("commitments.facts.yuan.wan")) return t("commitments.facts.yuan.wan", { n: num(yuan / 10_000) });
  return t("commitments.facts.yuan.plain", { n: num(yuan) });
}
