// Rate limits in the database, so every node shares one count. Each bucket keeps a counter per
// fixed window; the limit is checked against a sliding estimate (this window plus the share of
// the previous one that still overlaps), so bursts across a window edge do not get twice the limit.
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { rateLimits } from "../../db/schema";
import type { AppServices } from "./context";
import { tooMany } from "./errors";

function windows(now: Date, windowSec: number) {
  const ms = windowSec * 1000;
  const start = Math.floor(now.getTime() / ms) * ms;
  const elapsed = (now.getTime() - start) / ms;
  return {
    current: new Date(start),
    previous: new Date(start - ms),
    /** share of the previous window still inside the sliding window */
    previousWeight: 1 - elapsed,
    retryAfter: Math.max(1, Math.ceil((start + ms - now.getTime()) / 1000)),
  };
}

async function slidingCount(app: AppServices, bucket: string, windowSec: number, w = windows(app.now(), windowSec)) {
  const rows = await app.db
    .select({ windowStart: rateLimits.windowStart, hits: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.bucket, bucket), inArray(rateLimits.windowStart, [w.current, w.previous])));
  let n = 0;
  for (const r of rows) n += r.windowStart.getTime() === w.current.getTime() ? r.hits : r.hits * w.previousWeight;
  return n;
}

/** Adds `delta` hits (atomically) and returns the sliding count afterwards. */
export async function record(app: AppServices, bucket: string, windowSec: number, delta = 1): Promise<number> {
  if (!app.config.rateLimits) return 0;
  const w = windows(app.now(), windowSec);
  await app.db
    .insert(rateLimits)
    .values({ bucket, windowStart: w.current, hits: Math.max(delta, 0) })
    .onConflictDoUpdate({
      target: [rateLimits.bucket, rateLimits.windowStart],
      set: { hits: sql`greatest(${rateLimits.hits} + ${delta}, 0)` },
    });
  // Old windows are useless; sweep now and then rather than on a timer on every node.
  if (Math.random() < 0.01) {
    await app.db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(app.now().getTime() - 86_400_000)));
  }
  return slidingCount(app, bucket, windowSec, w);
}

/** Counts a hit first, then throws 429 if that hit went over the limit (safe under concurrency). */
export async function take(app: AppServices, bucket: string, limit: number, windowSec: number) {
  if (!app.config.rateLimits) return;
  const n = await record(app, bucket, windowSec);
  if (n > limit) throw tooMany(windows(app.now(), windowSec).retryAfter);
}

/** Seconds until the current window ends: a fair Retry-After for a sliding limit. */
export function retryAfter(app: AppServices, windowSec: number) {
  return windows(app.now(), windowSec).retryAfter;
}
