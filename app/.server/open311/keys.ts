// API keys for the Open311 channel: administrators issue one per integration (the 12345
// hotline's operator system, a mobile app) and revoke it; Open311 writes authenticate with it.
// The key is returned once, by issueApiKey; only its SHA-256 and a short prefix are stored, and
// nothing here ever logs, lists or echoes it.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { alias } from "drizzle-orm/pg-core";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { apiKeys, users } from "../../../db/schema";
import type { Viewer } from "~/domain/auth/types";
import { apiKeyCreateSchema, type ApiKeyDto } from "~/domain/open311/schemas";
import { safeParse } from "~/domain/validation";
import type { AppServices } from "../context";
import { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from "../errors";
import { take } from "../rate-limit";

const KEY_PREFIX = "o311_";
/** Characters of the key kept in clear: "o311_" and 6 of the token, enough to tell keys apart. */
const SHOWN = KEY_PREFIX.length + 6;

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");
const newApiKey = () => KEY_PREFIX + randomBytes(32).toString("base64url");

type Row = typeof apiKeys.$inferSelect;
type Person = { id: number; username: string; displayName: string };
const person = (p: Person) => ({ id: String(p.id), username: p.username, displayName: p.displayName });

function dto(r: Row, createdBy: Person, revokedBy: Person | null): ApiKeyDto {
  return {
    id: String(r.id),
    name: r.name,
    channel: r.channel,
    prefix: r.prefix,
    rateLimitPerMinute: r.rateLimitPerMinute,
    createdAt: r.createdAt.toISOString(),
    createdBy: person(createdBy),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    revokedBy: revokedBy ? person(revokedBy) : null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    active: r.revokedAt === null,
  };
}

function requireAdmin(viewer: Viewer | null) {
  if (!viewer) throw unauthorized();
  if (viewer.role !== "admin") throw forbidden();
  return viewer;
}

const creator = alias(users, "creator");
const revoker = alias(users, "revoker");

async function load(app: AppServices, id?: number): Promise<ApiKeyDto[]> {
  const rows = await app.db
    .select({
      k: apiKeys,
      c: { id: creator.id, username: creator.username, displayName: creator.displayName },
      r: { id: revoker.id, username: revoker.username, displayName: revoker.displayName },
    })
    .from(apiKeys)
    .innerJoin(creator, eq(creator.id, apiKeys.createdBy))
    .leftJoin(revoker, eq(revoker.id, apiKeys.revokedBy))
    .where(id === undefined ? undefined : eq(apiKeys.id, id))
    // Active keys first, then newest first.
    .orderBy(sql`${apiKeys.revokedAt} is not null`, desc(apiKeys.id));
  return rows.map(({ k, c, r }) => dto(k, c, r && r.id !== null ? (r as Person) : null));
}

/** Every key, active first (GET /api/v1/admin/api-keys, /admin/api-keys). Not paged: a handful of integrations. */
export async function listApiKeys(app: AppServices, viewer: Viewer | null): Promise<ApiKeyDto[]> {
  requireAdmin(viewer);
  return load(app);
}

/** Issues a key: the answer carries the key itself, this once. */
export async function issueApiKey(app: AppServices, viewer: Viewer | null, input: unknown): Promise<{ apiKey: ApiKeyDto; key: string }> {
  const admin = requireAdmin(viewer);
  const parsed = safeParse(apiKeyCreateSchema, input);
  if (!parsed.ok) throw badRequest("invalid_input", parsed.fields);
  const key = newApiKey();
  const [row] = await app.db.transaction((tx) =>
    tx
      .insert(apiKeys)
      .values({
        name: parsed.data.name,
        channel: parsed.data.channel,
        rateLimitPerMinute: parsed.data.rateLimitPerMinute,
        prefix: key.slice(0, SHOWN),
        keyHash: hashApiKey(key),
        createdBy: admin.id,
        createdAt: app.now(),
      })
      .returning({ id: apiKeys.id }),
  );
  const [apiKey] = await load(app, row.id);
  return { apiKey, key };
}

/** Revokes a key at once; a revoked key stays listed (who revoked it, when) and never works again. */
export async function revokeApiKey(app: AppServices, viewer: Viewer | null, id: number): Promise<ApiKeyDto> {
  const admin = requireAdmin(viewer);
  const updated = await app.db.transaction(async (tx) => {
    const [row] = await tx.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, id)).for("update");
    if (!row) throw notFound();
    if (row.revokedAt) throw conflict("already_revoked");
    return tx.update(apiKeys).set({ revokedAt: app.now(), revokedBy: admin.id }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
  });
  if (!updated.length) throw conflict("already_revoked");
  const [apiKey] = await load(app, id);
  return apiKey;
}

export interface KeyHolder {
  id: number;
  name: string;
  channel: Row["channel"];
}

/**
 * Who is calling: 401 `missing_key` without a key, 403 `invalid_key` for an unknown or revoked
 * one (the same answer for both: a caller learns nothing about other keys), 429 past the key's
 * per-minute limit. Marks the key as used.
 */
export async function authenticateApiKey(app: AppServices, raw: string | null | undefined): Promise<KeyHolder> {
  const key = raw?.trim();
  if (!key) throw new AppError("missing_key", 401);
  if (key.length > 200) throw new AppError("invalid_key", 403);
  const hash = hashApiKey(key);
  const [row] = await app.db
    .select({ id: apiKeys.id, name: apiKeys.name, channel: apiKeys.channel, keyHash: apiKeys.keyHash, revokedAt: apiKeys.revokedAt, limit: apiKeys.rateLimitPerMinute, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hash));
  if (!row || row.revokedAt || !timingSafeEqual(Buffer.from(row.keyHash), Buffer.from(hash))) throw new AppError("invalid_key", 403);
  await take(app, `apikey:${row.id}`, row.limit, 60);
  // last_used_at to the minute: one write per key per minute at most, not one per request.
  const now = app.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await app.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return { id: row.id, name: row.name, channel: row.channel };
}
