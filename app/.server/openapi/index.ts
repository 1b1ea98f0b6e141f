// The OpenAPI 3.1 document of the whole v1 API and of Open311, served at /api/v1/openapi.json.
// Written by area beside the routes it describes; test/integration/openapi.test.ts keeps it in
// step: every api.v1.* route file and method is documented, every documented path answers, $refs
// resolve, and live answers validate against the documented schemas.
import { responses, schemas, securitySchemes } from "./components";
import { accountPaths, forumPaths } from "./paths-core";
import { petitionPaths } from "./paths-petitions";
import { awardPaths, eventPaths, livePaths } from "./paths-engagement";
import { adminPaths } from "./paths-admin";
import { open311Paths } from "./paths-open311";
import { commitmentPaths, feedPaths } from "./paths-commitments";
import { insightPaths } from "./paths-insight";
import { searchPaths } from "./paths-search";

let cached: Record<string, unknown> | null = null;

export function openApiDocument(): Record<string, unknown> {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "公仆信箱 · Public Servant Mailbox API",
      version: "1",
      description:
        "The public API v1 (base path /api/v1) and Open311 GeoReport v2 (/open311/v2). JSON in and out; ids are strings; times ISO 8601 UTC; lists `{items, nextCursor}`; errors `{error: {code, message, fields?}}` in the language of Accept-Language (zh-CN default). Cookie-authenticated unsafe requests must come from the same origin; bearer tokens and Open311 API keys are exempt.",
    },
    servers: [{ url: "/api/v1", description: "API v1" }],
    tags: [
      { name: "Accounts" },
      { name: "Forum" },
      { name: "Petitions" },
      { name: "Officials online" },
      { name: "Meetups" },
      { name: "Awards" },
      { name: "Ten practical things", description: "The city's yearly list of ten commitments (十件实事): proposals, adoption, progress, follows." },
      { name: "Feeds", description: "Atom 1.0 feeds (RFC 4287) with ETag / Last-Modified revalidation." },
      { name: "Statistics and emerging issues", description: "Public volumes of letters and forum activity (JSON and CSV), and the daily emerging-issue run (苗头性、倾向性问题) for officials, moderators and administrators." },
      { name: "Search", description: "Typo- and substring-tolerant search of everything public (pg_trgm)." },
      { name: "Administration" },
      { name: "Open311", description: "GeoReport v2 for the mobile and hotline channels; at the site root, outside /api/v1." },
    ],
    paths: { ...accountPaths, ...forumPaths, ...petitionPaths, ...livePaths, ...eventPaths, ...awardPaths, ...commitmentPaths, ...feedPaths, ...insightPaths, ...searchPaths, ...adminPaths, ...open311Paths },
    components: { schemas, responses, securitySchemes },
  };
  return cached;
}
