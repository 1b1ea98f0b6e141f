// GET /api/v1/stats/assessment?from=&to= (api.md): public, not paged. Additions: `tier` and
// `mailboxId` filters, `format=csv` (the same as /api/v1/stats/assessment.csv).
import { assessment, assessmentCsvResponse } from "~/.server/petitions/assessment";
import { api, jsonResponse } from "~/.server/http";

export const loader = api(async ({ request, context }) => {
  const url = new URL(request.url);
  const q = url.searchParams;
  if (q.get("format") === "csv") return assessmentCsvResponse(context.app, url, context.lang);
  return jsonResponse(await assessment(context.app, { from: q.get("from"), to: q.get("to"), tier: q.get("tier"), mailboxId: q.get("mailboxId") }));
});
