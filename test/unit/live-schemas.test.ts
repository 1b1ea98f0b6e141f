// Officials online: the forms' and the API's schemas (one each, shared by browser and server).
import { describe, expect, it } from "vitest";
import {
  answerSchema,
  parseInstant,
  questionConversionSchema,
  questionCreateSchema,
  questionPatchSchema,
  sessionCreateSchema,
  sessionPatchSchema,
  toLocalInput,
} from "../../app/domain/live/schemas";
import { safeParse } from "../../app/domain/validation";

const base = { title: " 停车难在线交流 ", mailboxId: "46", startsAt: "2026-12-01T15:00", endsAt: "2026-12-01T16:30" };

describe("times", () => {
  it("reads datetime-local values as Shanghai time and ISO instants as given", () => {
    expect(parseInstant("2026-12-01T15:00")?.toISOString()).toBe("2026-12-01T07:00:00.000Z");
    expect(parseInstant("2026-12-01 15:00:30")?.toISOString()).toBe("2026-12-01T07:00:30.000Z");
    expect(parseInstant("2026-12-01T07:00:00Z")?.toISOString()).toBe("2026-12-01T07:00:00.000Z");
    expect(parseInstant("2026-12-01T15:00:00+08:00")?.toISOString()).toBe("2026-12-01T07:00:00.000Z");
    expect(parseInstant("tomorrow")).toBeNull();
    expect(parseInstant("2026-13-45T99:00")).toBeNull();
    expect(toLocalInput("2026-12-01T07:00:00.000Z")).toBe("2026-12-01T15:00");
  });
});

describe("sessionCreateSchema", () => {
  it("accepts a form's strings, moderated by default, and trims", () => {
    const r = safeParse(sessionCreateSchema, base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ title: "停车难在线交流", mailboxId: 46, moderated: true, description: "" });
    expect(r.data.hostId).toBeUndefined();
    expect(r.data.startsAt.toISOString()).toBe("2026-12-01T07:00:00.000Z");
    const off = safeParse(sessionCreateSchema, { ...base, moderated: false, hostId: "" });
    expect(off.ok && off.data.moderated).toBe(false);
    const json = safeParse(sessionCreateSchema, { ...base, mailboxId: 46, hostId: 7, moderated: "on" });
    expect(json.ok && json.data).toMatchObject({ hostId: 7, moderated: true });
  });

  it("names the field at fault", () => {
    const fields = (input: unknown) => {
      const r = safeParse(sessionCreateSchema, input);
      return r.ok ? {} : Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v.key]));
    };
    expect(fields({ ...base, endsAt: "2026-12-01T14:00" })).toEqual({ endsAt: "validation.ends_before_start" });
    expect(fields({ ...base, endsAt: "2026-12-01T15:00" })).toEqual({ endsAt: "validation.ends_before_start" });
    expect(fields({ ...base, endsAt: "2026-12-02T03:01" })).toEqual({ endsAt: "validation.session_too_long" });
    expect(fields({ ...base, startsAt: "soon" })).toEqual({ startsAt: "validation.invalid_date" });
    expect(fields({ ...base, title: "  " })).toEqual({ title: "validation.required" });
    expect(fields({ ...base, title: "x".repeat(201) }).title).toBe("validation.too_long");
    expect(fields({ ...base, mailboxId: "abc" }).mailboxId).toBeDefined();
    expect(fields({ ...base, hostId: "0" }).hostId).toBeDefined();
  });
});

describe("sessionPatchSchema", () => {
  it("takes a partial change, end only as true, and a highlight id or null", () => {
    expect(safeParse(sessionPatchSchema, { end: true }).ok).toBe(true);
    expect(safeParse(sessionPatchSchema, { end: false }).ok).toBe(false);
    const clear = safeParse(sessionPatchSchema, { highlightedQuestionId: null });
    expect(clear.ok && clear.data.highlightedQuestionId).toBeNull();
    const set = safeParse(sessionPatchSchema, { highlightedQuestionId: "12" });
    expect(set.ok && set.data.highlightedQuestionId).toBe(12);
    expect(safeParse(sessionPatchSchema, { hostId: 3 }).ok).toBe(false); // unknown keys are refused
    expect(safeParse(sessionPatchSchema, { startsAt: "2026-12-01T15:00", endsAt: "2026-12-01T14:00" }).ok).toBe(false);
  });
});

describe("questions", () => {
  it("limits a question to 500 characters and an answer to 5,000", () => {
    expect(safeParse(questionCreateSchema, { body: " 问题 " }).ok).toBe(true);
    expect(safeParse(questionCreateSchema, { body: "   " }).ok).toBe(false);
    expect(safeParse(questionCreateSchema, { body: "问".repeat(500) }).ok).toBe(true);
    expect(safeParse(questionCreateSchema, { body: "问".repeat(501) }).ok).toBe(false);
    expect(safeParse(answerSchema, { body: "答".repeat(5000) }).ok).toBe(true);
    expect(safeParse(answerSchema, { body: "答".repeat(5001) }).ok).toBe(false);
  });

  it("moderation is approve or hide, nothing else", () => {
    expect(safeParse(questionPatchSchema, { status: "approved" }).ok).toBe(true);
    expect(safeParse(questionPatchSchema, { status: "hidden" }).ok).toBe(true);
    expect(safeParse(questionPatchSchema, { status: "pending" }).ok).toBe(false);
    expect(safeParse(questionPatchSchema, { status: "approved", votes: 9 }).ok).toBe(false);
  });

  it("a conversion defaults to the category 'other' and never publishes without consent", () => {
    const r = safeParse(questionConversionSchema, {});
    expect(r.ok && r.data).toMatchObject({ category: "other", public: false, contactName: null });
    expect(safeParse(questionConversionSchema, { category: "transport", public: "on" }).ok).toBe(true);
    expect(safeParse(questionConversionSchema, { category: "gossip" }).ok).toBe(false);
  });
});
