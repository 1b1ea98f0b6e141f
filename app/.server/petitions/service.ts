// Cases of the Public Servant Mailbox: intake from every channel, the workflow's actions, the
// full case view and co-signatures. Each write: parse → load → policy → transaction → publish.
import { createHash, randomBytes, randomInt, randomUUID, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { mailboxes, mailboxMembers, petitionAssignments, petitionCosigns, petitionEvents, petitions, threads, users } from "../../../db/schema";
import type { Tx } from "../../../db/client";
import { isModerator, type Viewer } from "~/domain/auth/types";
import { actionSchema, apiChannelSchema, petitionCreateSchema, threadConversionSchema, type PetitionCreateInput } from "~/domain/petitions/schemas";
import type { PetitionDto, PetitionSummary, TimelineEntryDto } from "~/domain/petitions/types";
import {
  apply,
  availableActions,
  canView,
  deadlineOf,
  involvedMailboxes,
  lightAt,
  lightOf,
  type ActionInput,
  type Actor,
  type CaseState,
  type Channel,
  type TimelineStep,
} from "~/domain/petitions/workflow";
import { isIdempotencyKey, safeParse } from "~/domain/validation";
import type { AppServices } from "../context";
import { AppError, badRequest, conflict, notFound, unauthorized } from "../errors";
import { renderMarkdown } from "../markdown";
import { take } from "../rate-limit";
import { notify, publishNotifications, type Recipients } from "../notifications/service";
import { caseState, mailboxRefs, petitionSummary, type AssignmentRow, type PetitionRow } from "./dto";

const TIME_ZONE_OFFSET_MS = 8 * 3_600_000; // tracking numbers carry the Shanghai date

function parse<T>(r: { ok: true; data: T } | { ok: false; fields: Record<string, { key: string }> }): T {
  if (!r.ok) throw badRequest("invalid_input", r.fields);
  return r.data;
}

export const newIntakeKey = () => randomUUID();

// Query codes are short (8 of 31 characters, ~2^40), so a plain hash would fall to one pass
// over a database dump: each is stored as scrypt with its own salt ("s1$salt$hash").
const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const normaliseCode = (code: string) => code.trim().toUpperCase();

export async function hashQueryCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(normaliseCode(code), salt, 32, SCRYPT);
  return `s1$${salt.toString("hex")}$${hash.toString("hex")}`;
}

/** Constant work whether or not the case exists; also accepts bare SHA-256 (bulk-loaded data). */
async function queryCodeMatches(stored: string | null, code: string): Promise<boolean> {
  const [scheme, saltHex, hashHex] = (stored ?? "s1$00000000000000000000000000000000$" + "0".repeat(64)).split("$");
  if (scheme === "s1" && saltHex && hashHex) {
    const given = await scryptAsync(normaliseCode(code), Buffer.from(saltHex, "hex"), 32, SCRYPT);
    return stored !== null && timingSafeEqual(given, Buffer.from(hashHex, "hex"));
  }
  const given = createHash("sha256").update(normaliseCode(code)).digest();
  const expected = Buffer.from(stored ?? "", "hex");
  return expected.length === given.length && timingSafeEqual(given, expected);
}

// No 0/O, 1/I/L: the code is read out over the phone and copied by hand.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export function newQueryCode(): string {
  let s = "";
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

export function newTrackingNo(now: Date): string {
  const d = new Date(now.getTime() + TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10).replaceAll("-", "");
  return `HY${d}${String(randomInt(1_000_000)).padStart(6, "0")}`;
}

const isUniqueViolation = (e: unknown, constraint?: string): boolean => {
  const err = e as { code?: string; constraint_name?: string; constraint?: string; message?: string; cause?: unknown };
  if (err?.code === "23505") return !constraint || (err.constraint_name ?? err.constraint ?? err.message ?? "").includes(constraint);
  return err?.cause ? isUniqueViolation(err.cause, constraint) : false;
};

export async function loadActor(app: AppServices, viewer: Viewer | null): Promise<Actor | null> {
  if (!viewer) return null;
  const mbs = await app.db
    .select({ mailboxId: mailboxMembers.mailboxId, position: mailboxMembers.position })
    .from(mailboxMembers)
    .where(eq(mailboxMembers.userId, viewer.id));
  return { userId: viewer.id, role: viewer.role, mailboxes: mbs };
}

const rooms = (petitionId: number, state: CaseState) => [
  `petition:${petitionId}`,
  ...involvedMailboxes(state).map((m) => `mailbox:${m}`),
  "supervision",
];

// ---------------------------------------------------------------- intake

export interface Intake {
  data: PetitionCreateInput;
  petitionerId: number | null;
  channel: Channel;
  threadId?: number;
  liveQuestionId?: number;
  intakeKey?: string;
  /** Who did it, for the timeline (a moderator converting someone's thread). */
  actorId: number | null;
  actorRole: "petitioner" | "system";
}

/**
 * Files a case from another area (an officials-online question: channel "live"). The caller has
 * checked who may do it; this validates the letter, records the channel, notifies the mailbox.
 * Returns the new case's id and its query code (shown once, to the petitioner).
 */
export async function filePetition(app: AppServices, intake: Omit<Intake, "data"> & { data: unknown }) {
  const data = parse(safeParse(petitionCreateSchema, intake.data));
  const { row, queryCode } = await insertPetition(app, { ...intake, data });
  return { petitionId: row.id, trackingNo: row.trackingNo, queryCode };
}

async function insertPetition(app: AppServices, intake: Intake) {
  const { data } = intake;
  const [mailbox] = await app.db
    .select({ id: mailboxes.id, active: mailboxes.active })
    .from(mailboxes)
    .where(eq(mailboxes.id, data.mailboxId));
  if (!mailbox || !mailbox.active) throw badRequest("invalid_input", { mailboxId: { key: "validation.unknown_mailbox" } });
  const queryCode = newQueryCode();
  const queryCodeHash = await hashQueryCode(queryCode);
  // A tracking number is random within its day; on the rare collision, draw again.
  for (let attempt = 0; ; attempt++) {
    const now = app.now();
    const trackingNo = newTrackingNo(now);
    const state: CaseState = {
      status: "submitted",
      mailboxId: data.mailboxId,
      petitionerId: intake.petitionerId,
      createdAt: now,
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
    };
    const deadline = deadlineOf(state);
    try {
      const { row, notes } = await app.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(petitions)
          .values({
            trackingNo,
            queryCodeHash,
            mailboxId: data.mailboxId,
            petitionerId: intake.petitionerId,
            title: data.title,
            body: data.body,
            bodyHtml: renderMarkdown(data.body),
            category: data.category,
            channel: intake.channel,
            public: data.public,
            contactName: data.contactName,
            contactPhone: data.contactPhone,
            contactAddress: data.contactAddress,
            threadId: intake.threadId ?? null,
            liveQuestionId: intake.liveQuestionId ?? null,
            intakeKey: intake.intakeKey ?? null,
            dueAt: deadline.dueAt,
            warnAt: deadline.warnAt,
            seq: 1,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await tx.insert(petitionEvents).values({
          petitionId: row.id,
          seq: 1,
          action: "submit",
          actorId: intake.actorId,
          actorRole: intake.actorRole,
          mailboxId: data.mailboxId,
          data: { channel: intake.channel, ...(intake.threadId ? { threadId: String(intake.threadId) } : {}) },
          at: now,
        });
        const url = `/petitions/${row.id}`;
        const notes = [
          ...(await notify(tx, { mailboxIds: [data.mailboxId], except: intake.actorId ?? undefined }, "petition_received", { trackingNo, title: data.title }, url)),
          ...(intake.actorId !== intake.petitionerId
            ? await notify(tx, { userIds: [intake.petitionerId] }, "petition_converted", { trackingNo, title: data.title }, url)
            : []),
        ];
        return { row, notes };
      });
      publishNotifications(app, notes);
      app.publisher.publish(rooms(row.id, state), "petition:updated", {
        petitionId: String(row.id),
        status: row.status,
        light: lightOf(state, now),
        event: { seq: 1, action: "submit", at: now.toISOString() },
      });
      return { row, queryCode };
    } catch (e) {
      if (intake.threadId && isUniqueViolation(e, "petitions_thread_idx")) throw conflict("already_converted");
      if (intake.liveQuestionId && isUniqueViolation(e, "petitions_live_question_idx")) throw conflict("already_converted");
      if (attempt < 4 && isUniqueViolation(e, "petitions_tracking_no_idx")) continue;
      throw e;
    }
  }
}

/**
 * A letter to a mailbox: the web form, a mobile app (channel `mobile`), or the 12345 hotline's
 * operator filing for a caller (channel `hotline`: officials and admins only; the caller has no
 * account here, so the contact name and phone are required and the operator's desk follows up).
 */
export async function createPetition(app: AppServices, viewer: Viewer | null, input: unknown, opts: { intakeKey?: string | null } = {}) {
  if (!viewer) throw unauthorized();
  const data = parse(safeParse(petitionCreateSchema, input));
  const { channel } = parse(safeParse(apiChannelSchema, input));
  const intakeKey = opts.intakeKey ?? (input as { idempotencyKey?: unknown } | null)?.idempotencyKey ?? null;
  if (intakeKey !== null && !isIdempotencyKey(intakeKey)) {
    throw badRequest("invalid_input", { idempotencyKey: { key: "validation.invalid" } });
  }
  const hotline = channel === "hotline";
  if (hotline && viewer.role !== "official" && viewer.role !== "admin") throw new AppError("forbidden", 403);
  if (hotline && (!data.contactName || !data.contactPhone)) {
    throw badRequest("invalid_input", {
      ...(data.contactName ? {} : { contactName: { key: "validation.required" } }),
      ...(data.contactPhone ? {} : { contactPhone: { key: "validation.required" } }),
    });
  }
  // A retried request (same key, same petitioner) finds the case it created: no second letter.
  const petitionerId = hotline ? null : viewer.id;
  const replay = async () => {
    if (!intakeKey || petitionerId === null) return null;
    const [row] = await app.db
      .select({ id: petitions.id, mailboxId: petitions.mailboxId, title: petitions.title, body: petitions.body })
      .from(petitions)
      .where(and(eq(petitions.petitionerId, petitionerId), eq(petitions.intakeKey, intakeKey)));
    if (!row) return null;
    // The same key with a different letter is a client bug, not a retry: never swallow the letter.
    if (row.mailboxId !== data.mailboxId || row.title !== data.title || row.body !== data.body) throw conflict("idempotency_key_reused");
    return { petition: await getPetition(app, viewer, row.id), queryCode: null, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  await take(app, `petition:user:${viewer.id}`, hotline ? 600 : 10, 3600);
  let created;
  try {
    created = await insertPetition(app, {
      data,
      petitionerId,
      channel,
      actorId: viewer.id,
      actorRole: hotline ? "system" : "petitioner",
      intakeKey: petitionerId === null ? undefined : (intakeKey ?? undefined),
    });
  } catch (e) {
    const raced = isUniqueViolation(e, "petitions_intake_key_idx") ? await replay() : null;
    if (raced) return raced;
    throw e;
  }
  const { row, queryCode } = created;
  // The operator sees what they just typed once; afterwards the case belongs to its mailboxes.
  const petition = hotline ? await getPetition(app, viewer, row.id, { justFiled: true }) : await getPetition(app, viewer, row.id);
  return { petition, queryCode, replayed: false };
}

/** Thread → petition, by the thread's author or a moderator; the author is the petitioner. */
export async function convertThread(app: AppServices, viewer: Viewer | null, threadId: number, input: unknown) {
  if (!viewer) throw unauthorized();
  const [thread] = await app.db.select().from(threads).where(eq(threads.id, threadId));
  if (!thread || (thread.hidden && !isModerator(viewer))) throw notFound();
  if (thread.authorId !== viewer.id && !isModerator(viewer)) throw new AppError("forbidden", 403);
  // Public Information is the officials' own announcements: there is nobody to petition.
  if (thread.section !== "forum") throw new AppError("not_convertible", 403);
  const opts = parse(safeParse(threadConversionSchema, input));
  const [existing] = await app.db.select({ id: petitions.id }).from(petitions).where(eq(petitions.threadId, threadId));
  if (existing) throw conflict("already_converted");
  const data: PetitionCreateInput = {
    mailboxId: opts.mailboxId,
    title: thread.title,
    body: thread.body,
    category: opts.category,
    public: opts.public,
    contactName: opts.contactName,
    contactPhone: opts.contactPhone,
    contactAddress: opts.contactAddress,
  };
  const { row, queryCode } = await insertPetition(app, {
    data,
    petitionerId: thread.authorId,
    channel: "forum",
    threadId,
    actorId: viewer.id,
    actorRole: thread.authorId === viewer.id ? "petitioner" : "system",
  });
  await publishThreadBanner(app, threadId);
  // The code is for the petitioner; a moderator converting someone's thread does not see it.
  return { petition: await getPetition(app, viewer, row.id).catch(() => null), queryCode: thread.authorId === viewer.id ? queryCode : null, petitionId: String(row.id) };
}

/** Re-sends the thread with its petition banner to everyone on the thread page. */
async function publishThreadBanner(app: AppServices, threadId: number) {
  const { getThread } = await import("../forum/service");
  const thread = await getThread(app, null, threadId).catch(() => null);
  if (thread) app.publisher.publish(`thread:${threadId}`, "thread:updated", { thread });
}

export async function petitionForThread(app: AppServices, threadId: number): Promise<PetitionSummary | null> {
  const [p] = await app.db.select().from(petitions).where(eq(petitions.threadId, threadId));
  return p ? petitionSummary(p, app.now()) : null;
}

/** Forum participants back a converted discussion, once each (the database keeps it once). */
export async function cosign(app: AppServices, viewer: Viewer | null, petitionId: number) {
  if (!viewer) throw unauthorized();
  const [p] = await app.db
    .select({ id: petitions.id, threadId: petitions.threadId, petitionerId: petitions.petitionerId, status: petitions.status, hidden: threads.hidden })
    .from(petitions)
    .innerJoin(threads, eq(threads.id, petitions.threadId))
    .where(eq(petitions.id, petitionId));
  // Only cases that grew out of a discussion the viewer can see (a hidden thread's case is not
  // revealed), and only while the case is still open.
  if (!p || p.threadId === null || (p.hidden && !isModerator(viewer))) throw notFound();
  if (p.petitionerId === viewer.id) throw conflict("own_petition");
  if (p.status === "closed" || p.status === "rejected") throw conflict("cosign_closed");
  const added = await app.db.transaction(async (tx) => {
    const rows = await tx.insert(petitionCosigns).values({ petitionId, userId: viewer.id }).onConflictDoNothing().returning();
    if (rows.length) await tx.update(petitions).set({ cosignCount: sql`${petitions.cosignCount} + 1` }).where(eq(petitions.id, petitionId));
    return rows.length > 0;
  });
  const [after] = await app.db.select({ cosignCount: petitions.cosignCount }).from(petitions).where(eq(petitions.id, petitionId));
  if (added) await publishThreadBanner(app, p.threadId);
  return { cosignCount: after.cosignCount, cosigned: true };
}

export async function hasCosigned(app: AppServices, viewer: Viewer | null, petitionId: number) {
  if (!viewer) return false;
  const [r] = await app.db
    .select({ u: petitionCosigns.userId })
    .from(petitionCosigns)
    .where(and(eq(petitionCosigns.petitionId, petitionId), eq(petitionCosigns.userId, viewer.id)));
  return Boolean(r);
}

// ---------------------------------------------------------------- the case

async function loadCase(db: AppServices["db"] | Tx, id: number, lock = false) {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const q = db.select().from(petitions).where(eq(petitions.id, id));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) return null;
  const assignments = await db.select().from(petitionAssignments).where(eq(petitionAssignments.petitionId, id)).orderBy(asc(petitionAssignments.assignedAt));
  return { row, assignments };
}

export async function getPetition(app: AppServices, viewer: Viewer | null, id: number, opts: { justFiled?: boolean } = {}): Promise<PetitionDto> {
  const [loaded, actor] = await Promise.all([loadCase(app.db, id), loadActor(app, viewer)]);
  if (!loaded) throw notFound();
  const state = caseState(loaded.row, loaded.assignments);
  if (!opts.justFiled && !canView(state, actor)) throw notFound();
  return petitionDto(app, loaded.row, loaded.assignments, state, actor);
}

/** Whether the viewer may see the case (the socket room policy). */
export async function canSeePetition(app: AppServices, viewer: Viewer | null, id: number) {
  const [loaded, actor] = await Promise.all([loadCase(app.db, id), loadActor(app, viewer)]);
  return loaded !== null && canView(caseState(loaded.row, loaded.assignments), actor);
}

async function petitionDto(app: AppServices, p: PetitionRow, assignments: AssignmentRow[], state: CaseState, actor: Actor | null): Promise<PetitionDto> {
  const now = app.now();
  const events = await app.db
    .select({ e: petitionEvents, actor: { id: users.id, username: users.username, displayName: users.displayName } })
    .from(petitionEvents)
    .leftJoin(users, eq(users.id, petitionEvents.actorId))
    .where(eq(petitionEvents.petitionId, p.id))
    .orderBy(asc(petitionEvents.seq));
  const people = new Map<number, { id: string; username: string; displayName: string }>();
  const personIds = [p.petitionerId, ...assignments.map((a) => a.repliedBy)].filter((v): v is number => v !== null);
  if (personIds.length) {
    for (const u of await app.db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(inArray(users.id, personIds))) {
      people.set(u.id, { id: String(u.id), username: u.username, displayName: u.displayName });
    }
  }
  const mbs = await mailboxRefs(app.db, [
    p.mailboxId,
    ...assignments.map((a) => a.mailboxId),
    ...events.map((e) => e.e.mailboxId).filter((v): v is number => v !== null),
    ...(p.supervisionMailboxId ? [p.supervisionMailboxId] : []),
  ]);
  const timeline: TimelineEntryDto[] = events.map(({ e, actor: a }) => ({
    seq: e.seq,
    at: e.at.toISOString(),
    action: e.action as TimelineEntryDto["action"],
    actorRole: e.actorRole as TimelineEntryDto["actorRole"],
    actor: a?.id ? { id: String(a.id), username: a.username!, displayName: a.displayName! } : null,
    mailbox: e.mailboxId ? (mbs.get(e.mailboxId) ?? null) : null,
    note: e.note,
    data: e.data,
  }));
  const deadline = deadlineOf(state);
  return {
    id: String(p.id),
    trackingNo: p.trackingNo,
    title: p.title,
    body: p.body,
    bodyHtml: p.bodyHtml,
    category: p.category,
    channel: p.channel,
    status: p.status,
    light: lightOf(state, now),
    mailbox: mbs.get(p.mailboxId)!,
    assignments: assignments.map((a) => ({
      mailbox: mbs.get(a.mailboxId)!,
      lead: a.lead,
      status: a.status,
      assignedAt: a.assignedAt.toISOString(),
      dueAt: a.dueAt.toISOString(),
      light: lightAt(a.dueAt, a.warnAt, a.repliedAt ?? now),
      repliedAt: a.repliedAt?.toISOString() ?? null,
      reply: a.replyBody ? { body: a.replyBody, bodyHtml: a.replyHtml ?? "", by: a.repliedBy ? (people.get(a.repliedBy) ?? null) : null } : null,
    })),
    dueAt: deadline.dueAt?.toISOString() ?? null,
    threadId: p.threadId === null ? null : String(p.threadId),
    public: p.public,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    petitioner: p.petitionerId ? (people.get(p.petitionerId) ?? null) : null,
    contact: { name: p.contactName, phone: p.contactPhone, address: p.contactAddress },
    satisfaction: p.satisfaction,
    proposedOpinion: p.proposedOpinion,
    instruction: p.instruction,
    extendedDays: p.extendedDays,
    supervision: p.supervisionMailboxId && p.supervisedAt ? { mailbox: mbs.get(p.supervisionMailboxId)!, since: p.supervisedAt.toISOString() } : null,
    supervisedCount: p.supervisedCount,
    cosignCount: p.cosignCount,
    timeline,
    actions: availableActions(state, actor, now),
  };
}

// ---------------------------------------------------------------- actions

const notificationKind: Partial<Record<TimelineStep["action"], string>> = {
  accept: "petition_accepted",
  reject: "petition_rejected",
  assign: "petition_assigned",
  instruct: "petition_instructed",
  reply: "petition_replied",
  extend: "petition_extended",
  supervise: "petition_supervised",
  feedback: "petition_feedback",
  rate: "petition_rated",
  review: "petition_review",
  close: "petition_closed",
  propose: "petition_proposed",
};

/** Who hears about a step: the petitioner for what concerns them, the mailboxes for their work. */
function recipientsFor(step: TimelineStep, before: CaseState, after: CaseState, actorId: number): Recipients | null {
  const base = { except: actorId };
  switch (step.action) {
    case "accept":
    case "reject":
    case "extend":
    case "close":
      return { ...base, userIds: [after.petitionerId] };
    case "reply":
      // The petitioner hears when the case is answered (the lead's reply, or a review answer).
      return before.status !== after.status ? { ...base, userIds: [after.petitionerId] } : null;
    case "assign":
      return { ...base, mailboxIds: after.assignments.map((a) => a.mailboxId), userIds: [after.petitionerId] };
    case "instruct":
    case "propose":
      return { ...base, mailboxIds: involvedMailboxes(after) };
    case "supervise":
      return step.mailboxId ? { ...base, mailboxIds: [step.mailboxId] } : null;
    case "feedback":
      return { ...base, admins: true };
    case "rate":
    case "review":
      return { ...base, mailboxIds: after.assignments.filter((a) => a.lead).map((a) => a.mailboxId), admins: step.action === "review" };
  }
}

function toActionInput(data: ReturnType<typeof actionSchema.parse>): ActionInput {
  return data as ActionInput;
}

/** One workflow action on one case. Two officials at once: the row lock serialises them; the second sees the new state and gets 409. */
export async function actOnPetition(app: AppServices, viewer: Viewer | null, id: number, input: unknown): Promise<PetitionDto> {
  if (!viewer) throw unauthorized();
  const actor = (await loadActor(app, viewer))!;
  const request = toActionInput(parse(safeParse(actionSchema, input)));
  if (request.action === "assign" || request.action === "supervise") {
    const ids = request.action === "assign" ? [...request.mailboxIds, ...(request.leadMailboxId ? [request.leadMailboxId] : [])] : request.mailboxId ? [request.mailboxId] : [];
    if (ids.length) {
      const found = await app.db.select({ id: mailboxes.id }).from(mailboxes).where(and(inArray(mailboxes.id, ids), eq(mailboxes.active, true)));
      if (found.length !== new Set(ids).size) throw badRequest("invalid_input", { mailboxIds: { key: "validation.unknown_mailbox" } });
    }
  }
  const result = await app.db.transaction(async (tx) => {
    const loaded = await loadCase(tx, id, true);
    if (!loaded) throw notFound();
    const before = caseState(loaded.row, loaded.assignments);
    if (!canView(before, actor)) throw notFound();
    const now = app.now();
    const outcome = apply(before, actor, request, now);
    if (!outcome.ok) {
      if (outcome.status === 400) throw badRequest(outcome.code);
      throw new AppError(outcome.code, outcome.status);
    }
    const { state: after, step } = outcome;
    const deadline = deadlineOf(after);
    const seq = loaded.row.seq + 1;
    await tx
      .update(petitions)
      .set({
        status: after.status,
        dueAt: deadline.dueAt,
        warnAt: deadline.warnAt,
        lightAt: deadline.lightAt,
        acceptedAt: after.acceptedAt,
        repliedAt: after.repliedAt,
        closedAt: after.closedAt,
        extendedDays: after.extendedDays,
        satisfaction: after.satisfaction,
        ratedAt: step.action === "rate" ? now : loaded.row.ratedAt,
        reviewRequestedAt: after.reviewRequestedAt,
        proposedOpinion: after.proposedOpinion,
        instruction: after.instruction,
        supervisionMailboxId: after.supervisionMailboxId,
        supervisedAt: step.action === "supervise" ? now : after.supervisionMailboxId === null ? null : loaded.row.supervisedAt,
        supervisedCount: loaded.row.supervisedCount + (step.action === "supervise" ? 1 : 0),
        seq,
        updatedAt: now,
      })
      .where(eq(petitions.id, id));
    // Persist what changed in the assignments (new ones, replies, extensions).
    const old = new Map(before.assignments.map((a) => [a.mailboxId, a]));
    for (const a of after.assignments) {
      const prev = old.get(a.mailboxId);
      if (!prev) {
        await tx.insert(petitionAssignments).values({ petitionId: id, ...a });
      } else if (prev !== a) {
        const replying = prev.status === "open" && a.status === "replied";
        await tx
          .update(petitionAssignments)
          .set({
            status: a.status,
            dueAt: a.dueAt,
            warnAt: a.warnAt,
            repliedAt: a.repliedAt,
            ...(replying ? { replyBody: step.note, replyHtml: renderMarkdown(step.note ?? ""), repliedBy: actor.userId } : {}),
          })
          .where(and(eq(petitionAssignments.petitionId, id), eq(petitionAssignments.mailboxId, a.mailboxId)));
      }
    }
    await tx.insert(petitionEvents).values({
      petitionId: id,
      seq,
      action: step.action,
      actorId: actor.userId,
      actorRole: step.actorRole,
      mailboxId: step.mailboxId,
      note: step.note,
      data: step.data,
      at: now,
    });
    const to = recipientsFor(step, before, after, actor.userId);
    const kind = notificationKind[step.action];
    const notes = to && kind ? await notify(tx, to, kind, { trackingNo: loaded.row.trackingNo, title: loaded.row.title, status: after.status }, `/petitions/${id}`) : [];
    return { before, after, step, seq, now, notes, threadId: loaded.row.threadId };
  });
  publishNotifications(app, result.notes);
  // Rooms of the mailboxes involved before and after (a newly assigned department hears too).
  const roomSet = new Set([...rooms(id, result.before), ...rooms(id, result.after)]);
  app.publisher.publish([...roomSet], "petition:updated", {
    petitionId: String(id),
    status: result.after.status,
    light: lightOf(result.after, result.now),
    event: { seq: result.seq, action: result.step.action, at: result.now.toISOString() },
  });
  if (result.threadId !== null && result.before.status !== result.after.status) await publishThreadBanner(app, result.threadId);
  return getPetition(app, viewer, id);
}

// ---------------------------------------------------------------- tracking without an account

/** Tracking number + query code → the public view, or 404 whether or not the number exists. */
export async function trackPetition(app: AppServices, ip: string, input: { trackingNo?: unknown; queryCode?: unknown }) {
  const trackingNo = typeof input.trackingNo === "string" ? input.trackingNo.trim().toUpperCase() : "";
  const queryCode = typeof input.queryCode === "string" ? input.queryCode.trim().toUpperCase() : "";
  if (!trackingNo || !queryCode || trackingNo.length > 40 || queryCode.length > 40) throw notFound("petition_not_found");
  // Guessing codes is slow by design: a small budget per address, and one per tracking number
  // (whether or not it exists, so the limit reveals nothing either).
  await take(app, `track:ip:${ip}`, 60, 900);
  await take(app, `track:no:${trackingNo}`, 30, 3600);
  const [row] = await app.db.select({ id: petitions.id, queryCodeHash: petitions.queryCodeHash }).from(petitions).where(eq(petitions.trackingNo, trackingNo));
  if (!(await queryCodeMatches(row?.queryCodeHash ?? null, queryCode)) || !row) throw notFound("petition_not_found");
  return row.id;
}

/**
 * A new query code for the petitioner (the old one stops working): for a case a moderator
 * converted on their behalf, or a code they lost. Shown once, like the first.
 */
export async function reissueQueryCode(app: AppServices, viewer: Viewer | null, id: number) {
  if (!viewer) throw unauthorized();
  const [row] = await app.db.select({ petitionerId: petitions.petitionerId }).from(petitions).where(eq(petitions.id, id));
  if (!row) throw notFound();
  if (row.petitionerId !== viewer.id) {
    if (await canSeePetition(app, viewer, id)) throw new AppError("forbidden", 403);
    throw notFound();
  }
  await take(app, `query-code:user:${viewer.id}`, 10, 3600);
  const queryCode = newQueryCode();
  await app.db.update(petitions).set({ queryCodeHash: await hashQueryCode(queryCode) }).where(eq(petitions.id, id));
  return { queryCode };
}


