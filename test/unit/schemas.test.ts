import { describe, expect, it } from "vitest";
import { postCreateSchema, threadCreateSchema, threadPatchSchema } from "../../app/domain/forum/schemas";
import { registerSchema } from "../../app/domain/auth/schemas";
import { safeParse } from "../../app/domain/validation";

describe("form schemas", () => {
  it("trims and bounds titles and bodies", () => {
    expect(safeParse(threadCreateSchema, { section: "forum", title: "  标题 ", body: " 正文 " })).toEqual({
      ok: true,
      data: { section: "forum", title: "标题", body: "正文" },
    });
    const r = safeParse(threadCreateSchema, { section: "news", title: "   ", body: "x".repeat(20_001) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.fields.section.key).toBe("validation.invalid_choice");
      expect(r.fields.title.key).toBe("validation.required");
      expect(r.fields.body).toEqual({ key: "validation.too_long", params: { max: 20_000 } });
    }
    expect(safeParse(threadCreateSchema, { section: "forum", title: "t".repeat(201), body: "b" }).ok).toBe(false);
    expect(safeParse(threadCreateSchema, { section: "forum", title: "t".repeat(200), body: "b".repeat(20_000) }).ok).toBe(true);
  });

  it("reports a missing field as required", () => {
    const r = safeParse(postCreateSchema, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fields.body.key).toBe("validation.required");
  });

  it("accepts reply ids as strings or numbers and rejects other shapes", () => {
    expect(safeParse(postCreateSchema, { body: "x", replyToId: "12" })).toMatchObject({ ok: true, data: { replyToId: 12 } });
    expect(safeParse(postCreateSchema, { body: "x", replyToId: 12 })).toMatchObject({ ok: true, data: { replyToId: 12 } });
    expect(safeParse(postCreateSchema, { body: "x", replyToId: "1 or 1=1" }).ok).toBe(false);
  });

  it("thread flags take booleans and reject unknown keys", () => {
    expect(safeParse(threadPatchSchema, { pinned: true, locked: "false" })).toEqual({ ok: true, data: { pinned: true, locked: false } });
    expect(safeParse(threadPatchSchema, { authorId: "1" }).ok).toBe(false);
  });

  it("usernames are 3–32 of [a-z0-9_], lower-cased", () => {
    expect(safeParse(registerSchema, { username: "Zhang_Wei", password: "12345678" })).toMatchObject({ ok: true, data: { username: "zhang_wei" } });
    for (const username of ["ab", "a".repeat(33), "张伟", "a-b", "a b"]) {
      expect(safeParse(registerSchema, { username, password: "12345678" }).ok).toBe(false);
    }
    expect(safeParse(registerSchema, { username: "abc", password: "1234567" }).ok).toBe(false);
  });
});
