// Officials online: a session's state is derived from its times (and an early end) when read.
import { describe, expect, it } from "vitest";
import { byAnswered, byNewest, byVotes, effectiveEnd, msUntilNextState, petitionTitleFrom, sessionState, type LiveQuestionDto } from "../../app/domain/live/types";

const startsAt = new Date("2026-12-01T07:00:00.000Z");
const endsAt = new Date("2026-12-01T08:30:00.000Z");
const at = (iso: string) => new Date(iso);

describe("sessionState", () => {
  const s = { startsAt, endsAt, endedAt: null };

  it("is scheduled before the start, live from the start (inclusive) until the end (exclusive), ended from the end", () => {
    expect(sessionState(s, startsAt.getTime() - 1)).toBe("scheduled");
    expect(sessionState(s, startsAt)).toBe("live");
    expect(sessionState(s, startsAt.getTime() + 1)).toBe("live");
    expect(sessionState(s, endsAt.getTime() - 1)).toBe("live");
    expect(sessionState(s, endsAt)).toBe("ended");
    expect(sessionState(s, at("2030-01-01T00:00:00Z"))).toBe("ended");
  });

  it("ends early from the moment the host ended it", () => {
    const early = { ...s, endedAt: at("2026-12-01T07:40:00.000Z") };
    expect(sessionState(early, at("2026-12-01T07:39:59.999Z"))).toBe("live");
    expect(sessionState(early, at("2026-12-01T07:40:00.000Z"))).toBe("ended");
    expect(effectiveEnd(early)).toBe(Date.parse("2026-12-01T07:40:00.000Z"));
    // An endedAt after endsAt changes nothing: the session ended by time.
    const late = { ...s, endedAt: at("2026-12-01T09:00:00.000Z") };
    expect(effectiveEnd(late)).toBe(endsAt.getTime());
    expect(sessionState(late, endsAt)).toBe("ended");
  });

  it("accepts ISO strings as the wire carries them", () => {
    const wire = { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), endedAt: null };
    expect(sessionState(wire, startsAt)).toBe("live");
    expect(sessionState(wire, endsAt)).toBe("ended");
  });

  it("counts down to the next change of state", () => {
    expect(msUntilNextState(s, startsAt.getTime() - 5000)).toBe(5000);
    expect(msUntilNextState(s, startsAt)).toBe(90 * 60_000);
    expect(msUntilNextState(s, endsAt)).toBeNull();
  });
});

describe("question order", () => {
  const q = (id: string, votes: number, answeredAt?: string) =>
    ({ id, votes, answer: answeredAt ? { createdAt: answeredAt } : null }) as unknown as LiveQuestionDto;
  it("most votes first, ties oldest first; newest first; answered in the order answered", () => {
    const list = [q("3", 2), q("1", 5), q("2", 2), q("10", 0)];
    expect([...list].sort(byVotes).map((x) => x.id)).toEqual(["1", "2", "3", "10"]);
    expect([...list].sort(byNewest).map((x) => x.id)).toEqual(["10", "3", "2", "1"]);
    const answered = [q("1", 0, "2026-12-01T07:30:00Z"), q("2", 0, "2026-12-01T07:10:00Z"), q("3", 0, "2026-12-01T07:20:00Z")];
    expect(answered.sort(byAnswered).map((x) => x.id)).toEqual(["2", "3", "1"]);
  });
});

describe("petitionTitleFrom", () => {
  it("takes the first non-empty line and cuts long ones with an ellipsis, by characters", () => {
    expect(petitionTitleFrom("\n  公交站台什么时候建好？  \n补充说明")).toBe("公交站台什么时候建好？");
    const long = "这".repeat(80);
    const t = petitionTitleFrom(long);
    expect([...t]).toHaveLength(60);
    expect(t.endsWith("…")).toBe(true);
    expect(petitionTitleFrom("😀".repeat(61))).toBe(`${"😀".repeat(59)}…`);
  });
});
