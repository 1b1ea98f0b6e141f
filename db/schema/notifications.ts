// In-app notifications, pushed live to `user:<id>` and listed at /notifications.
import { bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

export const notifications = pgTable(
  "notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // A locale key suffix (notifications.kinds.<kind>) and its parameters.
    kind: text("kind").notNull(),
    data: jsonb("data").$type<Record<string, string | number | null>>().notNull(),
    url: text("url").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    readAt: ts("read_at"),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.id.desc())],
);
