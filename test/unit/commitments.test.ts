// The ten practical things' pure rules and forms, and the Atom writer: who may do what, the
// status machine, progress 0–100, prefill from the address, and feeds that stay well-formed
// Atom (RFC 4287) whatever the titles hold.
import { describe, expect, it } from "vitest";
import {
  abilities,
  canTransition,
  createRefusal,
  formatYuan,
  mayEdit,
  mayRecordProgress,
  mayTransition,
  type CommitmentActor,
} from "../../app/domain/commitments/rules";
import { commitmentCreateSchema, commitmentPatchSchema, parseDay, progressSchema, readPrefill } from "../../app/domain/commitments/schemas";
import { parseMilestoneLines } from "../../app/domain/commitments/ui";
import { safeParse } from "../../app/domain/validation";
import { atomResponse, buildAtom, escapeXml, tagUri, type AtomFeed } from "../../app/.server/feeds/atom";
import { atomProblems, childrenNamed, parseXml } from "../support/xml";

const admin: CommitmentActor = { id: 1, role: "admin", mailboxIds: [] };
const owner: CommitmentActor = { id: 2, role: "official", mailboxIds: [10] };
const otherOfficial: CommitmentActor = { id: 3, role: "official", mailboxIds: [11] };
const moderator: CommitmentActor = { id: 4, role: "moderator", mailboxIds: [] };
const citizen: CommitmentActor = { id: 5, role: "citizen", mailboxIds: [] };
const adopted = { status: "adopted" as const, ownerMailboxId: 10, createdBy: 1, progress: 40 };

describe("who may do what", () => {
  it("creates: admins in any status; owners' officials and moderators only propose", () => {
    expect(createRefusal(admin, { status: "adopted", ownerMailboxId: 10 })).toBeNull();
    expect(createRefusal(owner, { status: "proposed", ownerMailboxId: 10 })).toBeNull();
    expect(createRefusal(owner, { status: "adopted", ownerMailboxId: 10 })).toBe("commitment_adopt_forbidden");
    expect(createRefusal(otherOfficial, { status: "proposed", ownerMailboxId: 10 })).toBe("commitment_create_forbidden");
    expect(createRefusal(moderator, { status: "proposed", ownerMailboxId: 10 })).toBeNull();
    expect(createRefusal(citizen, { status: "proposed", ownerMailboxId: 10 })).toBe("commitment_create_forbidden");
    expect(createRefusal(null, { status: "proposed", ownerMailboxId: 10 })).toBe("unauthorized");
  });

  it("progress and edits belong to the owner mailbox and admins; a proposer edits only their proposal", () => {
    expect(mayRecordProgress(owner, adopted)).toBe(true);
    expect(mayRecordProgress(admin, adopted)).toBe(true);
    expect(mayRecordProgress(otherOfficial, adopted)).toBe(false);
    expect(mayRecordProgress(citizen, adopted)).toBe(false);
    expect(mayEdit(moderator, { ...adopted, status: "proposed", createdBy: 4 })).toBe(true);
    expect(mayEdit(moderator, { ...adopted, createdBy: 4 })).toBe(false);
    // A citizen who somehow sits in a mailbox is still no official.
    expect(mayRecordProgress({ id: 9, role: "citizen", mailboxIds: [10] }, adopted)).toBe(false);
  });

  it("status: proposed → adopted → done, anything → dropped, nothing back", () => {
    expect(canTransition("proposed", "adopted")).toBe(true);
    expect(canTransition("adopted", "done")).toBe(true);
    expect(canTransition("done", "adopted")).toBe(false);
    expect(canTransition("proposed", "done")).toBe(false);
    expect(canTransition("dropped", "adopted")).toBe(false);
    for (const s of ["proposed", "adopted", "done"] as const) expect(canTransition(s, "dropped")).toBe(true);
    expect(mayTransition(owner, adopted, "done")).toBe(true);
    expect(mayTransition(owner, adopted, "dropped")).toBe(false);
    expect(mayTransition(owner, adopted, "adopted")).toBe(false);
    expect(abilities(owner, adopted)).toMatchObject({ progress: true, complete: false, drop: false, adopt: false });
    expect(abilities(owner, { ...adopted, progress: 100 }).complete).toBe(true);
    expect(abilities(citizen, adopted)).toMatchObject({ progress: false, edit: false, follow: true });
    expect(abilities(null, adopted).follow).toBe(false);
  });
});

describe("forms", () => {
  it("progress is a whole number from 0 to 100", () => {
    expect(safeParse(progressSchema, { progress: "65" })).toMatchObject({ ok: true, data: { progress: 65, note: "" } });
    for (const bad of [-1, 101, 50.5, "abc", "", null]) expect(safeParse(progressSchema, { progress: bad }).ok).toBe(false);
    const r = safeParse(progressSchema, { progress: 101 });
    expect(!r.ok && r.fields.progress.key).toBe("validation.commitment_progress_range");
  });

  it("adopting needs an ordinal 1–10; a proposal has none; budgets are whole yuan", () => {
    const base = { year: 2026, title: "新增学位", ownerMailboxId: "10" };
    expect(safeParse(commitmentCreateSchema, { ...base, budgetYuan: "1,200,000" })).toMatchObject({ ok: true, data: { budgetYuan: 1_200_000, status: "proposed", ordinal: null } });
    expect(safeParse(commitmentCreateSchema, { ...base, status: "adopted" }).ok).toBe(false);
    expect(safeParse(commitmentCreateSchema, { ...base, status: "adopted", ordinal: 11 }).ok).toBe(false);
    expect(safeParse(commitmentCreateSchema, { ...base, status: "proposed", ordinal: 3 }).ok).toBe(false);
    expect(safeParse(commitmentCreateSchema, { ...base, budgetYuan: -5 }).ok).toBe(false);
    expect(safeParse(commitmentPatchSchema, { progress: 5 }).ok).toBe(false); // progress has its own endpoint
  });

  it("reads the emerging-issues prefill and drops what does not read cleanly", () => {
    const p = readPrefill(new URLSearchParams("title=公交&summary=线路太绕&threads=12,15，x&petitions=7&mailbox=42"));
    expect(p).toEqual({ title: "公交", summary: "线路太绕", threadIds: [], petitionIds: [7], mailboxId: 42 });
    expect(readPrefill(new URLSearchParams("threads=12, 15,12")).threadIds).toEqual([12, 15]);
    expect(readPrefill(new URLSearchParams("mailbox=abc")).mailboxId).toBeNull();
  });

  it("milestone lines and days in Beijing time", () => {
    expect(parseMilestoneLines("2026-06-30 完成招标\n\n开工")).toEqual([{ dueOn: "2026-06-30", title: "完成招标" }, { title: "开工" }]);
    expect(parseDay("2026-06-30")?.toISOString()).toBe("2026-06-29T16:00:00.000Z");
    expect(parseDay("2026-02-31")).toBeNull();
  });

  it("formats budgets in yuan", () => {
    expect(formatYuan(180_000_000, "zh-CN")).toBe("¥1.8 亿元");
    expect(formatYuan(18_000_000, "zh-CN")).toBe("¥1,800 万元");
    expect(formatYuan(5_000, "zh-CN")).toBe("¥5,000 元");
    expect(formatYuan(18_000_000, "en")).toBe("¥18,000,000");
  });
});

describe("Atom", () => {
  const hostile = 'A <script>alert("x")</script> & B ]]> \u0000\u0001\u001f\u0008\uFFFE end \uD800 ok 🚌';
  const feed = (entries: AtomFeed["entries"]): AtomFeed => ({
    id: tagUri("https://gov.example.cn", "feed/info"),
    title: hostile,
    updated: new Date("2026-11-20T02:00:00Z"),
    selfHref: "https://gov.example.cn/api/v1/feeds/info.atom?a=1&b=2",
    alternateHref: "https://gov.example.cn/info",
    base: "https://gov.example.cn",
    lang: "zh-CN",
    author: { name: "公仆信箱 & <co>" },
    entries,
  });
  const entry = (n: number) => ({
    id: tagUri("https://gov.example.cn", `thread/${n}`),
    title: `${hostile} ${n}`,
    updated: new Date(Date.UTC(2026, 10, n)),
    published: new Date(Date.UTC(2026, 10, n)),
    link: `https://gov.example.cn/t/${n}`,
    author: { name: `官员 ${n} "quoted"`, uri: "https://gov.example.cn/u/a?x=1&y=2" },
    contentHtml: `<p>正文 &amp; <a href="/t/1">链接</a> ]]> ${hostile}</p>`,
  });

  it("stays well-formed and meets RFC 4287 with hostile titles, escaping markup and dropping forbidden characters", () => {
    const xml = buildAtom(feed([entry(1), entry(2)]));
    const root = parseXml(xml);
    expect(atomProblems(root)).toEqual([]);
    const title = childrenNamed(root, "title")[0].text;
    expect(title).toBe('A <script>alert("x")</script> & B ]]>  end  ok 🚌');
    expect(xml).not.toContain("<script>");
    const e = childrenNamed(root, "entry")[0];
    expect(childrenNamed(e, "content")[0].attrs.type).toBe("html");
    // The content is the HTML as text: a reader gets the markup back once unescaped.
    expect(childrenNamed(e, "content")[0].text).toContain('<a href="/t/1">链接</a>');
    expect(childrenNamed(root, "link").find((l) => l.attrs.rel === "self")?.attrs.href).toBe("https://gov.example.cn/api/v1/feeds/info.atom?a=1&b=2");
    expect(root.attrs["xml:base"]).toBe("https://gov.example.cn/");
  });

  it("the checker itself refuses broken XML and broken Atom", () => {
    expect(() => parseXml("<feed><title>a & b</title></feed>")).toThrow();
    expect(() => parseXml("<feed><title>x</feed></title>")).toThrow();
    expect(() => parseXml("<feed>\u0001</feed>")).toThrow();
    expect(atomProblems(parseXml('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>x</id></entry></feed>')).length).toBeGreaterThan(2);
    expect(escapeXml("\u0007a<b")).toBe("a&lt;b");
  });

  it("answers 304 to a matching ETag or a fresh If-Modified-Since", async () => {
    const f = feed([entry(3)]);
    const first = atomResponse(new Request("https://gov.example.cn/f.atom"), f);
    expect(first.status).toBe(200);
    expect(first.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const etag = first.headers.get("ETag")!;
    expect(atomResponse(new Request("https://x/f", { headers: { "If-None-Match": etag } }), f).status).toBe(304);
    expect(atomResponse(new Request("https://x/f", { headers: { "If-None-Match": '"other"' } }), f).status).toBe(200);
    expect(atomResponse(new Request("https://x/f", { headers: { "If-Modified-Since": first.headers.get("Last-Modified")! } }), f).status).toBe(304);
    expect(atomResponse(new Request("https://x/f", { headers: { "If-Modified-Since": "Sun, 01 Nov 2026 00:00:00 GMT" } }), f).status).toBe(200);
  });
});
