// Rows → wire shapes for cases. Personal data is masked here for every public view.
import { inArray } from "drizzle-orm";
import { mailboxes, petitionAssignments, petitions } from "../../../db/schema";
import type { MailboxRef, PetitionListItem, PetitionSummary, PublicReplyDto } from "~/domain/petitions/types";
import { lightAt, type Assignment, type CaseState, type Light } from "~/domain/petitions/workflow";
import { maskPersonalData } from "~/domain/petitions/privacy";
import type { AppServices } from "../context";
import type { Db } from "../../../db/client";
import { renderMarkdown } from "../markdown";

export type PetitionRow = typeof petitions.$inferSelect;
export type AssignmentRow = typeof petitionAssignments.$inferSelect;
type MailboxRow = typeof mailboxes.$inferSelect;

export const mailboxRef = (m: Pick<MailboxRow, "id" | "name" | "nameEn" | "tier" | "kind">): MailboxRef => ({
  id: String(m.id),
  name: m.name,
  nameEn: m.nameEn,
  tier: m.tier,
  kind: m.kind,
});

export const mailboxRefColumns = {
  id: mailboxes.id,
  name: mailboxes.name,
  nameEn: mailboxes.nameEn,
  tier: mailboxes.tier,
  kind: mailboxes.kind,
};

export async function mailboxRefs(db: Db | Parameters<Parameters<Db["transaction"]>[0]>[0], ids: number[]) {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await db.select(mailboxRefColumns).from(mailboxes).where(inArray(mailboxes.id, unique)) : [];
  return new Map(rows.map((m) => [m.id, mailboxRef(m)]));
}

/** The light of a case from its row alone (lists): the stored deadline, evaluated now or when it froze. */
export function rowLight(p: Pick<PetitionRow, "status" | "dueAt" | "warnAt" | "lightAt">, now: Date): Light {
  if (p.status === "closed" || p.status === "rejected") return "none";
  return lightAt(p.dueAt, p.warnAt, p.lightAt ?? now);
}

export function caseState(p: PetitionRow, assignments: AssignmentRow[]): CaseState {
  return {
    status: p.status,
    mailboxId: p.mailboxId,
    petitionerId: p.petitionerId,
    createdAt: p.createdAt,
    acceptedAt: p.acceptedAt,
    repliedAt: p.repliedAt,
    closedAt: p.closedAt,
    satisfaction: p.satisfaction,
    reviewRequestedAt: p.reviewRequestedAt,
    extendedDays: p.extendedDays,
    supervisionMailboxId: p.supervisionMailboxId,
    proposedOpinion: p.proposedOpinion,
    instruction: p.instruction,
    assignments: assignments.map(
      (a): Assignment => ({
        mailboxId: a.mailboxId,
        lead: a.lead,
        status: a.status,
        assignedAt: a.assignedAt,
        dueAt: a.dueAt,
        warnAt: a.warnAt,
        repliedAt: a.repliedAt,
      }),
    ),
  };
}

export function petitionSummary(p: Pick<PetitionRow, "id" | "trackingNo" | "status" | "dueAt" | "warnAt" | "lightAt" | "cosignCount">, now: Date): PetitionSummary {
  return { id: String(p.id), trackingNo: p.trackingNo, status: p.status, light: rowLight(p, now), cosignCount: p.cosignCount };
}

export function listItem(
  p: Pick<PetitionRow, "id" | "trackingNo" | "title" | "category" | "channel" | "status" | "createdAt" | "supervisionMailboxId" | "cosignCount" | "lightAt">,
  mailbox: MailboxRef,
  deadline: { dueAt: Date | null; warnAt: Date | null },
  now: Date,
): PetitionListItem {
  return {
    id: String(p.id),
    trackingNo: p.trackingNo,
    title: p.title,
    category: p.category,
    channel: p.channel,
    status: p.status,
    light: rowLight({ status: p.status, dueAt: deadline.dueAt, warnAt: deadline.warnAt, lightAt: p.lightAt }, now),
    mailbox,
    dueAt: deadline.dueAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    supervised: p.supervisionMailboxId !== null,
    cosignCount: p.cosignCount,
  };
}

/** What a published or tracked view may say: masked text, known personal values removed. */
export function masker(p: Pick<PetitionRow, "contactName" | "contactPhone" | "contactAddress">, petitionerName: string | null) {
  const knownNames = [p.contactName, petitionerName].filter((v): v is string => Boolean(v && v.trim().length >= 2));
  const knownValues = [p.contactPhone, p.contactAddress].filter((v): v is string => Boolean(v && v.trim()));
  return (text: string) => maskPersonalData(text, { knownNames, knownValues });
}

/**
 * Masks Markdown source for a public view. The masker writes stars, which Markdown would read as
 * emphasis (and then drop); so the source's own stars are set aside while masking and the
 * masker's are escaped before rendering. `text` is the masked source with its own stars back.
 */
export function maskMarkdown(mask: (s: string) => string, source: string): { text: string; html: string } {
  const own = "\uE000";
  const masked = mask(source.replaceAll("*", own));
  return { text: masked.replaceAll(own, "*"), html: renderMarkdown(masked.replaceAll("*", "\\*").replaceAll(own, "*")) };
}

export function publicReplies(
  assignments: AssignmentRow[],
  mailboxesById: Map<number, MailboxRef>,
  mask: (s: string) => string,
): PublicReplyDto[] {
  return assignments
    .filter((a) => a.replyBody && a.repliedAt)
    .sort((a, b) => Number(b.lead) - Number(a.lead) || a.repliedAt!.getTime() - b.repliedAt!.getTime())
    .map((a) => {
      const body = maskMarkdown(mask, a.replyBody!);
      return { mailbox: mailboxesById.get(a.mailboxId)!, lead: a.lead, body: body.text, bodyHtml: body.html, repliedAt: a.repliedAt!.toISOString() };
    });
}

export type { AppServices };
