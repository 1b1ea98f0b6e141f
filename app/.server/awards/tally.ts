// `award:tally` to `award:<id>` after votes, coalesced: at most one message per round every
// 250 ms from this node (a burst of votes becomes a few messages, each with the latest counts).
// The first vote after a quiet spell goes out at once. Counts are read after commit, when the
// message is sent, so a message never shows less than what was committed before it was read;
// a vote committing meanwhile schedules the next one.
import { and, asc, desc, eq } from "drizzle-orm";
import { awardCandidates, awardRounds } from "../../../db/schema";
import { resultsArePublic, roundState } from "~/domain/awards/rules";
import type { TallyDto } from "~/domain/awards/types";
import type { AppServices } from "../context";

export const TALLY_INTERVAL_MS = 250;

type Slot = { last: number; timer: ReturnType<typeof setTimeout> | null; inFlight: boolean; dirty: boolean };
// Per publisher (one per running server), so several servers in one process stay apart.
const slots = new WeakMap<object, Map<number, Slot>>();

/** The approved candidates' valid votes, most first (the order of the tally index). */
export async function readTally(app: AppServices, roundId: number): Promise<TallyDto[]> {
  const rows = await app.db
    .select({ id: awardCandidates.id, votes: awardCandidates.votes })
    .from(awardCandidates)
    .where(and(eq(awardCandidates.roundId, roundId), eq(awardCandidates.approved, true)))
    .orderBy(desc(awardCandidates.votes), asc(awardCandidates.id));
  return rows.map((r) => ({ candidateId: String(r.id), votes: r.votes }));
}

/** Sends the round's tally now, if its results are public at this moment. */
export async function publishTally(app: AppServices, roundId: number): Promise<boolean> {
  const [round] = await app.db
    .select({
      nominationOpensAt: awardRounds.nominationOpensAt,
      votingOpensAt: awardRounds.votingOpensAt,
      votingClosesAt: awardRounds.votingClosesAt,
      resultsVisibility: awardRounds.resultsVisibility,
    })
    .from(awardRounds)
    .where(eq(awardRounds.id, roundId));
  if (!round || !resultsArePublic(round.resultsVisibility, roundState(round, app.now()))) return false;
  const tallies = await readTally(app, roundId);
  app.publisher.publish(`award:${roundId}`, "award:tally", { awardId: String(roundId), tallies });
  return true;
}

/** Asks for a tally message soon (see the header). Call after commit. */
export function scheduleTally(app: AppServices, roundId: number): void {
  let rounds = slots.get(app.publisher);
  if (!rounds) {
    rounds = new Map();
    slots.set(app.publisher, rounds);
  }
  let slot = rounds.get(roundId);
  if (!slot) {
    slot = { last: 0, timer: null, inFlight: false, dirty: false };
    rounds.set(roundId, slot);
  }
  if (slot.timer) return; // one is due; it will read the latest counts
  // One is being read and sent: it may have read before this change committed, so send again after it.
  if (slot.inFlight) {
    slot.dirty = true;
    return;
  }
  arm(app, roundId, slot);
}

function arm(app: AppServices, roundId: number, slot: Slot) {
  const wait = Math.max(0, slot.last + TALLY_INTERVAL_MS - Date.now());
  slot.timer = setTimeout(() => {
    slot.timer = null;
    slot.inFlight = true;
    slot.dirty = false;
    publishTally(app, roundId)
      .catch(() => {})
      .finally(() => {
        // Spacing counts from when a message left, not from when its read began.
        slot.last = Date.now();
        slot.inFlight = false;
        if (slot.dirty) {
          slot.dirty = false;
          arm(app, roundId, slot);
        }
      });
  }, wait);
  slot.timer.unref?.();
}
