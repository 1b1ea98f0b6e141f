// Fixed-window counters in the database, so every node shares one count.
import { and, eq, lt, sql } from "drizzle-orm";
import { rateLimits } from "../../db/schema";
import type { AppServices } from "./context";
import { tooMany } from "./errors";

function windowOf(now: Date, windowSec: number) {
  const ms = windowSec * 1000;
  const start = new Date(Math.floor(now.getTime() / ms) * ms);
  const retryAfter = Math.max(1, Math.ceil((start.getTime() + ms - now.getTime()) / 1000));
  return { start, retryAfter };
}

/** Throws 429 when `bucket` already has `limit` hits in the current window. */
export async function assertUnder(app: AppServices, bucket: string, limit: number, windowSec: number) {
  if (!app.config.rateLimits) return;
  const { start, retryAfter } = windowOf(app.now(), windowSec);
  const row = await app.db
    .select({ hits: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.bucket, bucket), eq(rateLimits.windowStart, start)));
  if ((row[0]?.hits ?? 0) >= limit) throw tooMany(retryAfter);
}

/** Counts one hit; returns the count in the current window. */
export async function record(app: AppServices, bucket: string, windowSec: number): Promise<number> {
  if (!app.config.rateLimits) return 0;
  const { start } = windowOf(app.now(), windowSec);
  const [row] = await app.db
    .insert(rateLimits)
    .values({ bucket, windowStart: start, hits: 1 })
    .onConflictDoUpdate({ target: [rateLimits.bucket, rateLimits.windowStart], set: { hits: sql`${rateLimits.hits} + 1` } })
    .returning({ hits: rateLimits.hits });
  // Old windows are useless; sweep now and then rather than on a timer on every node.
  if (Math.random() < 0.01) {
    await app.db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(app.now().getTime() - 86_400_000)));
  }
  return row.hits;
}

/** Counts a hit and throws 429 once the window's limit is passed (posting bursts). */
export async function take(app: AppServices, bucket: string, limit: number, windowSec: number) {
  if (!app.config.rateLimits) return;
  const hits = await record(app, bucket, windowSec);
  if (hits > limit) throw tooMany(windowOf(app.now(), windowSec).retryAfter);
}
