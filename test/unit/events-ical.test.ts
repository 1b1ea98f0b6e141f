// iCalendar output (RFC 5545), read back with a small parser: CRLF line ends, folding at 75
// octets without splitting a UTF-8 character, TEXT escaping, UTC times, the required properties.
import { describe, expect, it } from "vitest";
import { buildIcs, escapeText, foldLine, formatUtc, parseIcs, unescapeText } from "../../app/domain/events/ical";

const octets = (s: string) => Buffer.byteLength(s, "utf8");

describe("escaping", () => {
  it("escapes backslash, semicolon, comma and newlines, and reads them back", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
    const nasty = "河源市，新华路; 会议室\\B座\n第二行,\n\n“引号”";
    expect(unescapeText(escapeText(nasty))).toBe(nasty.replace(/\r\n/g, "\n"));
  });
});

describe("folding", () => {
  it("keeps every physical line within 75 octets and never splits a character", () => {
    for (const line of ["DESCRIPTION:" + "a".repeat(300), "SUMMARY:" + "网友见面会".repeat(40), "LOCATION:" + "a文😀".repeat(50)]) {
      const folded = foldLine(line);
      const physical = folded.split("\r\n");
      expect(physical.length).toBeGreaterThan(1);
      for (const p of physical) expect(octets(p)).toBeLessThanOrEqual(75);
      for (const p of physical.slice(1)) expect(p.startsWith(" ")).toBe(true);
      expect(folded.includes("\uFFFD")).toBe(false);
      expect(folded.replace(/\r\n /g, "")).toBe(line);
    }
    expect(foldLine("SHORT:x")).toBe("SHORT:x");
    expect(foldLine("X:" + "a".repeat(73))).toBe("X:" + "a".repeat(73)); // exactly 75
    expect(foldLine("X:" + "a".repeat(74)).split("\r\n")).toHaveLength(2);
  });
});

describe("buildIcs", () => {
  const ics = buildIcs({
    uid: "event-42@example.org",
    stamp: new Date("2026-11-28T01:02:03.456Z"),
    start: new Date("2026-12-05T06:30:00Z"),
    end: new Date("2026-12-05T08:30:00Z"),
    summary: "网友见面会：公交线路优化, 听听你的意见; 第一期",
    location: "市民服务中心三楼会议室，新华路 1 号",
    url: "https://heyuan.example.org/events/42",
    description: "议程：\n1. 8 路公交加密班次\n2. 候车亭建设\\改造\n" + "长文本".repeat(60),
  });

  it("uses CRLF everywhere and ends with one", () => {
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "").includes("\n")).toBe(false);
    expect(ics.replace(/\r\n/g, "").includes("\r")).toBe(false);
    for (const line of ics.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it("has the calendar and event properties, times in UTC, values that parse back", () => {
    const props = parseIcs(ics);
    const names = props.map((p) => p.name);
    expect(names[0]).toBe("BEGIN");
    expect(props[0].value).toBe("VCALENDAR");
    expect(names).toEqual(
      expect.arrayContaining(["VERSION", "PRODID", "BEGIN", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL", "DESCRIPTION", "END"]),
    );
    const get = (n: string) => props.find((p) => p.name === n)!.value;
    expect(get("VERSION")).toBe("2.0");
    expect(get("UID")).toBe("event-42@example.org");
    expect(get("DTSTAMP")).toBe("20261128T010203Z");
    expect(get("DTSTART")).toBe("20261205T063000Z");
    expect(get("DTEND")).toBe("20261205T083000Z");
    expect(unescapeText(get("SUMMARY"))).toBe("网友见面会：公交线路优化, 听听你的意见; 第一期");
    expect(get("SUMMARY")).toContain("\\,");
    expect(get("SUMMARY")).toContain("\\;");
    expect(unescapeText(get("LOCATION"))).toBe("市民服务中心三楼会议室，新华路 1 号");
    expect(get("URL")).toBe("https://heyuan.example.org/events/42");
    expect(unescapeText(get("DESCRIPTION"))).toContain("2. 候车亭建设\\改造\n");
    // One VEVENT inside one VCALENDAR, properly nested.
    const blocks = props.filter((p) => p.name === "BEGIN" || p.name === "END").map((p) => `${p.name}:${p.value}`);
    expect(blocks).toEqual(["BEGIN:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "END:VCALENDAR"]);
  });

  it("formats UTC without separators or milliseconds", () => {
    expect(formatUtc(new Date("2027-03-05T01:00:00.999Z"))).toBe("20270305T010000Z");
  });
});
