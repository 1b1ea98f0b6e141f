// Open311 GeoReport v2 over the Public Servant Mailbox (the mobile and hotline channels).
//
// - Services are our categories (service_code = the category code); jurisdictions are the
//   mailbox tree (jurisdiction_id = a mailbox's stable slug, or its numeric id).
// - service_request_id is the case's tracking number (HY + Shanghai date + 6 digits).
// - Reading lists published cases only (the petitioner consented), masked like /petitions/public.
// - A POST files the case through the petition service's own intake (filePetition) with the
//   API key's channel; the same key and Idempotency-Key give the same case.
import { and, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { mailboxes, petitionAssignments, petitions, users } from "../../../db/schema";
import { contactNameOf, open311RequestSchema, open311Status, serviceGroup, titleFrom } from "~/domain/open311/schemas";
import { categories, type Category } from "~/domain/petitions/workflow";
import { mailboxName } from "~/domain/petitions/mailboxes";
import { isIdempotencyKey, safeParse } from "~/domain/validation";
import { getT, type Lang } from "~/i18n";
import type { AppServices } from "../context";
import { AppError, badRequest, conflict, notFound } from "../errors";
import { filePetition } from "../petitions/service";
import { maskMarkdown, masker } from "../petitions/dto";
import type { KeyHolder } from "./keys";

/** The city's front desk (市网络问政办公室): where a request goes when no jurisdiction is given. */
export const DEFAULT_JURISDICTION = "city-online-office";

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: "realtime";
  keywords: string;
  group: string;
}

export function listServices(lang: Lang): Open311Service[] {
  const t = getT(lang);
  return categories.map((c) => ({
    service_code: c,
    service_name: t(`petition.category.${c}`),
    description: t(`open311.services.${c}.description`),
    metadata: false,
    type: "realtime",
    keywords: t(`open311.services.${c}.keywords`),
    group: t(`open311.groups.${serviceGroup[c]}`),
  }));
}

export function discovery(baseUrl: string, changeset: string) {
  return {
    changeset,
    contact: "市网络问政办公室 (Heyuan online governance office)",
    key_service: "API keys are issued by the platform's administrators at /admin/api-keys.",
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: `${baseUrl}/open311/v2`,
        changeset,
        type: "production",
        formats: ["application/json"],
      },
    ],
  };
}

/** A mailbox by slug or id; retired mailboxes are not jurisdictions. */
async function resolveJurisdiction(app: AppServices, raw: string): Promise<{ id: number; name: string; nameEn: string } | null> {
  const byId = /^[1-9][0-9]{0,15}$/.test(raw);
  const [m] = await app.db
    .select({ id: mailboxes.id, name: mailboxes.name, nameEn: mailboxes.nameEn, active: mailboxes.active })
    .from(mailboxes)
    .where(byId ? eq(mailboxes.id, Number(raw)) : eq(mailboxes.slug, raw));
  return m && m.active ? m : null;
}

// ---------------------------------------------------------------- reading

const PUBLISHED = sql`${petitions.public} and ${petitions.status} not in ('submitted', 'rejected')`;
const TRACKING_NO = /^HY[0-9]{14}$/;
export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MAX = 100;
const PAGE_MAX = 10_000;

export interface Open311Request {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: null;
  zipcode: null;
  jurisdiction_id: string;
}

function dateParam(field: string, raw: string | null): Date | null {
  if (raw === null || raw === "") return null;
  const d = new Date(raw);
  if (raw.length > 40 || Number.isNaN(d.getTime())) throw badRequest("invalid_input", { [field]: { key: "validation.invalid_date" } });
  return d;
}

const list = (raw: string | null) => (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean);

/**
 * GET /open311/v2/requests.json: published cases, newest first. Filters: service_request_id and
 * service_code (comma-separated), status (open, closed), start_date and end_date (on
 * requested_datetime), jurisdiction_id (addressed to or assigned to that mailbox); paging with
 * page (from 1) and page_size (default 50, at most 100).
 */
export async function listRequests(app: AppServices, lang: Lang, q: URLSearchParams): Promise<Open311Request[]> {
  const fields: Record<string, { key: string }> = {};
  const codes = list(q.get("service_code"));
  if (codes.some((c) => !(categories as readonly string[]).includes(c))) fields.service_code = { key: "validation.open311_unknown_service" };
  const statuses = list(q.get("status"));
  if (statuses.some((s) => s !== "open" && s !== "closed")) fields.status = { key: "validation.invalid_choice" };
  const ids = list(q.get("service_request_id"));
  if (ids.length > 100) fields.service_request_id = { key: "validation.invalid" };
  const pageSize = q.get("page_size") ?? String(PAGE_SIZE_DEFAULT);
  if (!/^[1-9][0-9]{0,2}$/.test(pageSize) || Number(pageSize) > PAGE_SIZE_MAX) fields.page_size = { key: "validation.invalid" };
  const page = q.get("page") ?? "1";
  if (!/^[1-9][0-9]{0,4}$/.test(page) || Number(page) > PAGE_MAX) fields.page = { key: "validation.invalid" };
  let start: Date | null = null;
  let end: Date | null = null;
  try {
    start = dateParam("start_date", q.get("start_date"));
    end = dateParam("end_date", q.get("end_date"));
  } catch (e) {
    Object.assign(fields, (e as AppError).fields);
  }
  let jurisdiction: number | null = null;
  const jRaw = q.get("jurisdiction_id");
  if (jRaw) {
    const m = await resolveJurisdiction(app, jRaw.trim());
    if (!m) fields.jurisdiction_id = { key: "validation.open311_unknown_jurisdiction" };
    else jurisdiction = m.id;
  }
  if (Object.keys(fields).length) throw badRequest("invalid_input", fields);

  const conditions: (SQL | undefined)[] = [PUBLISHED];
  if (ids.length) conditions.push(inArray(petitions.trackingNo, ids.map((s) => s.toUpperCase())));
  if (codes.length) conditions.push(inArray(petitions.category, codes));
  if (statuses.length === 1) {
    conditions.push(statuses[0] === "closed" ? sql`${petitions.status} in ('closed', 'rejected')` : sql`${petitions.status} not in ('closed', 'rejected')`);
  }
  if (start) conditions.push(gte(petitions.createdAt, start));
  if (end) conditions.push(lte(petitions.createdAt, end));
  if (jurisdiction !== null) {
    conditions.push(
      or(
        eq(petitions.mailboxId, jurisdiction),
        sql`exists (select 1 from ${petitionAssignments} a where a.petition_id = ${petitions.id} and a.mailbox_id = ${jurisdiction})`,
      ),
    );
  }
  const size = Number(pageSize);
  const rows = await app.db
    .select({ p: petitions, petitionerName: users.displayName })
    .from(petitions)
    .leftJoin(users, eq(users.id, petitions.petitionerId))
    .where(and(...conditions))
    .orderBy(desc(petitions.id))
    .limit(size)
    .offset((Number(page) - 1) * size);
  return toOpen311(app, lang, rows);
}

/** GET /open311/v2/requests/:id.json: one published case by tracking number, as a one-element array. */
export async function getRequest(app: AppServices, lang: Lang, id: string): Promise<Open311Request[]> {
  const trackingNo = id.trim().toUpperCase();
  if (!TRACKING_NO.test(trackingNo)) throw notFound();
  const rows = await app.db
    .select({ p: petitions, petitionerName: users.displayName })
    .from(petitions)
    .leftJoin(users, eq(users.id, petitions.petitionerId))
    .where(and(PUBLISHED, eq(petitions.trackingNo, trackingNo)));
  if (!rows.length) throw notFound();
  return toOpen311(app, lang, rows);
}

type Found = { p: typeof petitions.$inferSelect; petitionerName: string | null };

async function toOpen311(app: AppServices, lang: Lang, rows: Found[]): Promise<Open311Request[]> {
  if (!rows.length) return [];
  const t = getT(lang);
  // The agency responsible: the lead assignment once assigned, the addressed mailbox before.
  const leads = await app.db
    .select({ petitionId: petitionAssignments.petitionId, mailboxId: petitionAssignments.mailboxId })
    .from(petitionAssignments)
    .where(and(inArray(petitionAssignments.petitionId, rows.map((r) => r.p.id)), eq(petitionAssignments.lead, true)));
  const leadOf = new Map(leads.map((l) => [l.petitionId, l.mailboxId]));
  const mbIds = [...new Set([...rows.map((r) => r.p.mailboxId), ...leads.map((l) => l.mailboxId)])];
  const mbs = await app.db.select({ id: mailboxes.id, name: mailboxes.name, nameEn: mailboxes.nameEn, slug: mailboxes.slug }).from(mailboxes).where(inArray(mailboxes.id, mbIds));
  const mb = new Map(mbs.map((m) => [m.id, m]));
  return rows.map(({ p, petitionerName }) => {
    const mask = masker(p, petitionerName);
    const responsible = mb.get(leadOf.get(p.id) ?? p.mailboxId)!;
    const addressed = mb.get(p.mailboxId)!;
    const status = open311Status(p.status);
    return {
      service_request_id: p.trackingNo,
      status,
      status_notes: t(`open311.statusNotes.${p.status}`),
      service_name: t(`petition.category.${p.category}`),
      service_code: p.category,
      description: maskMarkdown(mask, p.body).text,
      agency_responsible: mailboxName(responsible, lang),
      service_notice: null,
      requested_datetime: p.createdAt.toISOString(),
      updated_datetime: p.updatedAt.toISOString(),
      expected_datetime: status === "open" ? (p.dueAt?.toISOString() ?? null) : null,
      // House-level addresses are personal data: never published.
      address: null,
      zipcode: null,
      jurisdiction_id: addressed.slug ?? String(addressed.id),
    };
  });
}

// ---------------------------------------------------------------- writing


export interface Open311Created {
  service_request_id: string;
  service_notice: string;
  account_id: null;
  tracking_number: string;
  query_code: string | null;
  track_url: string;
}

/**
 * POST /open311/v2/requests.json for an authenticated key: validates Open311's fields, resolves
 * the jurisdiction, and files the case with the key's channel through filePetition. The caller's
 * name, phone, e-mail and address become the case's private contact (never published).
 */
export async function createRequest(
  app: AppServices,
  key: KeyHolder,
  input: Record<string, unknown>,
  opts: { idempotencyKey: string | null; lang: Lang; baseUrl: string },
): Promise<{ created: Open311Created; replayed: boolean }> {
  if (opts.idempotencyKey !== null && !isIdempotencyKey(opts.idempotencyKey)) {
    throw badRequest("invalid_input", { "Idempotency-Key": { key: "validation.invalid" } });
  }
  const parsed = safeParse(open311RequestSchema, input);
  if (!parsed.ok) throw badRequest("invalid_input", parsed.fields);
  const d = parsed.data;
  const jurisdiction = await resolveJurisdiction(app, d.jurisdiction_id ?? DEFAULT_JURISDICTION);
  if (!jurisdiction) throw badRequest("invalid_input", { jurisdiction_id: { key: "validation.open311_unknown_jurisdiction" } });
  const contactName = contactNameOf(d.first_name, d.last_name);
  // As on POST /petitions: the hotline's caller has no account, so the desk needs a name and a phone.
  if (key.channel === "hotline" && (!contactName || !d.phone)) {
    throw badRequest("invalid_input", contactName ? { phone: { key: "validation.required" } } : { first_name: { key: "validation.required" } });
  }
  const where = d.address_string ?? (d.lat !== null && d.long !== null ? `${d.lat},${d.long}` : null);
  const contactAddress = [where, d.email ? `Email: ${d.email}` : null].filter(Boolean).join(" · ") || null;
  const category = d.service_code as Category;
  const letter = {
    mailboxId: jurisdiction.id,
    title: titleFrom(d.description) || getT(opts.lang)("open311.untitled"),
    body: d.description,
    category,
    public: d.public,
    contactName,
    contactPhone: d.phone,
    contactAddress,
  };
  const intakeKey = opts.idempotencyKey ? `apikey:${key.id}:${opts.idempotencyKey}` : null;
  const answer = (trackingNo: string, queryCode: string | null): Open311Created => {
    const trackUrl = `${opts.baseUrl}/track?trackingNo=${trackingNo}`;
    return {
      service_request_id: trackingNo,
      service_notice: getT(opts.lang)("open311.serviceNotice", { trackingNo, trackUrl }),
      account_id: null,
      tracking_number: trackingNo,
      query_code: queryCode,
      track_url: trackUrl,
    };
  };
  // A retry with the same key finds the case it created (migration: petitions_keyed_intake_idx).
  const replay = async () => {
    if (!intakeKey) return null;
    const [row] = await app.db
      .select({ trackingNo: petitions.trackingNo, mailboxId: petitions.mailboxId, body: petitions.body, category: petitions.category })
      .from(petitions)
      .where(and(isNull(petitions.petitionerId), eq(petitions.intakeKey, intakeKey)));
    if (!row) return null;
    if (row.mailboxId !== letter.mailboxId || row.body !== letter.body || row.category !== letter.category) throw conflict("idempotency_key_reused");
    return { created: answer(row.trackingNo, null), replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    const filed = await filePetition(app, {
      data: letter,
      petitionerId: null,
      channel: key.channel,
      actorId: null,
      actorRole: "system",
      intakeKey: intakeKey ?? undefined,
    });
    return { created: answer(filed.trackingNo, filed.queryCode), replayed: false };
  } catch (e) {
    const raced = intakeKey && isKeyedIntakeConflict(e) ? await replay() : null;
    if (raced) return raced;
    throw e;
  }
}

function isKeyedIntakeConflict(e: unknown): boolean {
  const err = e as { code?: string; constraint_name?: string; constraint?: string; message?: string; cause?: unknown };
  if (err?.code === "23505") return (err.constraint_name ?? err.constraint ?? err.message ?? "").includes("petitions_keyed_intake_idx");
  return err?.cause ? isKeyedIntakeConflict(err.cause) : false;
}

