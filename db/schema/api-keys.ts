// API keys for the Open311 GeoReport v2 channel (/open311/v2): one per integration (the 12345
// hotline's operator system, a mobile app), issued and revoked by administrators. The key is
// shown once at issue; only its SHA-256 is stored (a 32-byte random token needs no slow hash),
// with a short prefix in clear so that administrators can tell keys apart.
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

export const apiKeyChannels = ["mobile", "hotline"] as const;
export type ApiKeyChannel = (typeof apiKeyChannels)[number];

export const apiKeys = pgTable(
  "api_keys",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** The integration's name, e.g. "12345 热线话务系统". */
    name: text("name").notNull(),
    channel: text("channel").$type<ApiKeyChannel>().notNull(),
    /** The first characters of the key, in clear ("o311_AbCd…"): enough to recognise, not to use. */
    prefix: text("prefix").notNull(),
    /** SHA-256 (hex) of the whole key. */
    keyHash: text("key_hash").notNull(),
    /** Requests per minute for this key (Open311 reads and writes together). */
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(60),
    createdBy: bigint("created_by", { mode: "number" })
      .notNull()
      .references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
    revokedAt: ts("revoked_at"),
    revokedBy: bigint("revoked_by", { mode: "number" }).references(() => users.id),
    lastUsedAt: ts("last_used_at"),
  },
  (t) => [
    uniqueIndex("api_keys_key_hash_idx").on(t.keyHash),
    index("api_keys_created_idx").on(t.id.desc()),
    check("api_keys_channel", sql`${t.channel} in ('mobile', 'hotline')`),
    check("api_keys_rate_limit", sql`${t.rateLimitPerMinute} between 1 and 100000`),
  ],
);
