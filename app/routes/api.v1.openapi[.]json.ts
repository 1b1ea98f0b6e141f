// GET /api/v1/openapi.json — the OpenAPI 3.1 document of API v1 and Open311 (app/.server/openapi).
import { api, jsonResponse } from "~/.server/http";
import { openApiDocument } from "~/.server/openapi";

export const loader = api(async () => jsonResponse(openApiDocument(), 200, { "Access-Control-Allow-Origin": "*" }));
