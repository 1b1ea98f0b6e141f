// Page plumbing shared by /commitments/new and /commitments/:id/edit: the mailbox choices, who
// may open the forms, and form values → the service's input (field errors back on the fields).
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import type { MailboxChoice } from "~/domain/petitions/mailbox-groups";
import { parseMilestoneLines, type CommitmentFormValues } from "~/domain/commitments/ui";
import { isModerator, isOfficial, type Viewer } from "~/domain/auth/types";
import { getT } from "~/i18n";
import { isAppError } from "../errors";
import { translateError } from "../http";
import { listMailboxes } from "../petitions/mailboxes";
import type { AppServices } from "../context";

export async function mailboxChoices(app: AppServices): Promise<MailboxChoice[]> {
  return (await listMailboxes(app)).map((m) => ({ id: m.id, name: m.name, nameEn: m.nameEn, tier: m.tier, kind: m.kind, parentId: m.parentId }));
}

/** Signed in (else to the login page), and an official, moderator or administrator (else 403). */
export function requireProposer(context: AppLoadContext, request: Request): Viewer {
  const viewer = context.viewer;
  if (!viewer) throw redirect(`/login?next=${encodeURIComponent(new URL(request.url).pathname + new URL(request.url).search)}`);
  if (!isOfficial(viewer) && !isModerator(viewer)) throw new Response(getT(context.lang)("errors.commitment_create_forbidden"), { status: 403 });
  return viewer;
}

/** The form's fields as the API's input: milestones one per line, ids comma-separated. */
export function createInput(form: Record<string, string>) {
  return {
    year: form.year,
    title: form.title,
    summary: form.summary,
    ownerMailboxId: form.ownerMailboxId,
    budgetYuan: form.budgetYuan,
    status: form.status || "proposed",
    ordinal: form.ordinal,
    milestones: parseMilestoneLines(form.milestones ?? ""),
    threadIds: form.threadIds ?? "",
    petitionIds: form.petitionIds ?? "",
  };
}

/** Runs the write; an AppError comes back as `{error, values}` with field errors folded per box. */
export async function commitmentFormAction<T>(context: AppLoadContext, values: CommitmentFormValues, fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (e) {
    if (!isAppError(e)) throw e;
    const error = translateError(e, context.lang);
    if (error.fields) {
      const folded: Record<string, string> = {};
      for (const [k, v] of Object.entries(error.fields)) folded[k.split(".")[0]] ??= v;
      error.fields = folded;
    }
    return data({ error, values }, { status: e.status });
  }
}
