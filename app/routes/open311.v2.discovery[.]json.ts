// GET /open311/v2/discovery.json — Open311 service discovery: one production endpoint, JSON only.
import { discovery } from "~/.server/open311/service";
import { baseUrlOf, methodNotAllowed, open311, open311Json } from "~/.server/open311/http";

export const loader = open311(async ({ request, context }) => open311Json(discovery(baseUrlOf(request, context), "2026-11-28T00:00:00Z")));
export const action = methodNotAllowed;
