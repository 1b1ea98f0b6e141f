import { describe, expect, it } from "vitest";
import en from "../../app/locales/en";
import zhCN from "../../app/locales/zh-CN";
import { formatDateTime, getT } from "../../app/i18n";
import { pickLang } from "../../server/http-util";

function keys(o: object, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const base = (k: string) => k.replace(/_(one|other|zero|few|many|two)$/, "");

describe("locales", () => {
  it("English has every Chinese key and nothing else (plural forms aside)", () => {
    const zh = new Set(keys(zhCN));
    const e = new Set(keys(en).map(base));
    expect([...zh].filter((k) => !e.has(k))).toEqual([]);
    expect([...e].filter((k) => !zh.has(k))).toEqual([]);
  });

  it("every error code used by the server has a message in both languages", () => {
    for (const lang of ["zh-CN", "en"] as const) {
      const t = getT(lang);
      for (const code of Object.keys(zhCN.errors)) expect(t(`errors.${code}`)).not.toBe(`errors.${code}`);
    }
  });

  it("pluralises English and not Chinese", () => {
    expect(getT("en")("thread.replyCount", { count: 1 })).toBe("1 reply");
    expect(getT("en")("thread.replyCount", { count: 3 })).toBe("3 replies");
    expect(getT("zh-CN")("thread.replyCount", { count: 3 })).toBe("3 条回复");
  });

  it("prints times in Asia/Shanghai whatever the machine's zone", () => {
    expect(formatDateTime("2026-11-27T16:30:00Z", "zh-CN")).toContain("00:30");
    expect(formatDateTime("2026-11-27T16:30:00Z", "zh-CN")).toContain("28");
    // Midnight is 00:30 in English too (hour12: false gave "24:30" on Node, "00:30" in browsers).
    expect(formatDateTime("2026-11-27T16:30:00Z", "en")).toBe("11/28/2026, 00:30");
  });

  it("negotiates the API language from Accept-Language, Chinese by default", () => {
    expect(pickLang(undefined, undefined)).toBe("zh-CN");
    expect(pickLang(undefined, "en-US,en;q=0.9")).toBe("en");
    expect(pickLang(undefined, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(pickLang(undefined, "fr;q=0.4,en;q=0.8")).toBe("en");
    expect(pickLang("zh-CN", "en")).toBe("zh-CN");
    expect(pickLang("en", undefined)).toBe("en");
  });
});
