// The case desk's pure helpers: days left on a time limit, the workbench's address, the
// mailbox picker, and masked Markdown for public views.
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  dueState,
  groupByTier,
  lightTotals,
  matchesMailbox,
  parseWorkbenchQuery,
  shanghaiDate,
  workbenchHref,
  addDaysIso,
} from "../../app/domain/petitions/desk";
import { maskMarkdown } from "../../app/.server/petitions/dto";
import { getT } from "../../app/i18n";

const now = "2026-11-28T00:00:00.000Z";
const at = (ms: number) => new Date(Date.parse(now) + ms).toISOString();

describe("dueState", () => {
  it("counts whole days left, rounding up", () => {
    expect(dueState(at(10 * DAY_MS), now)).toEqual({ kind: "left", days: 10 });
    expect(dueState(at(10 * DAY_MS - 1), now)).toEqual({ kind: "left", days: 10 });
    expect(dueState(at(DAY_MS + 1), now)).toEqual({ kind: "left", days: 2 });
    // The last hours still read "1 day left", never "0 days".
    expect(dueState(at(3_600_000), now)).toEqual({ kind: "left", days: 1 });
    expect(dueState(at(0), now)).toEqual({ kind: "left", days: 1 });
  });

  it("counts whole days overdue, rounding up", () => {
    expect(dueState(at(-1), now)).toEqual({ kind: "overdue", days: 1 });
    expect(dueState(at(-DAY_MS), now)).toEqual({ kind: "overdue", days: 1 });
    expect(dueState(at(-DAY_MS - 1), now)).toEqual({ kind: "overdue", days: 2 });
    expect(dueState(at(-30 * DAY_MS), now)).toEqual({ kind: "overdue", days: 30 });
  });

  it("has nothing to say without a deadline or with a bad date", () => {
    expect(dueState(null, now)).toBeNull();
    expect(dueState(undefined, now)).toBeNull();
    expect(dueState("not a date", now)).toBeNull();
  });

  it("accepts Date objects", () => {
    expect(dueState(new Date(Date.parse(now) + 2 * DAY_MS), new Date(now))).toEqual({ kind: "left", days: 2 });
  });

  it("reads in both languages, pluralised in English only", () => {
    expect(getT("zh-CN")("casePage.daysLeft", { count: 3 })).toBe("剩余 3 天");
    expect(getT("zh-CN")("casePage.overdue", { count: 2 })).toBe("已超期 2 天");
    expect(getT("en")("casePage.daysLeft", { count: 1 })).toBe("1 day left");
    expect(getT("en")("casePage.daysLeft", { count: 3 })).toBe("3 days left");
    expect(getT("en")("casePage.overdue", { count: 1 })).toBe("overdue by 1 day");
    expect(getT("en")("casePage.overdue", { count: 4 })).toBe("overdue by 4 days");
  });
});

describe("dates for forms", () => {
  it("gives the Shanghai calendar date", () => {
    expect(shanghaiDate("2026-11-27T15:59:59Z")).toBe("2026-11-27");
    expect(shanghaiDate("2026-11-27T16:00:00Z")).toBe("2026-11-28");
  });

  it("adds days", () => {
    expect(addDaysIso("2026-11-28T00:00:00.000Z", 60)).toBe("2027-01-27T00:00:00.000Z");
  });
});

describe("the workbench's address", () => {
  const parse = (s: string, admin = false) => parseWorkbenchQuery(new URLSearchParams(s), { admin });

  it("defaults to the inbox with no filters", () => {
    expect(parse("")).toEqual({ view: "inbox", mailboxId: null, light: null, status: null, tier: null, cursor: null });
  });

  it("keeps valid filters of the inbox", () => {
    expect(parse("mailbox=46&light=red&status=assigned&cursor=WzEsMiwzXQ")).toEqual({
      view: "inbox",
      mailboxId: "46",
      light: "red",
      status: "assigned",
      tier: null,
      cursor: "WzEsMiwzXQ",
    });
  });

  it("drops what it does not know instead of failing", () => {
    expect(parse("view=nope&mailbox=abc&light=purple&status=closed&tier=town&cursor=%3Cscript%3E")).toEqual({
      view: "inbox",
      mailboxId: null,
      light: null,
      // closed is history, not open work
      status: null,
      tier: null,
      cursor: null,
    });
    expect(parse(`cursor=${"a".repeat(201)}`).cursor).toBeNull();
  });

  it("history: replied by default, no light filter", () => {
    expect(parse("view=history")).toMatchObject({ view: "history", status: "replied", light: null });
    expect(parse("view=history&status=rejected&light=red")).toMatchObject({ view: "history", status: "rejected", light: null });
    expect(parse("view=history&status=assigned")).toMatchObject({ status: "replied" });
  });

  it("supervision is for administrators, with tier and red/yellow only", () => {
    expect(parse("view=supervision").view).toBe("inbox");
    expect(parse("view=supervision&tier=county&light=yellow&mailbox=4", true)).toEqual({
      view: "supervision",
      mailboxId: null,
      light: "yellow",
      status: null,
      tier: "county",
      cursor: null,
    });
    expect(parse("view=supervision&light=green", true).light).toBeNull();
  });

  it("builds addresses that parse back to the same filters", () => {
    expect(workbenchHref({})).toBe("/workbench");
    expect(workbenchHref({ view: "inbox" })).toBe("/workbench");
    expect(workbenchHref({ view: "history", status: "replied" })).toBe("/workbench?view=history");
    const q = { view: "supervision" as const, mailboxId: null, light: "red" as const, status: null, tier: "town" as const, cursor: "abc" };
    expect(parseWorkbenchQuery(new URL(workbenchHref(q), "http://x").searchParams, { admin: true })).toEqual(q);
    const inbox = { view: "inbox" as const, mailboxId: "46", light: "green" as const, status: "submitted" as const, tier: null, cursor: null };
    expect(parseWorkbenchQuery(new URL(workbenchHref(inbox), "http://x").searchParams, { admin: false })).toEqual(inbox);
  });
});

describe("the mailbox picker", () => {
  const list = [
    { id: "1", name: "市长信箱", nameEn: "Mayor", tier: "city" as const },
    { id: "2", name: "仙塘镇综治信访维稳中心", nameEn: "Xiantang Town Centre", tier: "town" as const },
    { id: "3", name: "东源县教育局", nameEn: "Dongyuan County Education Bureau", tier: "county" as const },
    { id: "4", name: "市教育局", nameEn: "Municipal Education Bureau", tier: "city" as const },
  ];

  it("groups by tier, city first, keeping the order within a tier", () => {
    expect(groupByTier(list).map((g) => [g.tier, g.items.map((m) => m.id)])).toEqual([
      ["city", ["1", "4"]],
      ["county", ["3"]],
      ["town", ["2"]],
    ]);
    expect(groupByTier(list.filter((m) => m.tier === "town")).map((g) => g.tier)).toEqual(["town"]);
  });

  it("matches either name, ignoring case and spaces", () => {
    expect(list.filter((m) => matchesMailbox(m, "教育")).map((m) => m.id)).toEqual(["3", "4"]);
    expect(list.filter((m) => matchesMailbox(m, "education bureau")).map((m) => m.id)).toEqual(["3", "4"]);
    expect(list.filter((m) => matchesMailbox(m, " 仙 塘 ")).map((m) => m.id)).toEqual(["2"]);
    expect(list.filter((m) => matchesMailbox(m, "")).length).toBe(4);
    expect(list.filter((m) => matchesMailbox(m, "nothing")).length).toBe(0);
  });
});

describe("light totals", () => {
  it("lists red, yellow, green with zeros filled in", () => {
    expect(lightTotals({ yellow: 2 })).toEqual([
      { light: "red", count: 0 },
      { light: "yellow", count: 2 },
      { light: "green", count: 0 },
    ]);
  });
});

describe("masked Markdown", () => {
  const mask = (s: string) => s.replace(/1[3-9]\d{9}/g, (m) => `${m.slice(0, 3)}****${m.slice(7)}`).replace(/陈静/g, "陈*");

  it("keeps the masker's stars as stars instead of emphasis", () => {
    const r = maskMarkdown(mask, "本人陈静经常换乘，电话 13912345678。");
    expect(r.text).toBe("本人陈*经常换乘，电话 139****5678。");
    expect(r.html).toContain("陈*经常换乘，电话 139****5678");
    expect(r.html).not.toContain("<em>");
  });

  it("leaves the author's own Markdown working", () => {
    const r = maskMarkdown(mask, "**请尽快**处理，联系 13912345678");
    expect(r.text).toBe("**请尽快**处理，联系 139****5678");
    expect(r.html).toContain("<strong>请尽快</strong>");
    expect(r.html).toContain("139****5678");
  });
});
