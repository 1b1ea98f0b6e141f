import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const tiers = ["city", "county", "town"] as const;
export type Tier = (typeof tiers)[number];
export const mailboxKinds = ["leader", "department", "centre"] as const;
export type MailboxKind = (typeof mailboxKinds)[number];
export const positions = ["handler", "leader"] as const;
export type Position = (typeof positions)[number];

export const mailboxes = pgTable(
  "mailboxes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull().default(""),
    tier: text("tier").$type<Tier>().notNull(),
    kind: text("kind").$type<MailboxKind>().notNull(),
    parentId: bigint("parent_id", { mode: "number" }).references((): AnyPgColumn => mailboxes.id),
    // Stable key of the seeded tree (db/seed/mailboxes.ts); null for mailboxes admins add later.
    slug: text("slug"),
    sortOrder: integer("sort_order").notNull().default(0),
    // Mailboxes are retired, never deleted: cases keep pointing at them.
    active: boolean("active").notNull().default(true),
  },
  (t) => [index("mailboxes_parent_idx").on(t.parentId), uniqueIndex("mailboxes_slug_idx").on(t.slug)],
);

export const mailboxMembers = pgTable(
  "mailbox_members",
  {
    mailboxId: bigint("mailbox_id", { mode: "number" })
      .notNull()
      .references(() => mailboxes.id, { onDelete: "cascade" }),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    position: text("position").$type<Position>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.mailboxId, t.userId] }), index("mailbox_members_user_idx").on(t.userId)],
);
