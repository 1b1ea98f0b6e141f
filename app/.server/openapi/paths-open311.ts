// Open311 GeoReport v2 at the site root (/open311/v2), outside /api/v1: its path items carry
// their own `servers`, and refusals use Open311's error format.
import { IDEMPOTENCY_KEY_PATTERN } from "~/domain/validation";
import { categories } from "~/domain/petitions/workflow";
import { DESCRIPTION_MAX } from "~/domain/open311/schemas";
import { area, arr, bool, num, obj, oneOfStr, ref, str, time } from "./dsl";

const locale = { locale: { ...oneOfStr("zh-CN", "en"), description: "The language of names and messages (else Accept-Language; zh-CN by default)." } };

export const open311Paths = area(
  "Open311",
  {
    "/discovery.json": {
      get: {
        summary: "Service discovery",
        ok: { 200: { schema: obj({ changeset: str, contact: str, key_service: str, endpoints: arr(obj({ specification: str, url: str, changeset: str, type: str, formats: arr(str) })) }) } },
      },
    },
    "/services.json": {
      get: { summary: "Services: our case categories (metadata false, so no services/{code}.json)", query: { ...locale, jurisdiction_id: str }, ok: { 200: { schema: arr(ref("Open311Service")) } } },
    },
    "/requests.json": {
      get: {
        summary: "Published service requests (personal data masked), newest first",
        query: {
          ...locale,
          service_request_id: { type: "string", description: "Comma-separated tracking numbers." },
          service_code: { type: "string", description: "Comma-separated service codes." },
          status: { type: "string", description: "open, closed, or both comma-separated." },
          start_date: { ...time, description: "requested_datetime from (ISO 8601)." },
          end_date: { ...time, description: "requested_datetime until (ISO 8601)." },
          jurisdiction_id: { type: "string", description: "A mailbox slug or id: cases addressed or assigned to it." },
          page: { type: "integer", minimum: 1, maximum: 10000, default: 1 },
          page_size: { type: "integer", minimum: 1, maximum: 100, default: 50 },
        },
        ok: { 200: { schema: arr(ref("Open311Request")) } },
        errors: [400],
      },
      post: {
        summary: "File a service request (a case with the key's channel, mobile or hotline)",
        description:
          "Authenticate with the `X-Api-Key` header or the `api_key` field. `jurisdiction_id` is a mailbox slug (e.g. `city-mayor`) or id; without it the case goes to `city-online-office`. Hotline keys need the caller's name and phone. Send `Idempotency-Key` to make retries safe: the same key answers 200 with the same request. Location fields are optional: our cases are letters, not geo-reports.",
        auth: "apiKey",
        form: true,
        headers: { "Idempotency-Key": { type: "string", pattern: IDEMPOTENCY_KEY_PATTERN, description: "A retry with the same key gives the same request." } },
        body: {
          type: "object",
          required: ["service_code", "description"],
          properties: {
            api_key: { type: "string", description: "The API key, when not sent as X-Api-Key." },
            jurisdiction_id: str,
            service_code: oneOfStr(...categories),
            description: { type: "string", minLength: 1, maxLength: DESCRIPTION_MAX },
            first_name: { type: "string", maxLength: 25 },
            last_name: { type: "string", maxLength: 25 },
            phone: { type: "string", maxLength: 30 },
            email: { type: "string", format: "email", maxLength: 120 },
            address_string: { type: "string", maxLength: 150 },
            lat: num,
            long: num,
            public: { ...bool, description: "Extension: the petitioner consents to publication (default false)." },
            locale: oneOfStr("zh-CN", "en"),
          },
        },
        ok: {
          201: { schema: arr(ref("Open311Created")) },
          200: { schema: arr(ref("Open311Created")), description: "An idempotent retry: the request already filed (query_code null)." },
        },
        errors: [409, 429],
      },
    },
    "/requests/{id}.json": {
      get: { summary: "One published request by tracking number, as a one-element array", query: { ...locale }, ok: { 200: { schema: arr(ref("Open311Request")) } }, errors: [404] },
    },
  },
  { errorPrefix: "Open311", servers: [{ url: "/open311/v2", description: "Open311 GeoReport v2 at the site root" }] },
);
