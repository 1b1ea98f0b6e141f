import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import type { Db } from "../../../db/client";
import { sessions, users } from "../../../db/schema";
import { secureCookies, type Config } from "../config";

export function createLucia(db: Db, config: Config) {
  const secure = secureCookies(config);
  return new Lucia(new DrizzlePostgreSQLAdapter(db as never, sessions, users as never), {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      // __Host- pins the cookie to this exact origin over HTTPS.
      name: secure ? "__Host-session" : "session",
      expires: true,
      attributes: { secure, sameSite: "lax", path: "/" },
    },
    getUserAttributes: (a) => ({
      username: a.username,
      displayName: a.display_name ?? a.displayName,
      role: a.role,
      disabled: a.disabled,
    }),
  });
}

export type AppLucia = ReturnType<typeof createLucia>;

interface UserAttributes {
  username: string;
  displayName: string;
  display_name?: string;
  role: "citizen" | "moderator" | "official" | "admin";
  disabled: boolean;
}

declare module "lucia" {
  interface Register {
    Lucia: AppLucia;
    UserId: number;
    DatabaseUserAttributes: UserAttributes;
  }
}
