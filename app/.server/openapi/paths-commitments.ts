// The yearly ten practical things (十件实事) and the Atom feeds (README "Ten practical things").
// Request bodies follow app/domain/commitments/schemas.ts; answers the DTOs of its types.ts.
import { TITLE_MAX } from "~/domain/forum/types";
import {
  BUDGET_MAX,
  commitmentStatuses,
  LINKS_MAX,
  MILESTONE_TITLE_MAX,
  MILESTONES_MAX,
  NOTE_MAX,
  ORDINAL_MAX,
  PROGRESS_MAX,
  SUMMARY_MAX,
  YEAR_MAX,
  YEAR_MIN,
} from "~/domain/commitments/types";
import { area, arr, bool, idStr, input, int, nullable, obj, oneOfStr, ref, str, wrap, type Schema } from "./dsl";

const year: Schema = { type: "integer", minimum: YEAR_MIN, maximum: YEAR_MAX };
const ordinal: Schema = { type: "integer", minimum: 1, maximum: ORDINAL_MAX, description: "The place in the year's list (unique per year)." };
const title: Schema = { type: "string", minLength: 1, maxLength: TITLE_MAX };
const summary: Schema = { type: "string", maxLength: SUMMARY_MAX, description: "Markdown." };
const budgetYuan: Schema = { ...nullable({ type: "integer", minimum: 0, maximum: BUDGET_MAX }), description: "Whole yuan; null (or empty) for no published budget." };
const dueOn: Schema = { ...nullable(str), description: "A day `YYYY-MM-DD` (Beijing time) or an ISO 8601 instant; null clears it." };
const milestoneTitle: Schema = { type: "string", minLength: 1, maxLength: MILESTONE_TITLE_MAX };
const ids: Schema = { ...arr(idStr), maxItems: LINKS_MAX, description: "Ids (a comma-separated string is accepted too); threads must be visible, petitions published." };
const strict = (s: Schema): Schema => ({ ...s, additionalProperties: false });

export const commitmentPaths = area("Ten practical things", {
  "/commitments": {
    get: {
      summary: "One year's commitments, not paged: places 1–10, then proposals, then dropped ones",
      query: {
        year: { ...year, description: "The year (default: the current year in Beijing)." },
        status: oneOfStr(...commitmentStatuses),
      },
      ok: { 200: { schema: obj({ year: int, years: { ...arr(int), description: "Every year that has commitments, newest first." }, items: arr(ref("CommitmentSummary")), nextCursor: { type: "null" } }) } },
      errors: [400],
    },
    post: {
      summary: "Propose (the owner mailbox's officials, moderators) or adopt (admins, with an ordinal) a commitment",
      description:
        "Creates its Development Forum discussion in the same transaction. `403 commitment_create_forbidden | commitment_adopt_forbidden`, `409 ordinal_taken`, `400 petition_not_public`.",
      auth: "user",
      body: input(
        {
          year,
          title,
          summary,
          ownerMailboxId: idStr,
          budgetYuan,
          status: { ...oneOfStr("proposed", "adopted"), default: "proposed" },
          ordinal: { ...ordinal, description: "Required when adopted, refused when proposed." },
          milestones: { ...arr(input({ title: milestoneTitle, dueOn }, ["title"])), maxItems: MILESTONES_MAX },
          threadIds: ids,
          petitionIds: ids,
        },
        ["year", "title", "ownerMailboxId"],
      ),
      ok: { 201: { schema: wrap("commitment", ref("Commitment")) } },
      errors: [403, 409],
    },
  },
  "/commitments/{id}": {
    get: { summary: "A commitment with milestones, progress history, links and the viewer's abilities", auth: "optional", ok: { 200: { schema: wrap("commitment", ref("Commitment")) } } },
    patch: {
      summary: "Edit the details, or change the status: adopted (with ordinal, admins), done (at 100%), dropped (admins)",
      description: "`ownerMailboxId` and `ordinal` are for admins. `409 invalid_transition | commitment_not_finished | ordinal_taken`.",
      auth: "user",
      body: strict(input({ year, title, summary, ownerMailboxId: idStr, budgetYuan, status: oneOfStr("adopted", "done", "dropped"), ordinal })),
      ok: { 200: { schema: wrap("commitment", ref("Commitment")) } },
      errors: [403, 409],
    },
  },
  "/commitments/{id}/progress": {
    get: { summary: "The progress history, newest first", auth: "optional", ok: { 200: { schema: obj({ items: arr(ref("ProgressEntry")) }) } } },
    post: {
      summary: "Report progress (the owner mailbox's officials, admins); notifies every follower",
      description: "Publishes `commitment:progress` to the room `commitment:<id>`. `409 commitment_not_adopted` unless adopted.",
      auth: "user",
      body: input({ progress: { type: "integer", minimum: 0, maximum: PROGRESS_MAX }, note: { type: "string", maxLength: NOTE_MAX, description: "Markdown." } }, ["progress"]),
      ok: { 201: { schema: obj({ entry: ref("ProgressEntry"), progress: int, notified: { ...int, description: "Followers notified (the author excepted)." } }) } },
      errors: [403, 409],
    },
  },
  "/commitments/{id}/milestones": {
    post: {
      summary: "Add a milestone (editors)",
      auth: "user",
      body: input({ title: milestoneTitle, dueOn }, ["title"]),
      ok: { 201: { schema: wrap("milestone", ref("Milestone")) } },
      errors: [403, 409],
    },
  },
  "/commitments/{id}/milestones/{milestoneId}": {
    patch: {
      summary: "Tick off or reopen a milestone, or edit its title or due day (editors)",
      auth: "user",
      body: strict(input({ title: milestoneTitle, dueOn, done: bool })),
      ok: { 200: { schema: wrap("milestone", ref("Milestone")) } },
      errors: [403],
    },
  },
  "/commitments/{id}/follow": {
    put: { summary: "Follow (again: the same answer); progress reports then notify", auth: "user", ok: { 200: { schema: obj({ following: { const: true }, followers: int }) } } },
    delete: { summary: "Stop following", auth: "user", ok: { 200: { schema: obj({ following: { const: false }, followers: int }) } } },
  },
  "/commitments/{id}/links": {
    get: { summary: "The threads and published letters that motivated it", auth: "optional", ok: { 200: { schema: obj({ items: arr(ref("CommitmentLink")) }) } } },
    post: {
      summary: "Link a visible thread or a published letter (admins, moderators, the owner mailbox's officials)",
      description: "`400 petition_not_public`, `409 already_linked | too_many_links`.",
      auth: "user",
      body: { oneOf: [strict(input({ threadId: idStr }, ["threadId"])), strict(input({ petitionId: idStr }, ["petitionId"]))] },
      ok: { 201: { schema: wrap("link", ref("CommitmentLink")) } },
      errors: [403, 409],
    },
  },
  "/commitments/{id}/links/{linkId}": {
    delete: { summary: "Remove a link", auth: "user", ok: { 204: { description: "Removed" } }, errors: [403] },
  },
});

// Atom 1.0 (RFC 4287): readers revalidate with the validators and get 304 when nothing changed.
const conditional = {
  "If-None-Match": { type: "string", description: "An ETag from an earlier answer: 304 when it still matches." },
  "If-Modified-Since": { type: "string", description: "An HTTP date: 304 when nothing is newer (If-None-Match wins when both are sent)." },
};
const validators = {
  ETag: { type: "string", description: "A strong validator of the feed's bytes." },
  "Last-Modified": { type: "string", description: "The newest entry's time (HTTP date)." },
  "Cache-Control": { type: "string", description: "`public, no-cache`: revalidate every time." },
};
const atom = (summary: string, description: string) => ({
  summary,
  description: `${description} The 50 newest entries, \`tag:\` ids, absolute links from PUBLIC_URL or the request's origin, \`content type="html"\` of the safe rendered HTML.`,
  headers: conditional,
  ok: {
    200: { type: "application/atom+xml", schema: { ...str, description: "An Atom 1.0 feed (`application/atom+xml; charset=utf-8`)." }, headers: validators },
    304: { description: "Not modified: the feed still matches If-None-Match / If-Modified-Since (no body).", headers: validators },
  },
});

export const feedPaths = area("Feeds", {
  "/feeds/info.atom": { get: atom("Public Information as Atom", "Threads of the Public Information section (hidden ones left out), newest first.") },
  "/feeds/official-replies.atom": { get: atom("Officials' replies as Atom", "Replies posted as an official in visible threads, and mailboxes' replies to published letters (masked as on the case page); replies to unpublished letters never appear.") },
  "/feeds/commitments/{id}.atom": { get: atom("A commitment's progress reports as Atom", "The commitment's progress reports, newest first, and last the commitment itself.") },
});
