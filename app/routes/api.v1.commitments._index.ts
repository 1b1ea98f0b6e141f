// GET /api/v1/commitments?year=&status= → {year, years, items, nextCursor: null} (one year, not
// paged: the ten places, then proposals, then dropped ones) · POST: create → 201 {commitment}.
import { createCommitment, listCommitments } from "~/.server/commitments/service";
import { api, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  return jsonResponse(await listCommitments(context.app, { year: q.get("year"), status: q.get("status") }));
});

export const action = methods({
  POST: async ({ request, context }) => jsonResponse({ commitment: await createCommitment(context.app, context.viewer, await readJson(request)) }, 201),
});
