// Accounts, notifications, the forum and the document itself (api.md "Accounts", "Forum").
import { IDEMPOTENCY_KEY_PATTERN } from "~/domain/validation";
import { area, arr, bool, idStr, input, int, limitCursor, nullable, obj, oneOfStr, page, ref, str, wrap } from "./dsl";

const userToken = obj({ user: ref("User"), token: str });

export const accountPaths = area("Accounts", {
  "/auth/register": {
    post: {
      summary: "Create an account",
      body: input({ username: { type: "string", pattern: "^[a-z0-9_]{3,32}$" }, password: { type: "string", minLength: 8 }, displayName: str }, ["username", "password"]),
      ok: { 201: { schema: userToken } },
      errors: [409, 429],
    },
  },
  "/auth/login": {
    post: {
      summary: "Sign in; answers the token and sets the session cookie",
      body: input({ username: str, password: str }, ["username", "password"]),
      ok: { 200: { schema: userToken } },
      errors: [401, 429],
    },
  },
  "/auth/logout": { post: { summary: "Sign out; the token and its sockets stop working", auth: "user", ok: { 204: { description: "Signed out" } } } },
  "/me": {
    get: { summary: "The signed-in user", auth: "user", ok: { 200: { schema: wrap("user", ref("User")) } } },
    patch: { summary: "Edit one's own profile", auth: "user", body: input({ displayName: str, bio: str }), ok: { 200: { schema: wrap("user", ref("User")) } } },
  },
  "/admin/users/{id}": {
    patch: {
      summary: "Set a user's role, mailboxes or disabled flag",
      auth: "admin",
      body: input({
        role: oneOfStr("citizen", "moderator", "official", "admin"),
        mailboxes: arr(obj({ mailboxId: idStr, position: oneOfStr("handler", "leader") })),
        disabled: bool,
      }),
      ok: { 200: { schema: wrap("user", ref("User")) } },
    },
  },
  "/notifications": {
    get: {
      summary: "The signed-in user's notifications, newest first",
      auth: "user",
      query: { ...limitCursor },
      ok: { 200: { schema: { ...page(ref("Notification")), properties: { ...(page(ref("Notification")).properties as object), unread: int } } } },
    },
  },
  "/notifications/read": {
    post: { summary: "Mark notifications read", auth: "user", body: input({ ids: arr(idStr), all: { const: true } }), ok: { 200: { schema: { type: "object" } } } },
  },
  "/openapi.json": {
    get: { summary: "This document (OpenAPI 3.1)", ok: { 200: { schema: { type: "object", required: ["openapi", "info", "paths"] } } } },
  },
});

export const forumPaths = area("Forum", {
  "/threads": {
    get: {
      summary: "Threads of a section (both without `section`), pinned first, then newest activity",
      query: { section: oneOfStr("info", "forum"), ...limitCursor },
      ok: { 200: { schema: page(ref("Thread")) } },
      errors: [400],
    },
    post: {
      summary: "Start a thread (`info` needs an official or admin)",
      auth: "user",
      body: input({ section: oneOfStr("info", "forum"), title: { type: "string", maxLength: 200 }, body: { type: "string", maxLength: 20000 } }, ["section", "title", "body"]),
      ok: { 201: { schema: wrap("thread", ref("Thread")) } },
      errors: [403, 429],
    },
  },
  "/threads/{id}": {
    get: { summary: "A thread", auth: "optional", ok: { 200: { schema: wrap("thread", ref("Thread")) } } },
    patch: {
      summary: "Moderate (pinned, featured, locked, hidden) or, as the author, edit title and body", roles: ["moderator", "admin"],
      auth: "user",
      body: input({ pinned: bool, featured: bool, locked: bool, hidden: bool, title: str, body: str }),
      ok: { 200: { schema: wrap("thread", ref("Thread")) } },
      errors: [403],
    },
  },
  "/threads/{id}/history": { get: { summary: "Earlier versions of the opening post", auth: "optional", ok: { 200: { schema: { type: "object" } } } } },
  "/threads/{id}/posts": {
    get: { summary: "Replies, oldest first, after `after`", auth: "optional", query: { after: idStr, limit: limitCursor.limit }, ok: { 200: { schema: { type: "object", required: ["items"], properties: { items: arr(ref("Post")) } } } } },
    post: {
      summary: "Reply (served by the lean Express path, decision 009)",
      description: "`409 thread_locked`; `409 idempotency_key_reused` for a key already used for another reply.",
      auth: "user",
      headers: { "Idempotency-Key": { type: "string", pattern: IDEMPOTENCY_KEY_PATTERN, description: "Makes retries safe: the same key answers 200 with the reply already made." } },
      body: input({ body: { type: "string", maxLength: 20000 }, replyToId: idStr }, ["body"]),
      ok: { 201: { schema: wrap("post", ref("Post")) }, 200: { schema: wrap("post", ref("Post")), description: "An idempotent retry: the reply already made." } },
      errors: [409, 429],
    },
  },
  "/threads/{id}/petition": {
    post: {
      summary: "Turn a forum discussion into a petition (its author, moderators)",
      auth: "user",
      roles: ["moderator", "admin"],
      body: input({ mailboxId: idStr, category: str, public: bool, contactName: str, contactPhone: str, contactAddress: str }, ["mailboxId"]),
      ok: { 201: { schema: obj({ petition: nullable(ref("Petition")), queryCode: nullable(str) }) } },
      errors: [403, 409],
    },
  },
  "/posts/{id}": {
    get: { summary: "A reply", auth: "optional", ok: { 200: { schema: wrap("post", ref("Post")) } } },
    patch: { summary: "Edit (author) or hide (moderator) a reply", roles: ["moderator", "admin"], auth: "user", body: input({ body: str, hidden: bool }), ok: { 200: { schema: wrap("post", ref("Post")) } }, errors: [403] },
  },
  "/posts/{id}/history": { get: { summary: "A reply's edit history", auth: "optional", ok: { 200: { schema: { type: "object" } } } } },
  "/posts/{id}/reactions": {
    post: { summary: "Toggle a reaction", auth: "user", body: input({ kind: oneOfStr("helpful") }, ["kind"]), ok: { 200: { schema: wrap("post", ref("Post")) } } },
  },
  "/posts/{id}/reports": {
    post: { summary: "Report a reply", auth: "user", body: input({ reason: str }, ["reason"]), ok: { 201: { schema: { type: "object", required: ["report"] } } }, errors: [409, 429] },
  },
  "/reports": {
    get: { summary: "The reports queue (moderators)", roles: ["moderator", "admin"], auth: "user", query: { status: oneOfStr("open", "resolved", "dismissed"), ...limitCursor }, ok: { 200: { schema: page({ type: "object" }) } }, errors: [403] },
  },
  "/reports/{id}": {
    patch: {
      summary: "Resolve or dismiss a report (moderators)", roles: ["moderator", "admin"],
      auth: "user",
      body: input({ status: oneOfStr("resolved", "dismissed"), hidePost: bool }, ["status"]),
      ok: { 200: { schema: { type: "object", required: ["report"] } } },
      errors: [403, 409],
    },
  },
});
