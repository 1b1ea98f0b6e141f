// The Public Servant Mailbox (api.md "Petitions" and README's additions) and assessment.
import { IDEMPOTENCY_KEY_PATTERN } from "~/domain/validation";
import { categories } from "~/domain/petitions/workflow";
import { area, arr, bool, idStr, input, int, limitCursor, nullable, obj, oneOfStr, page, ref, str, time, wrap } from "./dsl";

const contact = { contactName: { type: "string", maxLength: 50 }, contactPhone: { type: "string", maxLength: 30 }, contactAddress: { type: "string", maxLength: 200 } };
const created = obj({ petition: ref("Petition"), queryCode: nullable(str) });

export const petitionPaths = area("Petitions", {
  "/mailboxes": { get: { summary: "The whole mailbox tree (active mailboxes), not paged", ok: { 200: { schema: obj({ items: arr(ref("Mailbox")) }) } } } },
  "/petitions": {
    get: {
      summary: "Officials' case list: open work red → yellow → green, or history by status", roles: ["official", "admin"],
      auth: "user",
      query: { mailboxId: idStr, status: str, light: oneOfStr("green", "yellow", "red", "none"), ...limitCursor },
      ok: { 200: { schema: page(ref("PetitionListItem")) } },
      errors: [400, 403],
    },
    post: {
      summary: "Write to a mailbox (channels mailbox, mobile, hotline)",
      auth: "user",
      headers: { "Idempotency-Key": { type: "string", pattern: IDEMPOTENCY_KEY_PATTERN, description: "Makes retries safe: the same key answers 200 with the case already filed." } },
      body: input(
        { mailboxId: idStr, title: { type: "string", maxLength: 200 }, body: { type: "string", maxLength: 20000 }, category: oneOfStr(...categories), public: bool, channel: oneOfStr("mailbox", "mobile", "hotline"), ...contact },
        ["mailboxId", "title", "body", "category"],
      ),
      ok: { 201: { schema: created }, 200: { schema: created, description: "An idempotent retry: the case already filed, `queryCode` null." } },
      errors: [403, 409, 429],
    },
  },
  "/petitions/{id}": { get: { summary: "A case with its full timeline (its petitioner, its mailboxes' officials, administrators; others: 404)", auth: "user", ok: { 200: { schema: wrap("petition", ref("Petition")) } } } },
  "/petitions/{id}/actions": {
    post: {
      summary: "A workflow action (accept, reject, propose, instruct, assign, reply, extend, supervise, feedback, rate, review, close)",
      auth: "user",
      body: { type: "object", required: ["action"], properties: { action: oneOfStr("accept", "reject", "propose", "instruct", "assign", "reply", "extend", "supervise", "feedback", "rate", "review", "close") } },
      ok: { 200: { schema: wrap("petition", ref("Petition")) } },
      errors: [403, 409],
    },
  },
  "/petitions/{id}/cosigns": { post: { summary: "Co-sign a case that came from a forum discussion", auth: "user", ok: { 201: { schema: obj({ cosignCount: int }) } }, errors: [403, 409] } },
  "/petitions/{id}/query-code": { post: { summary: "Issue a new query code (the petitioner)", roles: [], auth: "user", ok: { 201: { schema: { type: "object" } } }, errors: [403] } },
  "/petitions/mine": { get: { summary: "The signed-in petitioner's cases, newest first", auth: "user", query: { ...limitCursor }, ok: { 200: { schema: page(ref("PetitionListItem")) } } } },
  "/petitions/public": {
    get: { summary: "Published cases, personal data masked", query: { category: oneOfStr(...categories), mailboxId: idStr, ...limitCursor }, ok: { 200: { schema: page(ref("PublicPetition")) } }, errors: [400] },
  },
  "/petitions/supervision": {
    get: { summary: "Supervision board: yellow and red cases of every tier (admins)", auth: "admin", query: { tier: oneOfStr("city", "county", "town"), light: oneOfStr("yellow", "red"), ...limitCursor }, ok: { 200: { schema: page({ type: "object" }) } } },
  },
  "/petitions/track": {
    get: { summary: "Follow a case by tracking number and query code", query: { trackingNo: { ...str, required: true }, queryCode: { ...str, required: true } }, ok: { 200: { schema: ref("Track") } }, errors: [400, 404, 429] },
    post: { summary: "The same, with the pair in the body", body: input({ trackingNo: str, queryCode: str }, ["trackingNo", "queryCode"]), ok: { 200: { schema: ref("Track") } }, errors: [404, 429] },
  },
  "/stats/assessment": {
    get: {
      summary: "Assessment figures per mailbox for a period",
      query: { from: str, to: str, tier: oneOfStr("city", "county", "town"), mailboxId: idStr, sort: str, dir: oneOfStr("asc", "desc"), format: oneOfStr("json", "csv") },
      ok: { 200: { schema: obj({ from: str, to: str, start: time, end: time, generatedAt: time, items: arr(ref("AssessmentRow")) }) } },
      errors: [400],
    },
  },
  "/stats/assessment.csv": {
    get: { summary: "The same table as CSV for Excel (UTF-8 with a BOM)", query: { from: str, to: str, tier: str, mailboxId: idStr, sort: str, dir: str, lang: oneOfStr("zh-CN", "en") }, ok: { 200: { type: "text/csv", schema: str } }, errors: [400] },
  },
});
