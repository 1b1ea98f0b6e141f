// Open311's pure pieces: the request schema's field rules, titles from descriptions, the
// caller's name, and the two statuses.
import { describe, expect, it } from "vitest";
import { contactNameOf, open311RequestSchema, open311Status, titleFrom } from "../../app/domain/open311/schemas";
import { safeParse } from "../../app/domain/validation";

describe("open311RequestSchema", () => {
  it("accepts a form post and names each bad field with its locale key", () => {
    const ok = safeParse(open311RequestSchema, { service_code: "transport", description: " 公交 ", lat: "23.74", long: "114.7", public: "true", email: "" });
    expect(ok.ok && ok.data).toMatchObject({ service_code: "transport", description: "公交", lat: 23.74, long: 114.7, public: true, email: null });
    const bad = safeParse(open311RequestSchema, { service_code: "potholes", description: "", email: "x@", phone: "call me", lat: "north" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.fields).toMatchObject({
        service_code: { key: "validation.open311_unknown_service" },
        description: { key: "validation.required" },
        email: { key: "validation.open311_invalid_email" },
        phone: { key: "validation.phone_format" },
        lat: { key: "validation.invalid" },
      });
    }
    const missing = safeParse(open311RequestSchema, { description: "x" });
    expect(!missing.ok && missing.fields.service_code.key).toBe("validation.required");
  });
});

describe("helpers", () => {
  it("titles a case from the first non-empty line, cut at 40 characters", () => {
    expect(titleFrom("\n  路灯不亮  \n第二行")).toBe("路灯不亮");
    const long = titleFrom("很".repeat(60));
    expect([...long]).toHaveLength(40);
    expect(long.endsWith("…")).toBe(true);
  });

  it("writes Chinese names family name first, others first name first", () => {
    expect(contactNameOf("伟", "张")).toBe("张伟");
    expect(contactNameOf("Wei", "Zhang")).toBe("Wei Zhang");
    expect(contactNameOf(null, "张")).toBe("张");
    expect(contactNameOf(null, null)).toBeNull();
  });

  it("maps our seven statuses onto open and closed", () => {
    expect(["submitted", "accepted", "assigned", "replied", "reviewing"].map(open311Status)).toEqual(Array(5).fill("open"));
    expect(["closed", "rejected"].map(open311Status)).toEqual(["closed", "closed"]);
  });
});
