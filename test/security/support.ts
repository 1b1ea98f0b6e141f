// Shared by the hostile-input suite (test/security): the operations to sweep, enumerated from
// the OpenAPI document and, so that nothing undocumented slips through, from the route files
// themselves; a cheap fingerprint of the whole database; and cookie sign-in.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { TestServer, TestUser } from "../support/server";

export const METHODS = ["get", "post", "put", "patch", "delete"] as const;
export const UNSAFE = new Set(["post", "put", "patch", "delete"]);

export interface Operation {
  method: string;
  /** The documented path, e.g. /threads/{id} (API v1 paths are relative to /api/v1). */
  path: string;
  /** The path to request, from the site root. */
  url: (id?: string) => string;
  /** `x-roles` of the document (undefined: any signed-in user). */
  roles?: string[];
  security: Record<string, unknown>[];
  documented: boolean;
}

/** Route file → path: api.v1.events.$id[.]ics.ts → /events/{id}.ics; t_.$threadId.tsx → /t/{threadId}. */
export function routePath(file: string, prefix: RegExp) {
  const segments = file
    .replace(prefix, "")
    .replace(/\.tsx?$/, "")
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .filter((x) => x !== "_index" && x !== "")
    .map((seg) => seg.replace(/\u0000/g, ".").replace(/_$/, "").replace(/\$([A-Za-z]+)/g, "{$1}"));
  return "/" + segments.join("/");
}

/** The methods a route file serves: its loader (GET) and its action's keys (any action: POST). */
export function routeMethods(source: string): string[] {
  const out: string[] = [];
  if (/export (const|async function|function) loader/.test(source) && !/export const loader = methods\(\{\}\)/.test(source)) out.push("get");
  const action = source.split(/export (?:const action\s*=|async function action|function action)/)[1];
  if (action) {
    const keyed = [...action.matchAll(/^\s+(POST|PUT|PATCH|DELETE):/gm)].map((m) => m[1].toLowerCase());
    out.push(...(keyed.length ? keyed : ["post"]));
  }
  return out;
}

const fill = (p: string, id: string) => p.replace(/\{[A-Za-z]+\}/g, id);

/** Every v1 operation: the documented ones, plus any route file's method the document misses. */
export function apiOperations(doc: any): Operation[] {
  const ops: Operation[] = [];
  const seen = new Set<string>();
  for (const [p, item] of Object.entries<any>(doc.paths)) {
    const root = item.servers?.[0]?.url ?? "/api/v1";
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      seen.add(`${m} ${root}${p}`);
      ops.push({ method: m, path: p, url: (id = "1") => root + fill(p, id), roles: op["x-roles"], security: op.security, documented: true });
    }
  }
  const dir = path.resolve("app/routes");
  for (const f of readdirSync(dir).filter((f) => f.startsWith("api.v1.") && f !== "api.v1.$.ts")) {
    const p = routePath(f, /^api\.v1\./);
    for (const m of routeMethods(readFileSync(path.join(dir, f), "utf8"))) {
      if (seen.has(`${m} /api/v1${p}`)) continue;
      ops.push({ method: m, path: p, url: (id = "1") => "/api/v1" + fill(p, id), security: [{ sessionCookie: [] }], documented: false });
    }
  }
  return ops;
}

/** The pages' form actions (Remix actions outside the API): they ride on the cookie too. */
export function pageActions(): { path: string; url: (id?: string) => string }[] {
  const dir = path.resolve("app/routes");
  return readdirSync(dir)
    .filter((f) => !f.startsWith("api.") && !f.startsWith("open311.") && /\.tsx?$/.test(f)) // Open311 is swept with the API
    .filter((f) => /export (const action\s*=|async function action|function action)/.test(readFileSync(path.join(dir, f), "utf8")))
    .map((f) => {
      const p = routePath(f, /^/);
      return { path: p, url: (id = "1") => fill(p, id) };
    });
}

/**
 * Row count and content digest of every table of the app's schema. Cheap on a test database and
 * catches inserts, deletes and updates alike. `except` leaves out bookkeeping tables that a
 * refused request may legitimately touch.
 */
export async function fingerprint(s: TestServer, except: string[] = []): Promise<Record<string, string>> {
  const rows = (r: any) => (r.rows ?? r) as any[];
  const tables = rows(await s.app.db.execute(sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`))
    .map((r) => String(r.t))
    .filter((t) => !except.includes(t));
  const parts = tables.map((t) => `select '${t}' as t, count(*)::text || ':' || coalesce(md5(string_agg(x::text, ',' order by x::text)), '') as f from "${t}" x`);
  const out: Record<string, string> = {};
  for (const r of rows(await s.app.db.execute(sql.raw(parts.join(" union all "))))) out[r.t] = r.f;
  return out;
}

/** Signs in through the API as a browser would and returns the `Cookie` header value. */
export async function cookieOf(s: TestServer, u: TestUser): Promise<string> {
  const r = await s.api("/auth/login", { body: { username: u.username, password: "password-123" } });
  if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
  return r.headers.get("set-cookie")!.split(";")[0];
}

export const FOREIGN = "https://evil.example";
