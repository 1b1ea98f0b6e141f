// The events forms' schemas: field errors as locale keys, Beijing-time form values, http(s)
// links only, the deadline before the start, capacity > 0, check-in codes, seeds, link lists.
import { describe, expect, it } from "vitest";
import {
  checkInSchema,
  drawSchema,
  eventCreateSchema,
  eventUpdateSchema,
  formatCode,
  normaliseCode,
  parseLinkRefs,
  parseMoment,
  toLocalInput,
} from "../../app/domain/events/schemas";
import { phaseAt } from "../../app/domain/events/types";
import { safeParse } from "../../app/domain/validation";

const good = {
  kind: "meetup",
  title: "公交线路优化网友见面会",
  description: "欢迎参加",
  startsAt: "2027-01-10T14:30",
  endsAt: "2027-01-10T16:30",
  registrationClosesAt: "2027-01-09T18:00",
  place: "市民服务中心",
  onlineUrl: "",
  capacity: "30",
  terms: "",
};

const fieldsOf = (input: unknown) => {
  const r = safeParse(eventCreateSchema, input);
  return r.ok ? {} : Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v.key]));
};

describe("eventCreateSchema", () => {
  it("reads the form's values: Beijing time, numbers, empty optionals", () => {
    const r = safeParse(eventCreateSchema, good);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.startsAt.toISOString()).toBe("2027-01-10T06:30:00.000Z");
    expect(r.data.capacity).toBe(30);
    expect(r.data.onlineUrl).toBeNull();
    expect(toLocalInput(r.data.startsAt)).toBe("2027-01-10T14:30");
  });

  it("accepts the API's ISO times with an offset and JSON numbers", () => {
    const r = safeParse(eventCreateSchema, { ...good, startsAt: "2027-01-10T06:30:00Z", endsAt: "2027-01-10T16:30:00+08:00", capacity: 5 });
    expect(r.ok).toBe(true);
  });

  it("names each problem with a locale key", () => {
    expect(fieldsOf({ ...good, title: " " })).toMatchObject({ title: "validation.required" });
    expect(fieldsOf({ ...good, kind: "party" })).toMatchObject({ kind: "validation.invalid_choice" });
    expect(fieldsOf({ ...good, capacity: "0" })).toMatchObject({ capacity: "validation.event_capacity" });
    expect(fieldsOf({ ...good, capacity: -3 })).toMatchObject({ capacity: "validation.event_capacity" });
    expect(fieldsOf({ ...good, capacity: "2.5" })).toMatchObject({ capacity: "validation.event_capacity" });
    expect(fieldsOf({ ...good, capacity: "" })).toMatchObject({ capacity: "validation.required" });
    expect(fieldsOf({ ...good, startsAt: "tomorrow" })).toMatchObject({ startsAt: "validation.invalid_date" });
    expect(fieldsOf({ ...good, startsAt: undefined })).toMatchObject({ startsAt: "validation.required" });
    expect(fieldsOf({ ...good, onlineUrl: "javascript:alert(1)" })).toMatchObject({ onlineUrl: "validation.event_url_scheme" });
    expect(fieldsOf({ ...good, onlineUrl: "ftp://example.org/x" })).toMatchObject({ onlineUrl: "validation.event_url_scheme" });
    expect(fieldsOf({ ...good, onlineUrl: "https://meeting.example.org/r/1" })).toEqual({});
    expect(fieldsOf({ ...good, place: "", onlineUrl: "" })).toMatchObject({ place: "validation.event_place_required" });
    expect(fieldsOf({ ...good, place: "", onlineUrl: "http://live.example.org" })).toEqual({});
    expect(fieldsOf({ ...good, registrationClosesAt: "2027-01-10T14:30" })).toMatchObject({ registrationClosesAt: "validation.event_deadline_before_start" });
    expect(fieldsOf({ ...good, endsAt: "2027-01-10T14:00" })).toMatchObject({ endsAt: "validation.event_end_after_start" });
    expect(fieldsOf({ ...good, title: "x".repeat(201) })).toMatchObject({ title: "validation.too_long" });
  });

  it("an edit takes any subset of the fields", () => {
    const r = safeParse(eventUpdateSchema, { capacity: "12" });
    expect(r.ok && r.data).toEqual({ capacity: 12 });
    expect(safeParse(eventUpdateSchema, { kind: "observe_sessions" }).ok).toBe(true); // ignored: the kind stays
  });
});

describe("moments and phases", () => {
  it("parses form and ISO values, refuses others", () => {
    expect(parseMoment("2027-03-05 09:00")?.toISOString()).toBe("2027-03-05T01:00:00.000Z");
    expect(parseMoment("2027-03-05T09:00:30")?.toISOString()).toBe("2027-03-05T01:00:30.000Z");
    expect(parseMoment("2027-03-05T01:00:00Z")?.toISOString()).toBe("2027-03-05T01:00:00.000Z");
    expect(parseMoment("05/03/2027")).toBeNull();
    expect(parseMoment("2027-02-30T25:00")).toBeNull();
  });

  it("derives the phase from the clock", () => {
    const e = { registrationClosesAt: "2027-01-09T10:00:00Z", startsAt: "2027-01-10T06:00:00Z", endsAt: "2027-01-10T08:00:00Z" };
    expect(phaseAt(e, new Date("2027-01-09T09:59:59Z"))).toBe("open");
    expect(phaseAt(e, new Date("2027-01-09T10:00:00Z"))).toBe("closed");
    expect(phaseAt(e, new Date("2027-01-10T07:00:00Z"))).toBe("ongoing");
    expect(phaseAt(e, new Date("2027-01-10T08:00:00Z"))).toBe("ended");
  });
});

describe("check-in codes, seeds and links", () => {
  it("normalises what is typed at the door", () => {
    expect(normaliseCode(" abc-d2f ")).toBe("ABCD2F");
    expect(formatCode("ABCD2F")).toBe("ABC-D2F");
    expect(safeParse(checkInSchema, { code: "abc-d2f" })).toEqual({ ok: true, data: { code: "ABCD2F" } });
    // 0, O, 1, I and L are not in the alphabet.
    expect(safeParse(checkInSchema, { code: "ABC0O1" }).ok).toBe(false);
    expect(safeParse(checkInSchema, { registrationId: "12" })).toEqual({ ok: true, data: { registrationId: 12 } });
  });

  it("accepts a hex seed of 16–128 digits, or none", () => {
    expect(safeParse(drawSchema, {})).toEqual({ ok: true, data: { seed: null } });
    expect(safeParse(drawSchema, { seed: " ABCDEF0123456789 " })).toEqual({ ok: true, data: { seed: "abcdef0123456789" } });
    const bad = safeParse(drawSchema, { seed: "not hex at all!!" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.fields.seed.key).toBe("validation.event_seed_format");
  });

  it("reads pasted thread and petition references", () => {
    expect(parseLinkRefs("https://x.org/t/12\n/t/13?page=2, 14 /t/12", "thread").map((l) => l.id)).toEqual(["12", "13", "14"]);
    expect(parseLinkRefs("hy20261205000123\n/petitions/7", "petition").map((l) => l.id)).toEqual(["HY20261205000123", "7"]);
  });
});
