// Accounts: register, log in, log out, resolve a token, and the admin's user changes.
import { hash, verify } from "@node-rs/argon2";
import { asc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { mailboxMembers, sessions, users } from "../../../db/schema";
import type { UserDto, Viewer } from "~/domain/auth/types";
import { adminUserPatchSchema, loginSchema, profilePatchSchema, registerSchema } from "~/domain/auth/schemas";
import { safeParse } from "~/domain/validation";
import type { AppServices } from "../context";
import { AppError, badRequest, conflict, forbidden, notFound, tooMany, unauthorized } from "../errors";
import { record, retryAfter } from "../rate-limit";
import { hashToken, newToken } from "./tokens";

// algorithm 2 = Argon2id (the package exports it as a const enum, unusable with isolatedModules)
const ARGON = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };
// Verified against when the account does not exist, so both paths cost the same.
let dummyHash: Promise<string> | null = null;

export const LOGIN_WINDOW_SEC = 15 * 60;
export const LOGIN_LIMIT_ACCOUNT = 10;
export const LOGIN_LIMIT_IP = 30;

export const hashPassword = (password: string) => hash(password, ARGON);

type UserRow = typeof users.$inferSelect;

export async function userDto(app: AppServices, row: UserRow, opts: { withDisabled?: boolean } = {}): Promise<UserDto> {
  const mbs = await app.db
    .select({ mailboxId: mailboxMembers.mailboxId, position: mailboxMembers.position })
    .from(mailboxMembers)
    .where(eq(mailboxMembers.userId, row.id))
    .orderBy(asc(mailboxMembers.mailboxId));
  return {
    id: String(row.id),
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    mailboxes: mbs.map((m) => ({ mailboxId: String(m.mailboxId), position: m.position })),
    ...(opts.withDisabled ? { disabled: row.disabled } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

async function startSession(app: AppServices, userId: number) {
  const token = newToken();
  const session = await app.lucia.createSession(userId, {}, { sessionId: hashToken(token) });
  return { token, session };
}

export async function register(app: AppServices, input: unknown) {
  const parsed = safeParse(registerSchema, input);
  if (!parsed.ok) throw badRequest("invalid_input", parsed.fields);
  const { username, password, displayName } = parsed.data;
  const passwordHash = await hashPassword(password);
  const rows = await app.db
    .insert(users)
    .values({ username, displayName: displayName ?? username, passwordHash })
    .onConflictDoNothing()
    .returning();
  if (rows.length === 0) throw new AppError("username_taken", 409, { username: { key: "validation.username_taken" } });
  const { token, session } = await startSession(app, rows[0].id);
  return { user: await userDto(app, rows[0]), token, session };
}

export async function login(app: AppServices, input: unknown, ip: string) {
  const parsed = safeParse(loginSchema, input);
  if (!parsed.ok) throw badRequest("invalid_input", parsed.fields);
  const { username, password } = parsed.data;
  const accountBucket = `login:user:${username}`;
  const ipBucket = `login:ip:${ip}`;
  // Every attempt counts as a failure until the password is verified, so parallel guesses
  // cannot slip past the limit; a successful login gives its count back.
  const [perAccount, perIp] = [
    await record(app, accountBucket, LOGIN_WINDOW_SEC),
    await record(app, ipBucket, LOGIN_WINDOW_SEC),
  ];
  if (perAccount > LOGIN_LIMIT_ACCOUNT || perIp > LOGIN_LIMIT_IP) throw tooMany(retryAfter(app, LOGIN_WINDOW_SEC));
  const [row] = await app.db.select().from(users).where(sql`lower(${users.username}) = ${username}`);
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verify(row?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!row || !ok) throw unauthorized("invalid_credentials");
  await record(app, accountBucket, LOGIN_WINDOW_SEC, -1);
  await record(app, ipBucket, LOGIN_WINDOW_SEC, -1);
  if (row.disabled) throw forbidden("account_disabled");
  // A fresh token at every login (no session fixation).
  const { token, session } = await startSession(app, row.id);
  return { user: await userDto(app, row), token, session };
}

export async function logout(app: AppServices, sessionId: string) {
  await app.lucia.invalidateSession(sessionId);
  app.sessions.evictSession(sessionId);
  app.publisher.endSession(sessionId);
}

/** Resolves a raw token (cookie or bearer) to the viewer; null when unknown, expired or disabled. */
export async function authenticate(app: AppServices, token: string | null | undefined) {
  if (!token || token.length > 200) return null;
  const sessionId = hashToken(token);
  const cached = app.sessions.get(sessionId);
  if (cached) return cached;
  const { session, user } = await app.lucia.validateSession(sessionId);
  if (!session || !user || user.disabled) return null;
  const viewer: Viewer = { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
  // A session lucia just extended ("fresh") is not cached, so its new cookie gets sent.
  if (!session.fresh) app.sessions.set(sessionId, { viewer, session });
  return { viewer, session };
}

export async function getUserById(app: AppServices, id: number) {
  const [row] = await app.db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function getUserByUsername(app: AppServices, username: string) {
  const [row] = await app.db.select().from(users).where(sql`lower(${users.username}) = ${username.toLowerCase()}`);
  return row ?? null;
}

export async function me(app: AppServices, viewer: Viewer | null) {
  if (!viewer) throw unauthorized();
  const row = await getUserById(app, viewer.id);
  if (!row) throw unauthorized();
  return userDto(app, row);
}

/** A user edits their own display name and short introduction. */
export async function updateProfile(app: AppServices, viewer: Viewer | null, input: unknown) {
  if (!viewer) throw unauthorized();
  const parsed = safeParse(profilePatchSchema, input);
  if (!parsed.ok) throw badRequest("invalid_input", parsed.fields);
  const [row] = Object.keys(parsed.data).length
    ? await app.db.update(users).set(parsed.data).where(eq(users.id, viewer.id)).returning()
    : await app.db.select().from(users).where(eq(users.id, viewer.id));
  app.sessions.evictUser(viewer.id); // cached viewers carry the display name
  return userDto(app, row);
}

export async function adminUpdateUser(app: AppServices, viewer: Viewer | null, userId: number, input: unknown) {
  if (!viewer) throw unauthorized();
  if (viewer.role !== "admin") throw forbidden();
  const parsed = safeParse(adminUserPatchSchema, input);
  if (!parsed.ok) throw badRequest("invalid_input", parsed.fields);
  const patch = parsed.data;
  if (viewer.id === userId && (patch.disabled === true || (patch.role && patch.role !== "admin"))) {
    throw conflict("cannot_demote_self");
  }
  let previousRole: string | undefined;
  const row = await app.db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!current) throw notFound();
    previousRole = current.role;
    const set: Partial<typeof users.$inferInsert> = {};
    if (patch.role) set.role = patch.role;
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    const [updated] = Object.keys(set).length
      ? await tx.update(users).set(set).where(eq(users.id, userId)).returning()
      : [current];
    // Someone who is no longer an official no longer works any mailbox.
    const demoted = patch.role !== undefined && patch.role !== "official" && patch.role !== "admin";
    if (demoted) await tx.delete(mailboxMembers).where(eq(mailboxMembers.userId, userId));
    if (patch.mailboxes && !demoted) {
      await tx.delete(mailboxMembers).where(eq(mailboxMembers.userId, userId));
      const unique = new Map(patch.mailboxes.map((m) => [m.mailboxId, m.position]));
      if (unique.size) {
        try {
          await tx.insert(mailboxMembers).values([...unique].map(([mailboxId, position]) => ({ mailboxId, userId, position })));
        } catch {
          throw badRequest("invalid_input", { mailboxes: { key: "validation.unknown_mailbox" } });
        }
      }
    }
    if (patch.disabled === true) await tx.delete(sessions).where(eq(sessions.userId, userId));
    return updated;
  });
  // Sockets carry the identity they were opened with: make them reconnect with the new one.
  // Mailbox rooms were joined under the old memberships: rejoining re-checks them.
  if (patch.disabled === true || (patch.role && patch.role !== previousRole) || patch.mailboxes) {
    app.sessions.evictUser(userId);
    app.publisher.endUser(userId);
  }
  return userDto(app, row, { withDisabled: true });
}

export async function listUsers(app: AppServices, q: string, limit = 50) {
  const term = q.trim().slice(0, 64);
  const rows = await app.db
    .select()
    .from(users)
    .where(term ? or(ilike(users.username, `%${term.replace(/[%_\\]/g, "\\$&")}%`), ilike(users.displayName, `%${term.replace(/[%_\\]/g, "\\$&")}%`)) : undefined)
    .orderBy(asc(users.id))
    .limit(limit);
  const members = rows.length
    ? await app.db.select().from(mailboxMembers).where(inArray(mailboxMembers.userId, rows.map((r) => r.id)))
    : [];
  return rows.map((r) => ({
    ...r,
    mailboxes: members.filter((m) => m.userId === r.id).map((m) => ({ mailboxId: m.mailboxId, position: m.position })),
  }));
}

/** ADMIN_USERNAME / ADMIN_PASSWORD: make sure that admin exists (the environment is the source of truth). */
export async function ensureAdmin(app: AppServices) {
  const { adminUsername, adminPassword } = app.config;
  if (!adminUsername || !adminPassword) return;
  const username = adminUsername.toLowerCase();
  const passwordHash = await hashPassword(adminPassword);
  const existing = await getUserByUsername(app, username);
  if (existing) {
    await app.db.update(users).set({ role: "admin", passwordHash, disabled: false }).where(eq(users.id, existing.id));
  } else {
    await app.db.insert(users).values({ username, displayName: adminUsername, passwordHash, role: "admin" }).onConflictDoNothing();
  }
}

