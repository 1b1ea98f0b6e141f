// Process-wide resources handed to every service (architecture.md "Resources are injected").
import type { Db } from "../../db/client";
import type { Config } from "./config";
import type { Publisher } from "./publisher";
import type { Viewer } from "~/domain/auth/types";
import { createLucia, type AppLucia } from "./auth/lucia";
import { createSessionCache, type SessionCache } from "./auth/session-cache";

export interface AppServices {
  db: Db;
  config: Config;
  publisher: Publisher;
  lucia: AppLucia;
  /** Validated sessions, briefly; see auth/session-cache.ts. */
  sessions: SessionCache;
  /** Injectable clock for time-derived state. */
  now: () => Date;
}

export function createServices(
  db: Db,
  config: Config,
  publisher: Publisher,
  opts: { now?: () => Date; sessions?: SessionCache } = {},
): AppServices {
  const now = opts.now ?? (() => new Date());
  return { db, config, publisher, lucia: createLucia(db, config), sessions: opts.sessions ?? createSessionCache(), now };
}

/** What a Remix loader or action receives as `context`. */
export type RequestContext = {
  app: AppServices;
  viewer: Viewer | null;
  sessionId: string | null;
  lang: Lang;
  ip: string;
  /** This request's Content-Security-Policy nonce (documents only; absent in development). */
  cspNonce?: string;
};

export type { Lang } from "~/i18n";
import type { Lang } from "~/i18n";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends RequestContext {}
  interface Future {
    v3_singleFetch: true;
  }
}
