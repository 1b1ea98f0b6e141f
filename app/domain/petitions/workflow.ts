// The petition workflow (六统: accept, reply, handle, query, supervise, assess) as a pure state
// machine. Services load a case, call `apply`, and persist what it returns; nothing here touches
// the database or the clock (the caller passes `now`), so every rule is unit-tested in isolation.
//
// submitted ─accept→ accepted ─assign→ assigned ─lead replies→ replied ─rate satisfied/basic→ closed
//     └─reject→ rejected            (propose, instruct,          └─review (unsatisfied, ≤30 d)→ reviewing
//                                     supervise, extend once)                 └─reply (answer)→ closed

export const petitionStatuses = ["submitted", "accepted", "rejected", "assigned", "replied", "reviewing", "closed"] as const;
export type PetitionStatus = (typeof petitionStatuses)[number];
export const channels = ["mailbox", "forum", "live", "mobile", "hotline"] as const;
export type Channel = (typeof channels)[number];
export const satisfactions = ["satisfied", "basic", "unsatisfied"] as const;
export type Satisfaction = (typeof satisfactions)[number];
export type AssignmentStatus = "open" | "replied";
export const lights = ["red", "yellow", "green", "none"] as const;
export type Light = (typeof lights)[number];
export type ActorRole = "petitioner" | "handler" | "leader" | "admin" | "system";

/** The fixed classification used for routing and statistics (科学分类). */
export const categories = [
  "urban_construction",
  "transport",
  "education",
  "health",
  "environment",
  "labour_social_security",
  "public_security",
  "agriculture",
  "market_regulation",
  "housing",
  "civil_affairs",
  "culture_tourism",
  "economy",
  "land_resources",
  "utilities",
  "government_conduct",
  "other",
] as const;
export type Category = (typeof categories)[number];

export const actionNames = [
  "accept",
  "reject",
  "propose",
  "instruct",
  "assign",
  "reply",
  "extend",
  "supervise",
  "feedback",
  "rate",
  "review",
  "close",
] as const;
export type ActionName = (typeof actionNames)[number];

export interface WorkflowSettings {
  acceptDays: number;
  handleDays: number;
  reviewRequestDays: number;
  reviewAnswerDays: number;
  maxExtensionDays: number;
  /** Yellow starts when this share of the time limit remains… */
  yellowRatio: number;
  /** …or this many days, whichever is larger. */
  yellowMinDays: number;
  maxAssignees: number;
}

/** The statutory limits (信访条例 2005) and the platform's yellow-light setting. */
export const defaultSettings: WorkflowSettings = {
  acceptDays: 15,
  handleDays: 60,
  reviewRequestDays: 30,
  reviewAnswerDays: 30,
  maxExtensionDays: 30,
  yellowRatio: 0.2,
  yellowMinDays: 3,
  maxAssignees: 10,
};

const DAY = 86_400_000;
export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY);

export interface Assignment {
  mailboxId: number;
  lead: boolean;
  status: AssignmentStatus;
  assignedAt: Date;
  dueAt: Date;
  warnAt: Date;
  repliedAt: Date | null;
}

export interface CaseState {
  status: PetitionStatus;
  /** The addressed mailbox. */
  mailboxId: number;
  petitionerId: number | null;
  createdAt: Date;
  acceptedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  satisfaction: Satisfaction | null;
  reviewRequestedAt: Date | null;
  extendedDays: number | null;
  supervisionMailboxId: number | null;
  proposedOpinion: string | null;
  instruction: string | null;
  assignments: Assignment[];
}

export interface Actor {
  userId: number;
  role: "citizen" | "moderator" | "official" | "admin";
  mailboxes: { mailboxId: number; position: "handler" | "leader" }[];
}

export type ActionInput =
  | { action: "accept" }
  | { action: "reject"; reason: string }
  | { action: "propose"; opinion: string }
  | { action: "instruct"; instruction: string }
  | { action: "assign"; mailboxIds: number[]; leadMailboxId?: number; dueAt?: Date }
  | { action: "reply"; body: string; mailboxId?: number }
  | { action: "extend"; days: number; reason: string }
  | { action: "supervise"; note: string; mailboxId?: number }
  | { action: "feedback"; note: string }
  | { action: "rate"; satisfaction: Satisfaction; comment?: string }
  | { action: "review"; reason: string }
  | { action: "close" };

export interface TimelineStep {
  action: ActionName;
  actorRole: ActorRole;
  /** The mailbox on whose behalf the actor acted, or the one the step concerns. */
  mailboxId: number | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

export type Outcome =
  | { ok: true; state: CaseState; step: TimelineStep }
  | { ok: false; status: 400 | 403 | 409; code: string };

// ---------------------------------------------------------------- time limits and lights

/** When a deadline turns yellow: 20% of the limit or 3 days before it, whichever is earlier. */
export function warnAtFor(start: Date, due: Date, s: WorkflowSettings = defaultSettings): Date {
  const span = Math.max(0, due.getTime() - start.getTime());
  const lead = Math.max(span * s.yellowRatio, s.yellowMinDays * DAY);
  return new Date(due.getTime() - lead);
}

export function lightAt(dueAt: Date | null, warnAt: Date | null, at: Date): Light {
  if (!dueAt) return "none";
  if (at.getTime() > dueAt.getTime()) return "red";
  if (warnAt && at.getTime() >= warnAt.getTime()) return "yellow";
  return "green";
}

export interface Deadline {
  dueAt: Date | null;
  warnAt: Date | null;
  /** Set when nothing is open any more: the light is the one it had at that moment. */
  lightAt: Date | null;
}

const isOpen = (s: PetitionStatus) => s !== "closed" && s !== "rejected";

/**
 * The deadline that drives the case's light: the acceptance limit while submitted, the handling
 * limit once accepted, the earliest open assignment once assigned, the review answer's limit
 * while reviewing. A replied case with nothing open keeps the light it had when the lead replied.
 */
export function deadlineOf(c: CaseState, s: WorkflowSettings = defaultSettings): Deadline {
  const none = { dueAt: null, warnAt: null, lightAt: null };
  switch (c.status) {
    case "rejected":
    case "closed":
      return none;
    case "submitted": {
      const due = addDays(c.createdAt, s.acceptDays);
      return { dueAt: due, warnAt: warnAtFor(c.createdAt, due, s), lightAt: null };
    }
    case "accepted": {
      const start = c.acceptedAt ?? c.createdAt;
      const due = addDays(start, s.handleDays);
      return { dueAt: due, warnAt: warnAtFor(start, due, s), lightAt: null };
    }
    case "reviewing": {
      const start = c.reviewRequestedAt ?? c.createdAt;
      const due = addDays(start, s.reviewAnswerDays);
      return { dueAt: due, warnAt: warnAtFor(start, due, s), lightAt: null };
    }
    case "assigned":
    case "replied": {
      const open = c.assignments.filter((a) => a.status === "open").sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      if (open[0]) return { dueAt: open[0].dueAt, warnAt: open[0].warnAt, lightAt: null };
      const lead = c.assignments.find((a) => a.lead);
      if (!lead) return none;
      return { dueAt: lead.dueAt, warnAt: lead.warnAt, lightAt: lead.repliedAt ?? c.repliedAt };
    }
  }
}

export function lightOf(c: CaseState, now: Date, s: WorkflowSettings = defaultSettings): Light {
  if (!isOpen(c.status)) return "none";
  const d = deadlineOf(c, s);
  return lightAt(d.dueAt, d.warnAt, d.lightAt ?? now);
}

// ---------------------------------------------------------------- who is who

const official = (a: Actor) => a.role === "official" || a.role === "admin";
const isAdmin = (a: Actor) => a.role === "admin";
const memberOf = (a: Actor, mailboxId: number) => official(a) && a.mailboxes.some((m) => m.mailboxId === mailboxId);
const leaderOf = (a: Actor, mailboxId: number) =>
  official(a) && a.mailboxes.some((m) => m.mailboxId === mailboxId && m.position === "leader");

export function involvedMailboxes(c: CaseState): number[] {
  return [...new Set([c.mailboxId, ...c.assignments.map((a) => a.mailboxId)])];
}

export const isPetitioner = (c: CaseState, a: Actor | null) => a !== null && c.petitionerId !== null && c.petitionerId === a.userId;

/** Who may see the whole case: the petitioner, members of involved mailboxes, administrators. */
export function canView(c: CaseState, a: Actor | null): boolean {
  if (!a) return false;
  return isAdmin(a) || isPetitioner(c, a) || involvedMailboxes(c).some((m) => memberOf(a, m));
}

function positionIn(a: Actor, mailboxId: number): ActorRole {
  return leaderOf(a, mailboxId) ? "leader" : "handler";
}

// ---------------------------------------------------------------- transitions

const deny = (code = "forbidden"): Outcome => ({ ok: false, status: 403, code });
const invalid = (code = "invalid_transition"): Outcome => ({ ok: false, status: 409, code });
const bad = (code = "invalid_input"): Outcome => ({ ok: false, status: 400, code });
const blank = (s: string | undefined) => !s || s.trim() === "";

function step(action: ActionName, actorRole: ActorRole, mailboxId: number | null, note: string | null, data: Record<string, unknown> | null = null): TimelineStep {
  return { action, actorRole, mailboxId, note, data };
}

/**
 * Applies one action. Order of checks: may this actor ever do this on this case (403), is the
 * case in a state that allows it (409), is the input sensible (400). The caller has already
 * established that the actor may see the case (others get 404).
 */
export function apply(c: CaseState, actor: Actor, input: ActionInput, now: Date, s: WorkflowSettings = defaultSettings): Outcome {
  const admin = isAdmin(actor);
  const involved = involvedMailboxes(c);
  switch (input.action) {
    case "accept":
    case "reject": {
      if (!admin && !memberOf(actor, c.mailboxId)) return deny();
      if (c.status !== "submitted") return invalid();
      const role: ActorRole = admin ? "admin" : positionIn(actor, c.mailboxId);
      if (input.action === "accept") {
        return { ok: true, state: { ...c, status: "accepted", acceptedAt: now }, step: step("accept", role, c.mailboxId, null) };
      }
      if (blank(input.reason)) return bad();
      return {
        ok: true,
        state: { ...c, status: "rejected", closedAt: now },
        step: step("reject", role, c.mailboxId, input.reason.trim()),
      };
    }

    case "propose": {
      if (!admin) return deny();
      if (c.status !== "accepted" && c.status !== "assigned") return invalid();
      if (blank(input.opinion)) return bad();
      const opinion = input.opinion.trim();
      return { ok: true, state: { ...c, proposedOpinion: opinion }, step: step("propose", "admin", null, opinion) };
    }

    case "instruct": {
      const mailbox = involved.find((m) => leaderOf(actor, m));
      if (mailbox === undefined) return deny();
      if (c.status !== "accepted" && c.status !== "assigned" && c.status !== "reviewing") return invalid();
      if (blank(input.instruction)) return bad();
      const instruction = input.instruction.trim();
      return { ok: true, state: { ...c, instruction }, step: step("instruct", "leader", mailbox, instruction) };
    }

    case "assign": {
      if (!admin) return deny();
      if (c.status !== "accepted") return invalid();
      const ids = [...new Set(input.mailboxIds)];
      if (ids.length === 0 || ids.length > s.maxAssignees || ids.length !== input.mailboxIds.length) return bad();
      const lead = input.leadMailboxId ?? ids[0];
      if (!ids.includes(lead)) return bad("invalid_lead");
      const statutory = addDays(c.acceptedAt ?? now, s.handleDays);
      const due = input.dueAt ?? statutory;
      // A custom due date may be earlier than the statutory limit, never later (that is what a
      // reasoned extension is for).
      if (input.dueAt && (input.dueAt.getTime() <= now.getTime() || input.dueAt.getTime() > statutory.getTime())) return bad("invalid_due_date");
      const assignments: Assignment[] = ids.map((mailboxId) => ({
        mailboxId,
        lead: mailboxId === lead,
        status: "open",
        assignedAt: now,
        dueAt: due,
        // The time limit runs from acceptance: assigning late does not reset the yellow point.
        warnAt: warnAtFor(c.acceptedAt ?? now, due, s),
        repliedAt: null,
      }));
      return {
        ok: true,
        state: { ...c, status: "assigned", assignments },
        step: step("assign", "admin", lead, null, { mailboxIds: ids, leadMailboxId: lead, dueAt: due.toISOString() }),
      };
    }

    case "reply": {
      if (c.status === "reviewing") {
        // The answer to a review request closes the case (复查 is final on this platform): the
        // lead mailbox's members, a leader of any involved mailbox, or an administrator.
        const leadBox = c.assignments.find((a) => a.lead)?.mailboxId;
        const mailbox = leadBox !== undefined && memberOf(actor, leadBox) ? leadBox : involved.find((m) => leaderOf(actor, m));
        if (!admin && mailbox === undefined) return deny();
        if (blank(input.body)) return bad();
        return {
          ok: true,
          state: { ...c, status: "closed", closedAt: now },
          step: step(
            "reply",
            admin ? "admin" : positionIn(actor, mailbox!),
            admin ? null : (mailbox ?? null),
            input.body.trim(),
            { review: true },
          ),
        };
      }
      const mine = c.assignments.filter((a) => memberOf(actor, a.mailboxId));
      if (mine.length === 0) return deny();
      if (input.mailboxId !== undefined && !mine.some((a) => a.mailboxId === input.mailboxId)) return deny();
      // A co-handler still owes its part after the petitioner closed the case: it may answer.
      const coHandlerAfterClose = c.status === "closed" && mine.some((a) => !a.lead && a.status === "open");
      if (c.status !== "assigned" && c.status !== "replied" && !coHandlerAfterClose) return invalid();
      const open = mine.filter((a) => a.status === "open" && (input.mailboxId === undefined || a.mailboxId === input.mailboxId));
      // Answer for the lead mailbox first when the actor sits in several.
      const target = open.find((a) => a.lead) ?? open[0];
      if (!target) return invalid("already_replied");
      if (blank(input.body)) return bad();
      const assignments = c.assignments.map((a) => (a === target ? { ...a, status: "replied" as const, repliedAt: now } : a));
      const leadReplied = target.lead && c.status === "assigned";
      return {
        ok: true,
        state: { ...c, assignments, status: leadReplied ? "replied" : c.status, repliedAt: leadReplied ? now : c.repliedAt },
        step: step("reply", positionIn(actor, target.mailboxId), target.mailboxId, input.body.trim(), { lead: target.lead }),
      };
    }

    case "extend": {
      const lead = c.assignments.find((a) => a.lead);
      const leaderOfLead = lead !== undefined && leaderOf(actor, lead.mailboxId);
      if (!admin && !leaderOfLead) {
        // Before assignment the addressed mailbox may still become the lead: its leader learns
        // that the time is wrong rather than that they may not.
        const mayBecomeLead = (c.status === "submitted" || c.status === "accepted") && leaderOf(actor, c.mailboxId);
        return mayBecomeLead ? invalid() : deny();
      }
      if (c.status !== "assigned") return invalid();
      if (c.extendedDays !== null) return invalid("already_extended");
      // An extension is asked for in time: a missed deadline stays missed (and assessed).
      if (c.assignments.some((a) => a.status === "open" && a.dueAt.getTime() < now.getTime())) return invalid("deadline_passed");
      if (!Number.isInteger(input.days) || input.days < 1 || input.days > s.maxExtensionDays) return bad("invalid_extension");
      if (blank(input.reason)) return bad();
      const assignments = c.assignments.map((a) => {
        if (a.status !== "open") return a;
        const dueAt = addDays(a.dueAt, input.days);
        return { ...a, dueAt, warnAt: warnAtFor(c.acceptedAt ?? a.assignedAt, dueAt, s) };
      });
      return {
        ok: true,
        state: { ...c, assignments, extendedDays: input.days },
        step: step("extend", admin ? "admin" : "leader", lead?.mailboxId ?? null, input.reason.trim(), { days: input.days }),
      };
    }

    case "supervise": {
      if (!admin) return deny();
      if (!isOpen(c.status)) return invalid();
      if (blank(input.note)) return bad();
      const openAssignments = c.assignments.filter((a) => a.status === "open");
      const fallback =
        c.status === "assigned" || c.status === "replied"
          ? (openAssignments.find((a) => a.lead) ?? openAssignments[0] ?? c.assignments.find((a) => a.lead))?.mailboxId
          : c.mailboxId;
      const target = input.mailboxId ?? fallback ?? c.mailboxId;
      if (!involved.includes(target)) return bad("invalid_supervision_target");
      return {
        ok: true,
        state: { ...c, supervisionMailboxId: target },
        step: step("supervise", "admin", target, input.note.trim()),
      };
    }

    case "feedback": {
      if (!involved.some((m) => memberOf(actor, m))) return deny();
      if (c.supervisionMailboxId === null) return invalid();
      if (!memberOf(actor, c.supervisionMailboxId)) return deny();
      if (blank(input.note)) return bad();
      return {
        ok: true,
        state: { ...c, supervisionMailboxId: null },
        step: step("feedback", positionIn(actor, c.supervisionMailboxId), c.supervisionMailboxId, input.note.trim()),
      };
    }

    case "rate": {
      if (!isPetitioner(c, actor)) return deny();
      // Nobody rates their own department's answer.
      if (c.assignments.some((a) => memberOf(actor, a.mailboxId))) return deny("conflict_of_interest");
      if (c.status !== "replied" || c.satisfaction !== null) return invalid();
      const done = input.satisfaction !== "unsatisfied";
      return {
        ok: true,
        state: { ...c, satisfaction: input.satisfaction, status: done ? "closed" : "replied", closedAt: done ? now : null },
        step: step("rate", "petitioner", null, input.comment?.trim() || null, { satisfaction: input.satisfaction }),
      };
    }

    case "review": {
      if (!isPetitioner(c, actor)) return deny();
      if (c.assignments.some((a) => memberOf(actor, a.mailboxId))) return deny("conflict_of_interest");
      if (c.status !== "replied" || c.satisfaction === "satisfied" || c.satisfaction === "basic") return invalid();
      if (c.repliedAt && now.getTime() > addDays(c.repliedAt, s.reviewRequestDays).getTime()) return invalid("review_window_closed");
      if (blank(input.reason)) return bad();
      return {
        ok: true,
        state: { ...c, status: "reviewing", satisfaction: "unsatisfied", reviewRequestedAt: now },
        step: step("review", "petitioner", null, input.reason.trim()),
      };
    }

    case "close": {
      if (!admin) return deny();
      if (c.status !== "replied") return invalid();
      // The petitioner's right to a review (复查) is not cut short: the office closes an
      // unrated or unsatisfied case only once the 30 days after the reply have passed.
      if (c.repliedAt && now.getTime() <= addDays(c.repliedAt, s.reviewRequestDays).getTime()) return invalid("review_window_open");
      return { ok: true, state: { ...c, status: "closed", closedAt: now }, step: step("close", "admin", null, null) };
    }
  }
}

/** The actions this actor could take now (drives which forms a case page shows). */
export function availableActions(c: CaseState, actor: Actor | null, now: Date, s: WorkflowSettings = defaultSettings): ActionName[] {
  if (!actor) return [];
  const probes: ActionInput[] = [
    { action: "accept" },
    { action: "reject", reason: "x" },
    { action: "propose", opinion: "x" },
    { action: "instruct", instruction: "x" },
    { action: "assign", mailboxIds: [c.mailboxId] },
    { action: "reply", body: "x" },
    { action: "extend", days: 1, reason: "x" },
    { action: "supervise", note: "x" },
    { action: "feedback", note: "x" },
    { action: "rate", satisfaction: "satisfied" },
    { action: "review", reason: "x" },
    { action: "close" },
  ];
  return probes.filter((p) => apply(c, actor, p, now, s).ok).map((p) => p.action);
}
