// Administration: the mailbox tree, its members, and Open311 API keys.
import { apiKeyChannels, RATE_LIMIT_MAX } from "~/domain/open311/schemas";
import { area, arr, bool, idStr, input, int, obj, oneOfStr, ref, str, wrap } from "./dsl";

const adminMailbox = { ...ref("Mailbox") };

export const adminPaths = area("Administration", {
  "/admin/mailboxes": {
    get: { summary: "The whole tree with retired mailboxes and member counts", auth: "admin", ok: { 200: { schema: obj({ items: arr(adminMailbox) }) } } },
    post: {
      summary: "Add a mailbox (no cycles; a parent is never of a lower tier)",
      auth: "admin",
      body: input({ name: str, nameEn: str, tier: oneOfStr("city", "county", "town"), kind: oneOfStr("leader", "department", "centre"), parentId: idStr, sortOrder: int, active: bool }, ["name", "tier", "kind"]),
      ok: { 201: { schema: wrap("mailbox", ref("Mailbox")) } },
    },
  },
  "/admin/mailboxes/{id}": {
    get: { summary: "A mailbox with its members", auth: "admin", ok: { 200: { schema: obj({ mailbox: { type: "object" } }) } } },
    patch: { summary: "Edit, move or retire a mailbox", auth: "admin", body: input({ name: str, nameEn: str, parentId: idStr, sortOrder: int, active: bool }), ok: { 200: { schema: wrap("mailbox", ref("Mailbox")) } }, errors: [409] },
  },
  "/admin/mailboxes/{id}/members/{userId}": {
    put: { summary: "Add a member or change their position", auth: "admin", body: input({ position: oneOfStr("handler", "leader") }, ["position"]), ok: { 200: { schema: { type: "object" } } } },
    delete: { summary: "Remove a member", auth: "admin", ok: { 200: { schema: { type: "object" } }, 204: { description: "Removed" } } },
  },
  "/admin/api-keys": {
    get: { summary: "Open311 API keys, active first (never the keys themselves)", auth: "admin", ok: { 200: { schema: obj({ items: arr(ref("ApiKey")) }) } } },
    post: {
      summary: "Issue a key for an integration; the answer carries the key, this once",
      auth: "admin",
      body: input({ name: { type: "string", minLength: 1, maxLength: 100 }, channel: oneOfStr(...apiKeyChannels), rateLimitPerMinute: { type: "integer", minimum: 1, maximum: RATE_LIMIT_MAX, default: 60 } }, ["name", "channel"]),
      ok: { 201: { schema: obj({ apiKey: ref("ApiKey"), key: { type: "string", pattern: "^o311_[A-Za-z0-9_-]{43}$" } }) } },
    },
  },
  "/admin/api-keys/{id}": {
    delete: { summary: "Revoke a key at once (it stays listed as revoked)", auth: "admin", ok: { 200: { schema: wrap("apiKey", ref("ApiKey")) } }, errors: [409] },
  },
});

