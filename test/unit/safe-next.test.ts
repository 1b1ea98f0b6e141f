import { describe, expect, it } from "vitest";
import { safeNext } from "../../app/.server/auth/pages";

describe("safeNext", () => {
  it.each([
    ["/forum", "/forum"],
    ["/t/5?page=2#p-9", "/t/5?page=2#p-9"],
    [null, "/"],
    ["https://evil.example", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["/\t/evil.example/x", "/"],
    ["/\n/evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("%j → %j", (raw, expected) => {
    expect(safeNext(raw as string | null)).toBe(expected);
  });
});
