// Unit tests of the pure petition state machine (app/domain/petitions/workflow.ts): every action ×
// every kind of actor × every status, the effects of each allowed transition, the warning lights
// at their boundaries with an injected clock, and who may see a case.
//
// Every date is fixed; nothing here reads the real clock. Expected values are written out from
// the rules in docs/domain.md and the Petitions part of docs/api.md, never computed by calling the
// module under test.
//
// `it.fails` marks a test of the *correct* behaviour that the current code gets wrong. Each one says
// which rule it shows broken. Once workflow.ts is fixed, Vitest reports it and it becomes a plain `it`.

import { describe, expect, it } from "vitest";
import {
  actionNames,
  apply,
  availableActions,
  canView,
  deadlineOf,
  defaultSettings,
  involvedMailboxes,
  lightAt,
  lightOf,
  warnAtFor,
  type ActionInput,
  type ActionName,
  type Actor,
  type Assignment,
  type CaseState,
  type Outcome,
  type WorkflowSettings,
} from "../../app/domain/petitions/workflow";

// ================================================================ clock, mailboxes, actors

const at = (iso: string) => new Date(iso);
const plusMs = (d: Date, ms: number) => new Date(d.getTime() + ms);
const DAY = 86_400_000;

/** The addressed mailbox: a city leader's mailbox; cases are routed from it to departments. */
const ADDR = 10;
/** The lead department the case is assigned to. */
const LEAD = 20;
/** A co-handling department (一信多转). */
const CO = 30;
/** A mailbox that has nothing to do with the case. */
const OTHER = 90;

// The life of the case used by the fixtures.
const CREATED = at("2026-03-01T00:00:00Z");
const ACCEPTED = at("2026-03-03T00:00:00Z");
/** Assigned the moment it was accepted, so the handling limit runs from the same instant either way. */
const ASSIGNED = ACCEPTED;
/** ACCEPTED + 60 days. */
const HANDLING_DUE = at("2026-05-02T00:00:00Z");
/** HANDLING_DUE − 12 days (20% of 60 days is more than 3 days). */
const HANDLING_WARN = at("2026-04-20T00:00:00Z");
const LEAD_REPLIED = at("2026-03-21T00:00:00Z");
const CO_REPLIED = at("2026-03-26T00:00:00Z");
const REVIEW_REQUESTED = at("2026-03-31T00:00:00Z");
const CLOSED = at("2026-04-02T00:00:00Z");
/** "Now" for most tests: 15 days after the lead's reply, well inside the 30-day review window. */
const NOW = at("2026-04-05T00:00:00Z");

const PETITIONER_ID = 1;

function official(userId: number, ...memberships: [number, "handler" | "leader"][]): Actor {
  return { userId, role: "official", mailboxes: memberships.map(([mailboxId, position]) => ({ mailboxId, position })) };
}

const actors = {
  stranger: { userId: 100, role: "citizen", mailboxes: [] },
  petitioner: { userId: PETITIONER_ID, role: "citizen", mailboxes: [] },
  moderator: { userId: 200, role: "moderator", mailboxes: [] },
  addressedHandler: official(301, [ADDR, "handler"]),
  addressedLeader: official(302, [ADDR, "leader"]),
  leadHandler: official(303, [LEAD, "handler"]),
  leadLeader: official(304, [LEAD, "leader"]),
  coHandler: official(305, [CO, "handler"]),
  /** A leader, so that "a leader of some mailbox" is not enough for leader-only actions. */
  otherOfficial: official(306, [OTHER, "leader"]),
  admin: { userId: 900, role: "admin", mailboxes: [] },
} satisfies Record<string, Actor>;
type ActorName = keyof typeof actors;

// ================================================================ case fixtures

function assignment(mailboxId: number, over: Partial<Assignment> = {}): Assignment {
  return {
    mailboxId,
    lead: false,
    status: "open",
    assignedAt: ASSIGNED,
    dueAt: HANDLING_DUE,
    warnAt: HANDLING_WARN,
    repliedAt: null,
    ...over,
  };
}
const leadOpen = () => assignment(LEAD, { lead: true });
const leadReplied = (repliedAt = LEAD_REPLIED) => assignment(LEAD, { lead: true, status: "replied", repliedAt });
const coOpen = () => assignment(CO);
const coReplied = (repliedAt = CO_REPLIED) => assignment(CO, { status: "replied", repliedAt });

function submitted(over: Partial<CaseState> = {}): CaseState {
  return {
    status: "submitted",
    mailboxId: ADDR,
    petitionerId: PETITIONER_ID,
    createdAt: CREATED,
    acceptedAt: null,
    repliedAt: null,
    closedAt: null,
    satisfaction: null,
    reviewRequestedAt: null,
    extendedDays: null,
    supervisionMailboxId: null,
    proposedOpinion: null,
    instruction: null,
    assignments: [],
    ...over,
  };
}
const accepted = (over: Partial<CaseState> = {}) => submitted({ status: "accepted", acceptedAt: ACCEPTED, ...over });
const rejected = (over: Partial<CaseState> = {}) => submitted({ status: "rejected", closedAt: ACCEPTED, ...over });
const assigned = (over: Partial<CaseState> = {}) =>
  accepted({ status: "assigned", proposedOpinion: "Refer to the transport bureau", assignments: [leadOpen(), coOpen()], ...over });
/** The lead has replied; the co-handler has not yet; the petitioner has not rated. */
const replied = (over: Partial<CaseState> = {}) =>
  assigned({ status: "replied", repliedAt: LEAD_REPLIED, assignments: [leadReplied(), coOpen()], ...over });
/** Everyone has replied and the petitioner rated the answer unsatisfied. */
const repliedUnsatisfied = (over: Partial<CaseState> = {}) =>
  replied({ satisfaction: "unsatisfied", assignments: [leadReplied(), coReplied()], ...over });
const reviewing = (over: Partial<CaseState> = {}) =>
  repliedUnsatisfied({ status: "reviewing", reviewRequestedAt: REVIEW_REQUESTED, ...over });
const closed = (over: Partial<CaseState> = {}) =>
  replied({ status: "closed", satisfaction: "satisfied", closedAt: CLOSED, assignments: [leadReplied(), coReplied()], ...over });

/** Realistic cases in every status; two of them are under supervision (督办). */
const fixtures = {
  submitted: () => submitted(),
  /** Pressed to route it: supervision of the addressed mailbox. */
  accepted: () => accepted({ supervisionMailboxId: ADDR }),
  rejected: () => rejected(),
  /** Lead + co-handler, both open, the lead mailbox under supervision. */
  assigned: () => assigned({ supervisionMailboxId: LEAD }),
  replied: () => replied(),
  repliedUnsatisfied: () => repliedUnsatisfied(),
  reviewing: () => reviewing(),
  closed: () => closed(),
} satisfies Record<string, () => CaseState>;
type FixtureName = keyof typeof fixtures;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object" && !(o instanceof Date)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** A valid input for every action, so that only the actor and the status decide the outcome. */
const validInput: Record<ActionName, ActionInput> = {
  accept: { action: "accept" },
  reject: { action: "reject", reason: "A court case is pending on the same matter" },
  propose: { action: "propose", opinion: "Refer to the transport bureau, copy urban management" },
  instruct: { action: "instruct", instruction: "Solve it before the new school term" },
  assign: { action: "assign", mailboxIds: [LEAD, CO], leadMailboxId: LEAD },
  reply: { action: "reply", body: "Route 7 will run again from 1 May." },
  extend: { action: "extend", days: 10, reason: "The route survey needs another week" },
  supervise: { action: "supervise", note: "The petitioner has waited long enough" },
  feedback: { action: "feedback", note: "The survey is scheduled for next Monday" },
  rate: { action: "rate", satisfaction: "satisfied" },
  review: { action: "review", reason: "The reply ignores the night buses" },
  close: { action: "close" },
};

// ================================================================ outcome helpers

function expectOk(out: Outcome) {
  if (!out.ok) throw new Error(`expected ok, got ${out.status} ${out.code}`);
  return out;
}
const refused = (status: 400 | 403 | 409, code: string) => ({ ok: false, status, code });

// ================================================================ 1. the matrix

// Columns, in this order:
//   S  stranger (a citizen with no part in the case)   P  the petitioner        M  a moderator
//   AH handler of the addressed mailbox                AL leader of the addressed mailbox
//   LH handler of the lead assigned mailbox            LL leader of the lead mailbox
//   CH handler of a co-handler mailbox                 O  leader of an uninvolved mailbox
//   AD administrator (no mailbox memberships)
//
// Cells: ok, 403 (not your role), 409 (not in this state), 400 (bad input; never expected here since
// every input is valid). A trailing "!" marks a cell the current code gets wrong: the test runs as
// `it.fails`; see the notes under the table.
//
// Rules (api.md, Petitions):
//   accept, reject   admin or a member of the addressed mailbox; only while submitted
//   propose          admin; accepted or assigned
//   instruct         a leader of an involved mailbox (addressed or assigned); accepted, assigned, reviewing
//   assign           admin; accepted
//   reply            a member of an assigned mailbox whose assignment is still open; assigned or replied.
//                    In reviewing, the reply is the answer to the review (复查): a leader of an involved
//                    mailbox or an admin (the design documented in workflow.ts)
//   extend           admin or a leader of the lead mailbox; assigned, once. Before there is a lead
//                    mailbox, a leader of the addressed mailbox (the default lead) hears 409
//   supervise        admin; any open status
//   feedback         a member of the supervised mailbox, while supervision is pending (otherwise a member
//                    of an involved mailbox hears 409)
//   rate             the petitioner; replied and not yet rated
//   review           the petitioner; replied, not rated satisfied/basic, within 30 days of the reply
//   close            admin; replied
const actorColumns: ActorName[] = [
  "stranger",
  "petitioner",
  "moderator",
  "addressedHandler",
  "addressedLeader",
  "leadHandler",
  "leadLeader",
  "coHandler",
  "otherOfficial",
  "admin",
];

//                 S    P    M    AH   AL   LH   LL   CH   O    AD
const expected: Record<FixtureName, Record<ActionName, string>> = {
  submitted: {
    accept:    "403  403  403  ok   ok   403  403  403  403  ok ",
    reject:    "403  403  403  ok   ok   403  403  403  403  ok ",
    propose:   "403  403  403  403  403  403  403  403  403  409",
    instruct:  "403  403  403  403  409  403  403  403  403  403",
    assign:    "403  403  403  403  403  403  403  403  403  409",
    reply:     "403  403  403  403  403  403  403  403  403  403",
    extend:    "403  403  403  403  409  403  403  403  403  409",
    supervise: "403  403  403  403  403  403  403  403  403  ok ",
    feedback:  "403  403  403  409  409  403  403  403  403  403",
    rate:      "403  409  403  403  403  403  403  403  403  403",
    review:    "403  409  403  403  403  403  403  403  403  403",
    close:     "403  403  403  403  403  403  403  403  403  409",
  },
  accepted: {
    accept:    "403  403  403  409  409  403  403  403  403  409",
    reject:    "403  403  403  409  409  403  403  403  403  409",
    propose:   "403  403  403  403  403  403  403  403  403  ok ",
    instruct:  "403  403  403  403  ok   403  403  403  403  403",
    assign:    "403  403  403  403  403  403  403  403  403  ok ",
    reply:     "403  403  403  403  403  403  403  403  403  403",
    extend:    "403  403  403  403  409  403  403  403  403  409",
    supervise: "403  403  403  403  403  403  403  403  403  ok ",
    feedback:  "403  403  403  ok   ok   403  403  403  403  403",
    rate:      "403  409  403  403  403  403  403  403  403  403",
    review:    "403  409  403  403  403  403  403  403  403  403",
    close:     "403  403  403  403  403  403  403  403  403  409",
  },
  rejected: {
    accept:    "403  403  403  409  409  403  403  403  403  409",
    reject:    "403  403  403  409  409  403  403  403  403  409",
    propose:   "403  403  403  403  403  403  403  403  403  409",
    instruct:  "403  403  403  403  409  403  403  403  403  403",
    assign:    "403  403  403  403  403  403  403  403  403  409",
    reply:     "403  403  403  403  403  403  403  403  403  403",
    extend:    "403  403  403  403  403  403  403  403  403  409",
    supervise: "403  403  403  403  403  403  403  403  403  409",
    feedback:  "403  403  403  409  409  403  403  403  403  403",
    rate:      "403  409  403  403  403  403  403  403  403  403",
    review:    "403  409  403  403  403  403  403  403  403  403",
    close:     "403  403  403  403  403  403  403  403  403  409",
  },
  assigned: {
    accept:    "403  403  403  409  409  403  403  403  403  409",
    reject:    "403  403  403  409  409  403  403  403  403  409",
    propose:   "403  403  403  403  403  403  403  403  403  ok ",
    instruct:  "403  403  403  403  ok   403  ok   403  403  403",
    assign:    "403  403  403  403  403  403  403  403  403  409",
    reply:     "403  403  403  403  403  ok   ok   ok   403  403",
    extend:    "403  403  403  403  403  403  ok   403  403  ok ",
    supervise: "403  403  403  403  403  403  403  403  403  ok ",
    feedback:  "403  403  403  403  403  ok   ok   403  403  403",
    rate:      "403  409  403  403  403  403  403  403  403  403",
    review:    "403  409  403  403  403  403  403  403  403  403",
    close:     "403  403  403  403  403  403  403  403  403  409",
  },
  replied: {
    accept:    "403  403  403  409  409  403  403  403  403  409",
    reject:    "403  403  403  409  409  403  403  403  403  409",
    propose:   "403  403  403  403  403  403  403  403  403  409",
    instruct:  "403  403  403  403  409  403  409  403  403  403",
    assign:    "403  403  403  403  403  403  403  403  403  409",
    reply:     "403  403  403  403  403  409  409  ok   403  403",
    extend:    "403  403  403  403  403  403  409  403  403  409",
    supervise: "403  403  403  403  403  403  403  403  403  ok ",
    feedback:  "403  403  403  409  409  409  409  409  403  403",
    rate:      "403  ok   403  403  403  403  403  403  403  403",
    review:    "403  ok   403  403  403  403  403  403  403  403",
    close:     "403  403  403  403  403  403  403  403  403  409",
  },
  repliedUnsatisfied: {
    accept:    "403  403  403  409  409  403  403  403  403  409",
    reject:    "403  403  403  409  409  403  403  403  403  409",
    propose:   "403  403  403  403  403  403  403  403  403  409",
    instruct:  "403  403  403  403  409  403  409  403  403  403",
    assign:    "403  403  403  403  403  403  403  403  403  409",
    reply:     "403  403  403  403  403  409  409  409  403  403",
    extend:    "403  403  403  403  403  403  409  403  403  409",
    supervise: "403  403  403  403  403  403  403  403  403  ok ",
    feedback:  "403  403  403  409  409  409  409  409  403  403",
    rate:      "403  409  403  403  403  403  403  403  403  403",
    review:    "403  ok   403  403  403  403  403  403  403  403",
    close:     "403  403  403  403  403  403  403  403  403  409",
  },
  reviewing: {
    accept:    "403  403  403  409  409  403  403  403  403  409",
    reject:    "403  403  403  409  409  403  403  403  403  409",
    propose:   "403  403  403  403  403  403  403  403  403  409",
    instruct:  "403  403  403  403  ok   403  ok   403  403  403",
    assign:    "403  403  403  403  403  403  403  403  403  409",
    reply:     "403  403  403  403  ok   ok   ok   403  403  ok",
    extend:    "403  403  403  403  403  403  409  403  403  409",
    supervise: "403  403  403  403  403  403  403  403  403  ok ",
    feedback:  "403  403  403  409  409  409  409  409  403  403",
    rate:      "403  409  403  403  403  403  403  403  403  403",
    review:    "403  409  403  403  403  403  403  403  403  403",
    close:     "403  403  403  403  403  403  403  403  403  409",
  },
  closed: {
    accept:    "403  403  403  409  409  403  403  403  403  409",
    reject:    "403  403  403  409  409  403  403  403  403  409",
    propose:   "403  403  403  403  403  403  403  403  403  409",
    instruct:  "403  403  403  403  409  403  409  403  403  403",
    assign:    "403  403  403  403  403  403  403  403  403  409",
    reply:     "403  403  403  403  403  409  409  409  403  403",
    extend:    "403  403  403  403  403  403  409  403  403  409",
    supervise: "403  403  403  403  403  403  403  403  403  409",
    feedback:  "403  403  403  409  409  409  409  409  403  403",
    rate:      "403  409  403  403  403  403  403  403  403  403",
    review:    "403  409  403  403  403  403  403  403  403  403",
    close:     "403  403  403  403  403  403  403  403  403  409",
  },
};
// No cell is marked "!" at present: every rule above holds. (A trailing "!" would mark a cell the
// code gets wrong, run as `it.fails` until fixed.)

function parseRow(row: string): { outcome: string; knownBug: boolean }[] {
  const cells = row.trim().split(/\s+/);
  if (cells.length !== actorColumns.length) throw new Error(`row needs ${actorColumns.length} cells: "${row}"`);
  return cells.map((cell) => {
    const knownBug = cell.endsWith("!");
    const outcome = knownBug ? cell.slice(0, -1) : cell;
    if (!["ok", "400", "403", "409"].includes(outcome)) throw new Error(`bad cell "${cell}"`);
    return { outcome, knownBug };
  });
}

describe("matrix: every status × actor × action", () => {
  it("covers every action and every status", () => {
    for (const row of Object.values(expected)) expect(Object.keys(row).sort()).toEqual([...actionNames].sort());
    expect(Object.keys(expected).sort()).toEqual(Object.keys(fixtures).sort());
  });

  for (const status of Object.keys(fixtures) as FixtureName[]) {
    describe(status, () => {
      for (const action of actionNames) {
        parseRow(expected[status][action]).forEach(({ outcome, knownBug }, i) => {
          const actorName = actorColumns[i];
          const test = knownBug ? it.fails : it;
          test(`${status} × ${actorName} × ${action} → ${outcome}${knownBug ? " (known bug)" : ""}`, () => {
            // Frozen, so that any mutation of the caller's state throws.
            const c = deepFreeze(fixtures[status]());
            const out = apply(c, actors[actorName], validInput[action], NOW);
            const got = out.ok ? "ok" : String(out.status);
            expect(got, out.ok ? "ok" : `${out.status} ${out.code}`).toBe(outcome);
          });
        });
      }
    });
  }
});

// ================================================================ 2. effects of each transition

describe("accept and reject", () => {
  it("accept: accepted at now, step by the actor's position in the addressed mailbox", () => {
    const before = submitted();
    const r = expectOk(apply(before, actors.addressedHandler, { action: "accept" }, NOW));
    expect(r.state).toEqual({ ...before, status: "accepted", acceptedAt: NOW });
    expect(r.step).toEqual({ action: "accept", actorRole: "handler", mailboxId: ADDR, note: null, data: null });
    expect(expectOk(apply(before, actors.addressedLeader, { action: "accept" }, NOW)).step.actorRole).toBe("leader");
    expect(expectOk(apply(before, actors.admin, { action: "accept" }, NOW)).step).toEqual({
      action: "accept",
      actorRole: "admin",
      mailboxId: ADDR,
      note: null,
      data: null,
    });
  });

  it("does not change the caller's state object", () => {
    const before = submitted();
    const copy = structuredClone(before);
    apply(before, actors.admin, { action: "accept" }, NOW);
    expect(before).toEqual(copy);
  });

  it("reject: rejected and closed at now, with the reason trimmed", () => {
    const before = submitted();
    const r = expectOk(apply(before, actors.addressedLeader, { action: "reject", reason: "  A court case is pending  " }, NOW));
    expect(r.state).toEqual({ ...before, status: "rejected", closedAt: NOW });
    expect(r.step).toEqual({ action: "reject", actorRole: "leader", mailboxId: ADDR, note: "A court case is pending", data: null });
  });

  it("reject needs a reason: blank → 400", () => {
    for (const reason of ["", "   ", "\n\t"]) {
      expect(apply(submitted(), actors.admin, { action: "reject", reason }, NOW)).toEqual(refused(400, "invalid_input"));
    }
  });

  it("checks the role first, then the state, then the input", () => {
    expect(apply(submitted(), actors.stranger, { action: "reject", reason: " " }, NOW)).toEqual(refused(403, "forbidden"));
    expect(apply(accepted(), actors.addressedHandler, { action: "reject", reason: " " }, NOW)).toEqual(
      refused(409, "invalid_transition"),
    );
  });

  it("a citizen who still has a membership row of the addressed mailbox is not an official", () => {
    const exOfficial: Actor = { userId: 400, role: "citizen", mailboxes: [{ mailboxId: ADDR, position: "leader" }] };
    const exModerator: Actor = { userId: 401, role: "moderator", mailboxes: [{ mailboxId: ADDR, position: "handler" }] };
    expect(apply(submitted(), exOfficial, { action: "accept" }, NOW)).toEqual(refused(403, "forbidden"));
    expect(apply(submitted(), exModerator, { action: "accept" }, NOW)).toEqual(refused(403, "forbidden"));
  });
});

describe("propose", () => {
  it("stores the trimmed opinion without changing the status", () => {
    for (const before of [accepted(), assigned()]) {
      const r = expectOk(apply(before, actors.admin, { action: "propose", opinion: "  Refer to the bureau " }, NOW));
      expect(r.state).toEqual({ ...before, proposedOpinion: "Refer to the bureau" });
      expect(r.step).toEqual({ action: "propose", actorRole: "admin", mailboxId: null, note: "Refer to the bureau", data: null });
    }
  });

  it("a blank opinion → 400", () => {
    expect(apply(accepted(), actors.admin, { action: "propose", opinion: "  " }, NOW)).toEqual(refused(400, "invalid_input"));
  });
});

describe("instruct", () => {
  it("stores the trimmed instruction, on behalf of the leader's involved mailbox", () => {
    const before = assigned();
    const r = expectOk(apply(before, actors.leadLeader, { action: "instruct", instruction: " Solve it this month " }, NOW));
    expect(r.state).toEqual({ ...before, instruction: "Solve it this month" });
    expect(r.step).toEqual({ action: "instruct", actorRole: "leader", mailboxId: LEAD, note: "Solve it this month", data: null });
    expect(expectOk(apply(before, actors.addressedLeader, validInput.instruct, NOW)).step.mailboxId).toBe(ADDR);
  });

  it("a leader of the addressed mailbox may instruct before assignment and during a review", () => {
    expect(expectOk(apply(accepted(), actors.addressedLeader, validInput.instruct, NOW)).step.mailboxId).toBe(ADDR);
    expect(expectOk(apply(reviewing(), actors.leadLeader, validInput.instruct, NOW)).state.status).toBe("reviewing");
  });

  it("a handler of an involved mailbox may not, nor an admin without a leader's seat", () => {
    expect(apply(assigned(), actors.leadHandler, validInput.instruct, NOW)).toEqual(refused(403, "forbidden"));
    expect(apply(assigned(), actors.admin, validInput.instruct, NOW)).toEqual(refused(403, "forbidden"));
  });

  it("a blank instruction → 400", () => {
    expect(apply(assigned(), actors.leadLeader, { action: "instruct", instruction: " " }, NOW)).toEqual(refused(400, "invalid_input"));
  });
});

describe("assign", () => {
  it("default: due 60 days after acceptance, lead = the named lead, everyone open", () => {
    const before = accepted();
    // Assigned the moment it was accepted: the handling limit's start is unambiguous.
    const r = expectOk(apply(before, actors.admin, { action: "assign", mailboxIds: [CO, LEAD], leadMailboxId: LEAD }, ACCEPTED));
    expect(r.state).toEqual({
      ...before,
      status: "assigned",
      assignments: [
        { mailboxId: CO, lead: false, status: "open", assignedAt: ACCEPTED, dueAt: HANDLING_DUE, warnAt: HANDLING_WARN, repliedAt: null },
        { mailboxId: LEAD, lead: true, status: "open", assignedAt: ACCEPTED, dueAt: HANDLING_DUE, warnAt: HANDLING_WARN, repliedAt: null },
      ],
    });
    expect(r.step).toEqual({
      action: "assign",
      actorRole: "admin",
      mailboxId: LEAD,
      note: null,
      data: { mailboxIds: [CO, LEAD], leadMailboxId: LEAD, dueAt: "2026-05-02T00:00:00.000Z" },
    });
  });

  it("the default due date counts from acceptance, not from the assignment", () => {
    const r = expectOk(apply(accepted(), actors.admin, { action: "assign", mailboxIds: [LEAD] }, NOW));
    expect(r.state.assignments.map((a) => [a.assignedAt, a.dueAt])).toEqual([[NOW, HANDLING_DUE]]);
  });

  it("without leadMailboxId the first mailbox leads", () => {
    const r = expectOk(apply(accepted(), actors.admin, { action: "assign", mailboxIds: [CO, LEAD] }, NOW));
    expect(r.state.assignments.map((a) => [a.mailboxId, a.lead])).toEqual([
      [CO, true],
      [LEAD, false],
    ]);
    expect(r.step.mailboxId).toBe(CO);
  });

  it("honours a custom due date, with its own yellow point", () => {
    const dueAt = at("2026-03-23T00:00:00Z"); // 20 days after ACCEPTED: yellow 4 days before
    const r = expectOk(apply(accepted(), actors.admin, { action: "assign", mailboxIds: [LEAD, CO], dueAt }, ACCEPTED));
    for (const a of r.state.assignments) {
      expect(a.dueAt).toEqual(dueAt);
      expect(a.warnAt).toEqual(at("2026-03-19T00:00:00Z"));
    }
    expect(r.step.data).toMatchObject({ dueAt: "2026-03-23T00:00:00.000Z" });
  });

  it(
    // Domain: yellow starts when 20% of the *time limit* remains. The handling limit runs from
    // acceptance, so a case accepted 49 days ago, already yellow, stays yellow when it is assigned late;
    // an extension recomputes warnAt from acceptance too.
    "assigning late with the default due date keeps the statutory yellow point (yellow stays yellow)",
    () => {
      const before = accepted();
      const day49 = at("2026-04-21T00:00:00Z");
      expect(lightOf(before, day49)).toBe("yellow");
      const r = expectOk(apply(before, actors.admin, { action: "assign", mailboxIds: [LEAD] }, day49));
      expect(r.state.assignments[0].warnAt).toEqual(HANDLING_WARN);
      expect(lightOf(r.state, day49)).toBe("yellow");
    },
  );

  it.each<[string, number[], number | undefined]>([
    ["an empty list", [], undefined],
    ["a duplicate mailbox", [LEAD, CO, LEAD], LEAD],
    ["more than 10 mailboxes", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 1],
  ])("rejects %s → 400 invalid_input", (_, mailboxIds, leadMailboxId) => {
    expect(apply(accepted(), actors.admin, { action: "assign", mailboxIds, leadMailboxId }, NOW)).toEqual(
      refused(400, "invalid_input"),
    );
  });

  it("accepts exactly 10 mailboxes", () => {
    const mailboxIds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(expectOk(apply(accepted(), actors.admin, { action: "assign", mailboxIds }, NOW)).state.assignments).toHaveLength(10);
  });

  it("honours a custom maxAssignees", () => {
    const s: WorkflowSettings = { ...defaultSettings, maxAssignees: 2 };
    expect(apply(accepted(), actors.admin, { action: "assign", mailboxIds: [LEAD, CO, OTHER] }, NOW, s)).toEqual(
      refused(400, "invalid_input"),
    );
    expect(apply(accepted(), actors.admin, { action: "assign", mailboxIds: [LEAD, CO] }, NOW, s).ok).toBe(true);
  });

  it("a lead that is not among the mailboxes → 400 invalid_lead", () => {
    expect(apply(accepted(), actors.admin, { action: "assign", mailboxIds: [LEAD, CO], leadMailboxId: OTHER }, NOW)).toEqual(
      refused(400, "invalid_lead"),
    );
  });

  it("a due date not after now → 400 invalid_due_date; 1 ms later is fine", () => {
    const input = (dueAt: Date): ActionInput => ({ action: "assign", mailboxIds: [LEAD], dueAt });
    expect(apply(accepted(), actors.admin, input(at("2026-04-01T00:00:00Z")), NOW)).toEqual(refused(400, "invalid_due_date"));
    expect(apply(accepted(), actors.admin, input(NOW), NOW)).toEqual(refused(400, "invalid_due_date"));
    expect(expectOk(apply(accepted(), actors.admin, input(plusMs(NOW, 1)), NOW)).state.assignments[0].dueAt).toEqual(plusMs(NOW, 1));
  });

  it("role and state come before input errors", () => {
    const badInput: ActionInput = { action: "assign", mailboxIds: [] };
    expect(apply(accepted(), actors.addressedLeader, badInput, NOW)).toEqual(refused(403, "forbidden"));
    expect(apply(assigned(), actors.admin, badInput, NOW)).toEqual(refused(409, "invalid_transition"));
  });
});

describe("reply", () => {
  it("the lead's reply makes the case replied; the co-handler stays open", () => {
    const before = assigned();
    const r = expectOk(apply(before, actors.leadHandler, { action: "reply", body: "  Route 7 runs again from May.  " }, NOW));
    expect(r.state).toEqual({
      ...before,
      status: "replied",
      repliedAt: NOW,
      assignments: [leadReplied(NOW), coOpen()],
    });
    expect(r.step).toEqual({ action: "reply", actorRole: "handler", mailboxId: LEAD, note: "Route 7 runs again from May.", data: { lead: true } });
    expect(expectOk(apply(before, actors.leadLeader, validInput.reply, NOW)).step.actorRole).toBe("leader");
  });

  it("a co-handler's reply leaves the case assigned", () => {
    const before = assigned();
    const r = expectOk(apply(before, actors.coHandler, validInput.reply, NOW));
    expect(r.state).toEqual({ ...before, assignments: [leadOpen(), coReplied(NOW)] });
    expect(r.step).toEqual({ action: "reply", actorRole: "handler", mailboxId: CO, note: "Route 7 will run again from 1 May.", data: { lead: false } });
  });

  it("co-handler first, then the lead: replied at the lead's reply", () => {
    const afterCo = expectOk(apply(assigned(), actors.coHandler, validInput.reply, CO_REPLIED)).state;
    const afterLead = expectOk(apply(afterCo, actors.leadHandler, validInput.reply, NOW)).state;
    expect(afterLead.status).toBe("replied");
    expect(afterLead.repliedAt).toEqual(NOW);
    expect(afterLead.assignments).toEqual([leadReplied(NOW), coReplied(CO_REPLIED)]);
  });

  it("a co-handler can still reply after the lead; the case stays replied at the lead's time", () => {
    const before = replied();
    const r = expectOk(apply(before, actors.coHandler, validInput.reply, NOW));
    expect(r.state).toEqual({ ...before, assignments: [leadReplied(), coReplied(NOW)] });
    expect(r.state.repliedAt).toEqual(LEAD_REPLIED);
  });

  it("a mailbox that has replied cannot reply again → 409 already_replied", () => {
    expect(apply(replied(), actors.leadHandler, validInput.reply, NOW)).toEqual(refused(409, "already_replied"));
    expect(apply(repliedUnsatisfied(), actors.coHandler, validInput.reply, NOW)).toEqual(refused(409, "already_replied"));
  });

  it("an official in both assigned mailboxes answers for the lead first, or for the mailbox named", () => {
    const both = official(500, [CO, "leader"], [LEAD, "handler"]);
    const first = expectOk(apply(assigned(), both, validInput.reply, NOW));
    expect(first.step).toMatchObject({ mailboxId: LEAD, actorRole: "handler", data: { lead: true } });
    expect(first.state.status).toBe("replied");
    const second = expectOk(apply(first.state, both, validInput.reply, NOW));
    expect(second.step).toMatchObject({ mailboxId: CO, actorRole: "leader", data: { lead: false } });

    const named = expectOk(apply(assigned(), both, { action: "reply", body: "x", mailboxId: CO }, NOW));
    expect(named.step.mailboxId).toBe(CO);
    expect(named.state.status).toBe("assigned");
  });

  it("a blank body → 400", () => {
    expect(apply(assigned(), actors.leadHandler, { action: "reply", body: "   " }, NOW)).toEqual(refused(400, "invalid_input"));
  });

  it(
    // The order of checks is 403, then 409, then 400: someone with no part in the case learns nothing
    // about their input.
    "a blank reply from someone who may not reply → 403, not 400",
    () => {
      expect(apply(assigned(), actors.stranger, { action: "reply", body: " " }, NOW)).toEqual(refused(403, "forbidden"));
    },
  );

  it(
    // api.md: "not your role → 403": naming a mailbox the actor does not belong to is refused as such,
    // not as "already replied".
    "replying for a mailbox one is not a member of → 403, not 409 already_replied",
    () => {
      expect(apply(assigned(), actors.leadHandler, { action: "reply", body: "x", mailboxId: CO }, NOW)).toMatchObject({
        ok: false,
        status: 403,
      });
    },
  );

  it("a citizen with a stale membership row of the lead mailbox may not reply", () => {
    const exOfficial: Actor = { userId: 401, role: "citizen", mailboxes: [{ mailboxId: LEAD, position: "handler" }] };
    expect(apply(assigned(), exOfficial, validInput.reply, NOW)).toEqual(refused(403, "forbidden"));
  });

  describe("the answer to a review", () => {
    it("closes the case, from a leader of an involved mailbox", () => {
      const before = reviewing();
      const r = expectOk(apply(before, actors.leadLeader, { action: "reply", body: " The review upholds the reply. " }, NOW));
      expect(r.state).toEqual({ ...before, status: "closed", closedAt: NOW });
      expect(r.step).toEqual({
        action: "reply",
        actorRole: "leader",
        mailboxId: LEAD,
        note: "The review upholds the reply.",
        data: { review: true },
      });
    });

    it("or from an admin, on no mailbox's behalf", () => {
      const r = expectOk(apply(reviewing(), actors.admin, validInput.reply, NOW));
      expect(r.state.status).toBe("closed");
      expect(r.step).toMatchObject({ actorRole: "admin", mailboxId: null, data: { review: true } });
    });

    it("from the lead mailbox's handler too (its members answer for it), not from a co-handler's handler", () => {
      const r = expectOk(apply(reviewing(), actors.leadHandler, validInput.reply, NOW));
      expect(r.state.status).toBe("closed");
      expect(r.step).toMatchObject({ actorRole: "handler", data: { review: true } });
      expect(apply(reviewing(), actors.coHandler, validInput.reply, NOW)).toEqual(refused(403, "forbidden"));
    });
  });
});

describe("extend", () => {
  it("moves every open assignment's due date and yellow point; records the days", () => {
    const before = assigned();
    const r = expectOk(apply(before, actors.admin, { action: "extend", days: 10, reason: " Survey pending " }, NOW));
    const dueAt = at("2026-05-12T00:00:00Z"); // 70 days after assignment
    const warnAt = at("2026-04-28T00:00:00Z"); // 20% of 70 days = 14 days before
    expect(r.state).toEqual({
      ...before,
      extendedDays: 10,
      assignments: [assignment(LEAD, { lead: true, dueAt, warnAt }), assignment(CO, { dueAt, warnAt })],
    });
    expect(r.step).toEqual({ action: "extend", actorRole: "admin", mailboxId: LEAD, note: "Survey pending", data: { days: 10 } });
  });

  it("a leader of the lead mailbox may extend; the step says leader", () => {
    expect(expectOk(apply(assigned(), actors.leadLeader, validInput.extend, NOW)).step).toMatchObject({
      actorRole: "leader",
      mailboxId: LEAD,
    });
  });

  it("leaves replied assignments alone", () => {
    const before = assigned({ assignments: [leadOpen(), coReplied()] });
    const r = expectOk(apply(before, actors.admin, { action: "extend", days: 30, reason: "r" }, NOW));
    expect(r.state.assignments).toEqual([
      assignment(LEAD, { lead: true, dueAt: at("2026-06-01T00:00:00Z"), warnAt: at("2026-05-14T00:00:00Z") }),
      coReplied(),
    ]);
  });

  it("once only → 409 already_extended", () => {
    const once = expectOk(apply(assigned(), actors.admin, validInput.extend, NOW)).state;
    expect(apply(once, actors.admin, { action: "extend", days: 1, reason: "again" }, NOW)).toEqual(refused(409, "already_extended"));
  });

  it.each([0, 31, 1.5, -3, Number.NaN])("%s days → 400 invalid_extension", (days) => {
    expect(apply(assigned(), actors.admin, { action: "extend", days, reason: "r" }, NOW)).toEqual(refused(400, "invalid_extension"));
  });

  it.each([1, 30])("%s days is fine", (days) => {
    expect(expectOk(apply(assigned(), actors.admin, { action: "extend", days, reason: "r" }, NOW)).state.extendedDays).toBe(days);
  });

  it("honours a custom maximum", () => {
    const s: WorkflowSettings = { ...defaultSettings, maxExtensionDays: 15 };
    expect(apply(assigned(), actors.admin, { action: "extend", days: 16, reason: "r" }, NOW, s)).toEqual(refused(400, "invalid_extension"));
    expect(apply(assigned(), actors.admin, { action: "extend", days: 15, reason: "r" }, NOW, s).ok).toBe(true);
  });

  it("needs a reason for the petitioner → 400", () => {
    expect(apply(assigned(), actors.admin, { action: "extend", days: 5, reason: "  " }, NOW)).toEqual(refused(400, "invalid_input"));
  });

  it("a handler of the lead mailbox or a leader of a co-handler may not → 403", () => {
    const coLeader = official(501, [CO, "leader"]);
    expect(apply(assigned(), actors.leadHandler, validInput.extend, NOW)).toEqual(refused(403, "forbidden"));
    expect(apply(assigned(), coLeader, validInput.extend, NOW)).toEqual(refused(403, "forbidden"));
  });

  it(
    // api.md: extend is for an admin or a leader of the lead mailbox; "not your role → 403" in every
    // state, including for a co-handling mailbox's leader once the case is replied.
    "a co-handler's leader asking to extend a replied case → 403, not 409",
    () => {
      const coLeader = official(501, [CO, "leader"]);
      expect(apply(replied(), coLeader, validInput.extend, NOW)).toEqual(refused(403, "forbidden"));
    },
  );
});

describe("supervise", () => {
  const supervise = (c: CaseState, mailboxId?: number) =>
    apply(c, actors.admin, { action: "supervise", note: " Please hurry ", mailboxId }, NOW);

  it("records the target and the trimmed note", () => {
    const before = assigned();
    const r = expectOk(supervise(before));
    expect(r.state).toEqual({ ...before, supervisionMailboxId: LEAD });
    expect(r.step).toEqual({ action: "supervise", actorRole: "admin", mailboxId: LEAD, note: "Please hurry", data: null });
  });

  it("defaults to the addressed mailbox before assignment", () => {
    expect(expectOk(supervise(submitted())).state.supervisionMailboxId).toBe(ADDR);
    expect(expectOk(supervise(accepted())).state.supervisionMailboxId).toBe(ADDR);
  });

  it("defaults to the open lead after assignment, else an open co-handler, else the lead", () => {
    expect(expectOk(supervise(assigned({ assignments: [coOpen(), leadOpen()] }))).state.supervisionMailboxId).toBe(LEAD);
    expect(expectOk(supervise(replied())).state.supervisionMailboxId).toBe(CO);
    expect(expectOk(supervise(repliedUnsatisfied())).state.supervisionMailboxId).toBe(LEAD);
  });

  it("while reviewing, defaults to the addressed mailbox (whose leader may answer the review)", () => {
    // Documents the current choice: nothing is open, and the code falls back to the addressed mailbox.
    expect(expectOk(supervise(reviewing())).state.supervisionMailboxId).toBe(ADDR);
  });

  it("takes an explicit involved mailbox, and replaces an earlier supervision", () => {
    expect(expectOk(supervise(assigned({ supervisionMailboxId: LEAD }), CO)).state.supervisionMailboxId).toBe(CO);
    expect(expectOk(supervise(assigned(), ADDR)).state.supervisionMailboxId).toBe(ADDR);
  });

  it("an uninvolved mailbox → 400 invalid_supervision_target", () => {
    expect(supervise(assigned(), OTHER)).toEqual(refused(400, "invalid_supervision_target"));
    expect(supervise(accepted(), LEAD)).toEqual(refused(400, "invalid_supervision_target"));
  });

  it("a blank note → 400", () => {
    expect(apply(assigned(), actors.admin, { action: "supervise", note: "" }, NOW)).toEqual(refused(400, "invalid_input"));
  });
});

describe("feedback", () => {
  it("clears the supervision; the step names the supervised mailbox and the actor's position", () => {
    const before = assigned({ supervisionMailboxId: LEAD });
    const r = expectOk(apply(before, actors.leadHandler, { action: "feedback", note: " Survey on Monday " }, NOW));
    expect(r.state).toEqual({ ...before, supervisionMailboxId: null });
    expect(r.step).toEqual({ action: "feedback", actorRole: "handler", mailboxId: LEAD, note: "Survey on Monday", data: null });
    expect(expectOk(apply(before, actors.leadLeader, validInput.feedback, NOW)).step.actorRole).toBe("leader");
  });

  it("only members of the supervised mailbox may give it", () => {
    const onCo = assigned({ supervisionMailboxId: CO });
    expect(apply(onCo, actors.coHandler, validInput.feedback, NOW).ok).toBe(true);
    expect(apply(onCo, actors.leadLeader, validInput.feedback, NOW)).toEqual(refused(403, "forbidden"));
    expect(apply(onCo, actors.addressedLeader, validInput.feedback, NOW)).toEqual(refused(403, "forbidden"));
    expect(apply(onCo, actors.admin, validInput.feedback, NOW)).toEqual(refused(403, "forbidden"));
  });

  it("once given, there is nothing to answer → 409", () => {
    const done = expectOk(apply(assigned({ supervisionMailboxId: LEAD }), actors.leadHandler, validInput.feedback, NOW)).state;
    expect(apply(done, actors.leadHandler, validInput.feedback, NOW)).toEqual(refused(409, "invalid_transition"));
  });

  it("a blank note → 400", () => {
    expect(apply(assigned({ supervisionMailboxId: LEAD }), actors.leadHandler, { action: "feedback", note: " " }, NOW)).toEqual(
      refused(400, "invalid_input"),
    );
  });
});

describe("rate", () => {
  it.each(["satisfied", "basic"] as const)("%s closes the case at now", (satisfaction) => {
    const before = replied();
    const r = expectOk(apply(before, actors.petitioner, { action: "rate", satisfaction, comment: "  Thanks  " }, NOW));
    expect(r.state).toEqual({ ...before, status: "closed", satisfaction, closedAt: NOW });
    expect(r.step).toEqual({ action: "rate", actorRole: "petitioner", mailboxId: null, note: "Thanks", data: { satisfaction } });
  });

  it("unsatisfied keeps the case replied and open", () => {
    const before = replied();
    const r = expectOk(apply(before, actors.petitioner, { action: "rate", satisfaction: "unsatisfied" }, NOW));
    expect(r.state).toEqual({ ...before, satisfaction: "unsatisfied", closedAt: null });
    expect(r.step).toEqual({ action: "rate", actorRole: "petitioner", mailboxId: null, note: null, data: { satisfaction: "unsatisfied" } });
  });

  it("a blank comment is stored as null", () => {
    expect(expectOk(apply(replied(), actors.petitioner, { action: "rate", satisfaction: "basic", comment: "   " }, NOW)).step.note).toBeNull();
  });

  it("only once → 409", () => {
    const once = expectOk(apply(replied(), actors.petitioner, { action: "rate", satisfaction: "unsatisfied" }, NOW)).state;
    expect(apply(once, actors.petitioner, { action: "rate", satisfaction: "satisfied" }, NOW)).toEqual(refused(409, "invalid_transition"));
  });

  it("a case without a known petitioner cannot be rated by anyone", () => {
    expect(apply(replied({ petitionerId: null }), actors.petitioner, validInput.rate, NOW)).toEqual(refused(403, "forbidden"));
  });
});

describe("review", () => {
  const review = (c: CaseState, now: Date, reason = " The night buses are missing ") =>
    apply(c, actors.petitioner, { action: "review", reason }, now);
  const windowEnd = at("2026-04-20T00:00:00Z"); // LEAD_REPLIED + 30 days

  it("an unsatisfied petitioner opens a review at now", () => {
    const before = repliedUnsatisfied();
    const r = expectOk(review(before, NOW));
    expect(r.state).toEqual({ ...before, status: "reviewing", reviewRequestedAt: NOW });
    expect(r.step).toEqual({ action: "review", actorRole: "petitioner", mailboxId: null, note: "The night buses are missing", data: null });
  });

  it("asking for a review without rating counts as unsatisfied", () => {
    expect(expectOk(review(replied(), NOW)).state).toMatchObject({ status: "reviewing", satisfaction: "unsatisfied" });
  });

  it("within 30 days of the reply, inclusive; 1 ms later → 409 review_window_closed", () => {
    expect(review(repliedUnsatisfied(), windowEnd).ok).toBe(true);
    expect(review(repliedUnsatisfied(), plusMs(windowEnd, 1))).toEqual(refused(409, "review_window_closed"));
    expect(review(replied(), plusMs(windowEnd, 1))).toEqual(refused(409, "review_window_closed"));
  });

  it("honours a custom window", () => {
    const s: WorkflowSettings = { ...defaultSettings, reviewRequestDays: 10 };
    const day10 = at("2026-03-31T00:00:00Z");
    expect(apply(repliedUnsatisfied(), actors.petitioner, validInput.review, day10, s).ok).toBe(true);
    expect(apply(repliedUnsatisfied(), actors.petitioner, validInput.review, plusMs(day10, 1), s)).toEqual(
      refused(409, "review_window_closed"),
    );
  });

  it("not after a satisfied or basic rating (the case is closed) → 409", () => {
    const closedCase = expectOk(apply(replied(), actors.petitioner, { action: "rate", satisfaction: "basic" }, NOW)).state;
    expect(review(closedCase, NOW)).toEqual(refused(409, "invalid_transition"));
  });

  it("a blank reason → 400, but a closed window is reported first", () => {
    expect(review(repliedUnsatisfied(), NOW, "  ")).toEqual(refused(400, "invalid_input"));
    expect(review(repliedUnsatisfied(), plusMs(windowEnd, 1), "  ")).toEqual(refused(409, "review_window_closed"));
  });

  it("only the petitioner → 403", () => {
    expect(apply(repliedUnsatisfied(), actors.stranger, validInput.review, NOW)).toEqual(refused(403, "forbidden"));
    expect(apply(repliedUnsatisfied(), actors.admin, validInput.review, NOW)).toEqual(refused(403, "forbidden"));
  });
});

describe("close", () => {
  it("an admin closes an unrated or unsatisfied case only once the 30-day review window has passed", () => {
    const before = repliedUnsatisfied();
    const windowEnd = new Date(before.repliedAt!.getTime() + 30 * 86_400_000);
    expect(apply(before, actors.admin, { action: "close" }, windowEnd)).toEqual(refused(409, "review_window_open"));
    const later = new Date(windowEnd.getTime() + 1);
    const r = expectOk(apply(before, actors.admin, { action: "close" }, later));
    expect(r.state).toEqual({ ...before, status: "closed", closedAt: later });
    expect(r.step).toEqual({ action: "close", actorRole: "admin", mailboxId: null, note: null, data: null });
  });
});

describe("a whole case, start to finish", () => {
  it("submitted → accepted → assigned → replied → reviewing → closed", () => {
    let c = submitted();
    const steps: string[] = [];
    const run = (actor: Actor, input: ActionInput, now: Date) => {
      const r = expectOk(apply(c, actor, input, now));
      c = r.state;
      steps.push(`${r.step.action}:${r.step.actorRole}:${c.status}`);
    };
    run(actors.addressedHandler, { action: "accept" }, ACCEPTED);
    run(actors.admin, { action: "propose", opinion: "Transport bureau leads" }, ACCEPTED);
    run(actors.addressedLeader, validInput.instruct, ACCEPTED);
    run(actors.admin, { action: "assign", mailboxIds: [LEAD, CO] }, ACCEPTED);
    run(actors.admin, { action: "supervise", note: "Hurry" }, at("2026-03-10T00:00:00Z"));
    run(actors.leadHandler, { action: "feedback", note: "On it" }, at("2026-03-11T00:00:00Z"));
    run(actors.leadLeader, validInput.extend, at("2026-03-12T00:00:00Z"));
    run(actors.coHandler, validInput.reply, at("2026-03-15T00:00:00Z"));
    run(actors.leadHandler, validInput.reply, LEAD_REPLIED);
    run(actors.petitioner, { action: "rate", satisfaction: "unsatisfied" }, at("2026-03-22T00:00:00Z"));
    run(actors.petitioner, validInput.review, REVIEW_REQUESTED);
    run(actors.addressedLeader, { action: "reply", body: "Upheld" }, NOW);
    expect(steps).toEqual([
      "accept:handler:accepted",
      "propose:admin:accepted",
      "instruct:leader:accepted",
      "assign:admin:assigned",
      "supervise:admin:assigned",
      "feedback:handler:assigned",
      "extend:leader:assigned",
      "reply:handler:assigned",
      "reply:handler:replied",
      "rate:petitioner:replied",
      "review:petitioner:reviewing",
      "reply:leader:closed",
    ]);
    expect(c).toMatchObject({ status: "closed", closedAt: NOW, extendedDays: 10, supervisionMailboxId: null, satisfaction: "unsatisfied" });
    expect(lightOf(c, NOW)).toBe("none");
  });
});

// ================================================================ 3. lights with an injected clock

describe("warnAtFor: 20% of the limit or 3 days, whichever is larger", () => {
  const start = CREATED; // 2026-03-01
  it.each([
    ["a 15-day limit turns yellow 3 days before", "2026-03-16T00:00:00Z", "2026-03-13T00:00:00Z"],
    ["a 60-day limit turns yellow 12 days before", "2026-04-30T00:00:00Z", "2026-04-18T00:00:00Z"],
    ["a 30-day limit turns yellow 6 days before", "2026-03-31T00:00:00Z", "2026-03-25T00:00:00Z"],
    ["a 5-day limit turns yellow 3 days before", "2026-03-06T00:00:00Z", "2026-03-03T00:00:00Z"],
    ["a 1-day limit is yellow from before it began", "2026-03-02T00:00:00Z", "2026-02-27T00:00:00Z"],
    ["a due date before the start is yellow 3 days before it", "2026-02-20T00:00:00Z", "2026-02-17T00:00:00Z"],
  ])("%s", (_, due, warn) => {
    expect(warnAtFor(start, at(due))).toEqual(at(warn));
  });

  it("honours a custom yellowRatio and yellowMinDays", () => {
    expect(warnAtFor(start, at("2026-04-30T00:00:00Z"), { ...defaultSettings, yellowRatio: 0.5 })).toEqual(at("2026-03-31T00:00:00Z"));
    expect(warnAtFor(start, at("2026-03-16T00:00:00Z"), { ...defaultSettings, yellowMinDays: 5 })).toEqual(at("2026-03-11T00:00:00Z"));
    expect(warnAtFor(start, at("2026-03-16T00:00:00Z"), { ...defaultSettings, yellowRatio: 0, yellowMinDays: 0 })).toEqual(
      at("2026-03-16T00:00:00Z"),
    );
  });
});

describe("lightAt: the boundaries", () => {
  const dueAt = at("2026-05-02T00:00:00Z");
  const warnAt = at("2026-04-20T00:00:00Z");
  it.each([
    ["long before warnAt", at("2026-03-01T00:00:00Z"), "green"],
    ["1 ms before warnAt", plusMs(warnAt, -1), "green"],
    ["exactly at warnAt", warnAt, "yellow"],
    ["1 ms before dueAt", plusMs(dueAt, -1), "yellow"],
    ["exactly at dueAt (red only after)", dueAt, "yellow"],
    ["1 ms after dueAt", plusMs(dueAt, 1), "red"],
    ["years after dueAt", at("2030-01-01T00:00:00Z"), "red"],
  ])("%s → %s", (_, now, light) => {
    expect(lightAt(dueAt, warnAt, now)).toBe(light);
  });

  it("no due date → none; no warn point → green until due", () => {
    expect(lightAt(null, warnAt, warnAt)).toBe("none");
    expect(lightAt(null, null, NOW)).toBe("none");
    expect(lightAt(dueAt, null, plusMs(dueAt, -1))).toBe("green");
    expect(lightAt(dueAt, null, plusMs(dueAt, 1))).toBe("red");
  });
});

describe("deadlineOf and lightOf, status by status", () => {
  /** Expects the light at 1 ms before warnAt, at warnAt, at dueAt and 1 ms after. */
  function expectBoundaries(c: CaseState, warnAt: Date, dueAt: Date, s?: WorkflowSettings) {
    expect([plusMs(warnAt, -1), warnAt, dueAt, plusMs(dueAt, 1)].map((t) => lightOf(c, t, s))).toEqual(["green", "yellow", "yellow", "red"]);
  }

  it("submitted: 15 days from creation to accept", () => {
    const c = submitted();
    const dueAt = at("2026-03-16T00:00:00Z");
    const warnAt = at("2026-03-13T00:00:00Z");
    expect(deadlineOf(c)).toEqual({ dueAt, warnAt, lightAt: null });
    expectBoundaries(c, warnAt, dueAt);
  });

  it("accepted: 60 days from acceptance", () => {
    const c = accepted();
    expect(deadlineOf(c)).toEqual({ dueAt: HANDLING_DUE, warnAt: HANDLING_WARN, lightAt: null });
    expectBoundaries(c, HANDLING_WARN, HANDLING_DUE);
  });

  it("assigned: the earliest open assignment", () => {
    const coDue = at("2026-04-01T00:00:00Z");
    const coWarn = at("2026-03-28T00:00:00Z");
    const c = assigned({ assignments: [leadOpen(), assignment(CO, { dueAt: coDue, warnAt: coWarn })] });
    expect(deadlineOf(c)).toEqual({ dueAt: coDue, warnAt: coWarn, lightAt: null });
    expectBoundaries(c, coWarn, coDue);
  });

  it("assigned: an earlier assignment that has replied no longer counts", () => {
    const c = assigned({
      assignments: [leadOpen(), assignment(CO, { dueAt: at("2026-04-01T00:00:00Z"), status: "replied", repliedAt: CO_REPLIED })],
    });
    expect(deadlineOf(c)).toEqual({ dueAt: HANDLING_DUE, warnAt: HANDLING_WARN, lightAt: null });
    expect(lightOf(c, at("2026-04-10T00:00:00Z"))).toBe("green");
  });

  it("replied with a co-handler still open: follows the co-handler", () => {
    const c = replied();
    expect(deadlineOf(c)).toEqual({ dueAt: HANDLING_DUE, warnAt: HANDLING_WARN, lightAt: null });
    expectBoundaries(c, HANDLING_WARN, HANDLING_DUE);
  });

  it("replied with nothing open: frozen at the lead's reply", () => {
    const c = repliedUnsatisfied();
    expect(deadlineOf(c)).toEqual({ dueAt: HANDLING_DUE, warnAt: HANDLING_WARN, lightAt: LEAD_REPLIED });
    expect(lightOf(c, NOW)).toBe("green");
    expect(lightOf(c, at("2030-01-01T00:00:00Z"))).toBe("green");
  });

  it("a late reply stays red forever, a reply in the yellow window stays yellow", () => {
    const late = at("2026-05-03T00:00:00Z");
    const lateCase = repliedUnsatisfied({ repliedAt: late, assignments: [leadReplied(late), coReplied()] });
    expect(lightOf(lateCase, late)).toBe("red");
    expect(lightOf(lateCase, at("2031-06-01T00:00:00Z"))).toBe("red");

    const close = at("2026-04-25T00:00:00Z");
    const closeCase = repliedUnsatisfied({ repliedAt: close, assignments: [leadReplied(close), coReplied()] });
    expect(lightOf(closeCase, at("2031-06-01T00:00:00Z"))).toBe("yellow");
  });

  it("a lead reply exactly at the due date is still in time (yellow), 1 ms later is red", () => {
    const onDue = repliedUnsatisfied({ repliedAt: HANDLING_DUE, assignments: [leadReplied(HANDLING_DUE), coReplied()] });
    expect(lightOf(onDue, at("2027-01-01T00:00:00Z"))).toBe("yellow");
    const justLate = plusMs(HANDLING_DUE, 1);
    const lateCase = repliedUnsatisfied({ repliedAt: justLate, assignments: [leadReplied(justLate), coReplied()] });
    expect(lightOf(lateCase, at("2027-01-01T00:00:00Z"))).toBe("red");
  });

  it("reviewing: 30 days from the review request to answer it", () => {
    const c = reviewing();
    const dueAt = at("2026-04-30T00:00:00Z");
    const warnAt = at("2026-04-24T00:00:00Z"); // 20% of 30 days = 6 days
    expect(deadlineOf(c)).toEqual({ dueAt, warnAt, lightAt: null });
    expectBoundaries(c, warnAt, dueAt);
  });

  it.each([
    ["closed", closed()],
    ["rejected", rejected()],
  ])("%s: no deadline and no light, whenever", (_, c) => {
    expect(deadlineOf(c)).toEqual({ dueAt: null, warnAt: null, lightAt: null });
    for (const t of [CREATED, NOW, at("2030-01-01T00:00:00Z")]) expect(lightOf(c, t)).toBe("none");
  });

  it("custom settings are honoured", () => {
    const half: WorkflowSettings = { ...defaultSettings, yellowRatio: 0.5 };
    // 15-day acceptance limit, yellow for its second half: from 7.5 days after creation.
    expect(deadlineOf(submitted(), half).warnAt).toEqual(at("2026-03-08T12:00:00Z"));
    expectBoundaries(submitted(), at("2026-03-08T12:00:00Z"), at("2026-03-16T00:00:00Z"), half);

    const short: WorkflowSettings = { ...defaultSettings, acceptDays: 10, handleDays: 20, reviewAnswerDays: 15 };
    expect(deadlineOf(submitted(), short)).toEqual({ dueAt: at("2026-03-11T00:00:00Z"), warnAt: at("2026-03-08T00:00:00Z"), lightAt: null });
    expect(deadlineOf(accepted(), short)).toEqual({ dueAt: at("2026-03-23T00:00:00Z"), warnAt: at("2026-03-19T00:00:00Z"), lightAt: null });
    expect(deadlineOf(reviewing(), short)).toEqual({ dueAt: at("2026-04-15T00:00:00Z"), warnAt: at("2026-04-12T00:00:00Z"), lightAt: null });

    const r = expectOk(apply(accepted(), actors.admin, { action: "assign", mailboxIds: [LEAD] }, ACCEPTED, short));
    expect(r.state.assignments[0]).toMatchObject({ dueAt: at("2026-03-23T00:00:00Z"), warnAt: at("2026-03-19T00:00:00Z") });
  });

  it("the light follows the case through its transitions", () => {
    let c = submitted();
    expect(lightOf(c, at("2026-03-14T00:00:00Z"))).toBe("yellow");
    c = expectOk(apply(c, actors.admin, { action: "accept" }, at("2026-03-14T00:00:00Z"))).state;
    // A fresh 60-day limit from acceptance.
    expect(lightOf(c, at("2026-03-14T00:00:00Z"))).toBe("green");
    expect(lightOf(c, at("2026-05-13T00:00:00Z"))).toBe("yellow"); // 14 Mar + 60 days = 13 May
    expect(lightOf(c, plusMs(at("2026-05-13T00:00:00Z"), 1))).toBe("red");
  });
});

// ================================================================ 4. who sees what

describe("canView", () => {
  it.each<[string, Actor, boolean, boolean]>([
    // who, actor, may see a submitted case, may see an assigned one
    ["the petitioner", actors.petitioner, true, true],
    ["a handler of the addressed mailbox", actors.addressedHandler, true, true],
    ["a leader of the addressed mailbox", actors.addressedLeader, true, true],
    ["a handler of the lead mailbox", actors.leadHandler, false, true],
    ["a leader of the lead mailbox", actors.leadLeader, false, true],
    ["a handler of a co-handler", actors.coHandler, false, true],
    ["an admin", actors.admin, true, true],
    ["a stranger", actors.stranger, false, false],
    ["a moderator", actors.moderator, false, false],
    ["an official of an uninvolved mailbox", actors.otherOfficial, false, false],
  ])("%s", (_, actor, beforeAssignment, afterAssignment) => {
    expect(canView(submitted(), actor)).toBe(beforeAssignment);
    expect(canView(assigned(), actor)).toBe(afterAssignment);
  });

  it("nobody signed in → no", () => {
    expect(canView(submitted(), null)).toBe(false);
    expect(canView(closed(), null)).toBe(false);
  });

  it("a citizen or moderator who still has a membership row is not treated as an official", () => {
    const exOfficial: Actor = { userId: 400, role: "citizen", mailboxes: [{ mailboxId: ADDR, position: "leader" }] };
    const modWithRow: Actor = { userId: 401, role: "moderator", mailboxes: [{ mailboxId: LEAD, position: "handler" }] };
    expect(canView(assigned(), exOfficial)).toBe(false);
    expect(canView(assigned(), modWithRow)).toBe(false);
  });

  it("a case without a known petitioner is seen by no citizen", () => {
    expect(canView(submitted({ petitionerId: null }), actors.petitioner)).toBe(false);
  });

  it("closed and rejected cases stay visible to those involved", () => {
    expect(canView(closed(), actors.coHandler)).toBe(true);
    expect(canView(rejected(), actors.petitioner)).toBe(true);
  });
});

describe("availableActions", () => {
  it.each<[string, CaseState, Actor | null, ActionName[]]>([
    ["nobody signed in", assigned(), null, []],
    ["a stranger", replied(), actors.stranger, []],
    ["admin, submitted", submitted(), actors.admin, ["accept", "reject", "supervise"]],
    ["addressed handler, submitted", submitted(), actors.addressedHandler, ["accept", "reject"]],
    ["admin, accepted", accepted(), actors.admin, ["propose", "assign", "supervise"]],
    ["admin, assigned", assigned(), actors.admin, ["propose", "extend", "supervise"]],
    ["admin, assigned and already extended", assigned({ extendedDays: 10 }), actors.admin, ["propose", "supervise"]],
    ["lead leader, assigned under supervision", assigned({ supervisionMailboxId: LEAD }), actors.leadLeader, ["instruct", "reply", "extend", "feedback"]],
    ["co-handler, replied", replied(), actors.coHandler, ["reply"]],
    ["petitioner, replied", replied(), actors.petitioner, ["rate", "review"]],
    ["petitioner, rated unsatisfied", repliedUnsatisfied(), actors.petitioner, ["review"]],
    ["admin, replied", replied(), actors.admin, ["supervise"]],
    ["addressed leader, reviewing", reviewing(), actors.addressedLeader, ["instruct", "reply"]],
    ["admin, reviewing", reviewing(), actors.admin, ["reply", "supervise"]],
    ["admin, closed", closed(), actors.admin, []],
    ["petitioner, closed", closed(), actors.petitioner, []],
  ])("%s", (_, c, actor, actions) => {
    expect(availableActions(c, actor, NOW)).toEqual(actions);
  });

  it("the review window closes in time", () => {
    expect(availableActions(repliedUnsatisfied(), actors.petitioner, at("2026-04-20T00:00:00Z"))).toEqual(["review"]);
    expect(availableActions(repliedUnsatisfied(), actors.petitioner, at("2026-04-20T00:00:00.001Z"))).toEqual([]);
    expect(availableActions(replied(), actors.petitioner, at("2026-05-01T00:00:00Z"))).toEqual(["rate"]);
  });
});

describe("involvedMailboxes", () => {
  it("the addressed mailbox, then the assigned ones, without repeats", () => {
    expect(involvedMailboxes(submitted())).toEqual([ADDR]);
    expect(involvedMailboxes(assigned())).toEqual([ADDR, LEAD, CO]);
    expect(involvedMailboxes(assigned({ assignments: [assignment(ADDR, { lead: true }), coOpen()] }))).toEqual([ADDR, CO]);
  });
});

// A sanity check on the fixtures themselves, so that a mistake there cannot hide a wrong expectation.
describe("fixtures", () => {
  it("are consistent with the dates they name", () => {
    expect(ACCEPTED.getTime() + 60 * DAY).toBe(HANDLING_DUE.getTime());
    expect(HANDLING_DUE.getTime() - 12 * DAY).toBe(HANDLING_WARN.getTime());
    expect(NOW.getTime() - LEAD_REPLIED.getTime()).toBe(15 * DAY);
    for (const [name, make] of Object.entries(fixtures)) expect(make().status).toBe(name === "repliedUnsatisfied" ? "replied" : name);
  });
});

describe("review findings: deadlines, co-handlers after closing, conflicts of interest", () => {
  it("a custom due date later than the statutory limit is refused (an extension is the way)", () => {
    const statutory = plusMs(ACCEPTED, 60 * DAY);
    expect(apply(accepted(), actors.admin, { action: "assign", mailboxIds: [LEAD], dueAt: plusMs(statutory, 1) }, ACCEPTED)).toEqual(
      refused(400, "invalid_due_date"),
    );
    expectOk(apply(accepted(), actors.admin, { action: "assign", mailboxIds: [LEAD], dueAt: statutory }, ACCEPTED));
  });

  it("no extension once an open deadline has passed: a missed deadline stays missed", () => {
    const c = assigned();
    const due = c.assignments.find((a) => a.status === "open")!.dueAt;
    expectOk(apply(c, actors.admin, validInput.extend, due));
    expect(apply(c, actors.admin, validInput.extend, plusMs(due, 1))).toEqual(refused(409, "deadline_passed"));
  });

  it("a co-handler still answers its part after the petitioner closed the case; the case stays closed", () => {
    const c = closed({ assignments: [leadReplied(), coOpen()] });
    const r = expectOk(apply(c, actors.coHandler, validInput.reply, NOW));
    expect(r.state.status).toBe("closed");
    expect(r.state.assignments.find((a) => a.mailboxId === CO)).toMatchObject({ status: "replied", repliedAt: NOW });
    // The lead's people cannot reopen anything by replying again.
    expect(apply(c, actors.leadHandler, validInput.reply, NOW)).toEqual(refused(409, "invalid_transition"));
  });

  it("a petitioner who sits in an assigned mailbox cannot rate or review its answer", () => {
    const insider: Actor = { userId: PETITIONER_ID, role: "official", mailboxes: [{ mailboxId: LEAD, position: "handler" }] };
    expect(apply(replied(), insider, validInput.rate, NOW)).toEqual(refused(403, "conflict_of_interest"));
    expect(apply(repliedUnsatisfied(), insider, validInput.review, NOW)).toEqual(refused(403, "conflict_of_interest"));
  });
});
