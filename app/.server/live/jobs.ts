// Scheduled work of officials online (server/scheduler.ts): sessions that ended by time get
// their transcript published to Public Information. Every node runs it; a transaction-scoped
// advisory lock lets one node do each round, and writeTranscript's check of
// transcript_thread_id under the session's row lock makes it idempotent besides (the host
// ending a session publishes it the same way).
import { and, asc, isNull, or, lte, sql } from "drizzle-orm";
import { liveSessions } from "../../../db/schema";
import { rowsOf } from "../../../db/rows";
import { liveRoom } from "~/domain/live/types";
import type { AppServices } from "../context";
import { getSessionDto, stateDto } from "./service";
import { writeTranscript } from "./transcript";

/** Any stable 64-bit key shared by all nodes (deadline notices use another). */
const LOCK_KEY = 0x6c69_7665_7478; // "livetx"
const BATCH = 20;

export async function runLiveTranscripts(app: AppServices): Promise<{ published: number[]; skipped: boolean }> {
  const now = app.now();
  const published = await app.db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as ok`));
    if (!lock?.ok) return null;
    const due = await tx
      .select({ id: liveSessions.id })
      .from(liveSessions)
      .where(and(isNull(liveSessions.transcriptThreadId), or(lte(liveSessions.endsAt, now), lte(liveSessions.endedAt, now))))
      .orderBy(asc(liveSessions.id))
      .limit(BATCH);
    const done: number[] = [];
    for (const { id } of due) if ((await writeTranscript(tx, id, now)) !== null) done.push(id);
    return done;
  });
  if (!published) return { published: [], skipped: true };
  // Pages on the session learn that it has ended and where its transcript is.
  for (const id of published) {
    const dto = await getSessionDto(app, id);
    if (dto) app.publisher.publish(liveRoom(id), "live:state", { sessionId: String(id), state: stateDto(dto) });
  }
  return { published, skipped: false };
}
