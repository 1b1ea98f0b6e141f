// A small vocabulary for writing the OpenAPI 3.1 document by area (see index.ts): JSON Schema
// helpers and an operation builder that fills in security, path parameters and error answers
// the same way for every route.

export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const str: Schema = { type: "string" };
export const int: Schema = { type: "integer" };
export const num: Schema = { type: "number" };
export const bool: Schema = { type: "boolean" };
export const time: Schema = { type: "string", format: "date-time" };
export const idStr: Schema = { type: "string", pattern: "^[1-9][0-9]*$", description: "A numeric id, as a string." };
export const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: "null" }] });
export const arr = (items: Schema): Schema => ({ type: "array", items });
export const oneOfStr = (...values: string[]): Schema => ({ type: "string", enum: values });
/** An object whose listed properties are all required unless named in `optional`. */
export const obj = (properties: Record<string, Schema>, optional: string[] = []): Schema => ({
  type: "object",
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
});
/** Request bodies: every property optional unless named in `required`. */
export const input = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: "object",
  properties,
  ...(required.length ? { required } : {}),
});
/** `{items, nextCursor}` (api.md's list convention). */
export const page = (item: Schema): Schema => obj({ items: arr(item), nextCursor: nullable(str) });
/** A single object wrapped in its name: `{thread}`, `{petition}` … */
export const wrap = (name: string, s: Schema, extra: Record<string, Schema> = {}): Schema => obj({ [name]: s, ...extra });

export type Auth = "none" | "optional" | "user" | "admin" | "apiKey";
export type RoleName = "citizen" | "moderator" | "official" | "admin";

export interface OpSpec {
  summary: string;
  description?: string;
  auth?: Auth;
  /**
   * Published as `x-roles`: the only roles that may perform the operation on an object that is
   * not their own (the object's own people, named in the summary — author, host, organiser,
   * petitioner — may as well; `[]` means only they). Every other signed-in role is refused with
   * 403 whatever the body (test/security/matrix.test.ts holds the routes to it). `auth: "admin"`
   * implies `["admin"]`; absent means any signed-in user.
   */
  roles?: RoleName[];
  query?: Record<string, Schema & { description?: string; required?: boolean }>;
  headers?: Record<string, Schema & { description?: string }>;
  body?: Schema;
  /** Also accept application/x-www-form-urlencoded (Open311). */
  form?: boolean;
  ok: Record<
    number,
    {
      schema?: Schema;
      description?: string;
      type?: string;
      /** Further media types of the same answer (e.g. text/csv beside JSON, picked by a query parameter). */
      also?: Record<string, Schema>;
      headers?: Record<string, Schema & { description?: string }>;
    }
  >;
  errors?: number[];
}

const signedIn = [{ bearerAuth: [] }, { sessionCookie: [] }];

export function security(auth: Auth) {
  switch (auth) {
    case "none":
      return [];
    case "optional":
      return [{}, ...signedIn];
    case "apiKey":
      return [{ open311ApiKey: [] }];
    default:
      return signedIn;
  }
}

const errorNames: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  411: "LengthRequired",
  413: "PayloadTooLarge",
  429: "RateLimited",
};

/** Builds one operation. `errorPrefix` picks the error answers' family ("" = API v1, "Open311"). */
export function operation(method: string, path: string, tag: string, spec: OpSpec, errorPrefix = "") {
  const params: Schema[] = [];
  for (const m of path.matchAll(/\{([A-Za-z]+)\}/g)) {
    params.push({ name: m[1], in: "path", required: true, schema: m[1] === "id" && path.startsWith("/requests/") ? str : idStr });
  }
  for (const [name, s] of Object.entries(spec.query ?? {})) {
    const { description, required, ...schema } = s;
    params.push({ name, in: "query", required: Boolean(required), schema, ...(description ? { description } : {}) });
  }
  for (const [name, s] of Object.entries(spec.headers ?? {})) {
    const { description, ...schema } = s;
    params.push({ name, in: "header", required: false, schema, ...(description ? { description } : {}) });
  }
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(spec.ok)) {
    responses[status] = {
      description: r.description ?? "OK",
      ...(r.headers ? { headers: Object.fromEntries(Object.entries(r.headers).map(([name, { description, ...schema }]) => [name, { ...(description ? { description } : {}), schema }])) } : {}),
      ...(r.schema
        ? { content: { [r.type ?? "application/json"]: { schema: r.schema }, ...Object.fromEntries(Object.entries(r.also ?? {}).map(([type, schema]) => [type, { schema }])) } }
        : {}),
    };
  }
  const auth = spec.auth ?? "none";
  const errors = new Set(spec.errors ?? []);
  if (spec.body) errors.add(400);
  if (auth === "user" || auth === "admin" || auth === "apiKey") errors.add(401);
  if (auth === "admin" || auth === "apiKey") errors.add(403);
  if (params.some((p) => p.in === "path")) errors.add(404);
  for (const status of [...errors].sort()) responses[String(status)] = { $ref: `#/components/responses/${errorPrefix}${errorNames[status]}` };
  const camel = path
    .replace(/\{([A-Za-z]+)\}/g, "By-$1")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
  return {
    operationId: `${method}${errorPrefix}${camel}`,
    tags: [tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: security(auth),
    ...(auth === "admin" ? { "x-roles": ["admin"] } : spec.roles ? { "x-roles": spec.roles } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: spec.body },
              ...(spec.form ? { "application/x-www-form-urlencoded": { schema: spec.body } } : {}),
            },
          },
        }
      : {}),
    responses,
  };
}

export type Methods = Partial<Record<"get" | "post" | "put" | "patch" | "delete", OpSpec>>;

/** The path items of one area. */
export function area(tag: string, paths: Record<string, Methods>, opts: { errorPrefix?: string; servers?: { url: string; description: string }[] } = {}) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(paths)) {
    const item: Record<string, unknown> = opts.servers ? { servers: opts.servers } : {};
    for (const [method, spec] of Object.entries(methods)) item[method] = operation(method, path, tag, spec!, opts.errorPrefix);
    out[path] = item;
  }
  return out;
}

export const limitCursor = {
  limit: { type: "integer", minimum: 1, maximum: 100, description: "Page size (default 20, at most 100)." },
  cursor: { type: "string", description: "The `nextCursor` of the previous page." },
} as const;
