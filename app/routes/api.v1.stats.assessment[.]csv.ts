// GET /api/v1/stats/assessment.csv?from=&to=&tier=&sort=&dir=&lang= — the assessment table for
// Excel: UTF-8 with a BOM, the header row in `lang` (else the request's language), one row per
// mailbox in the order of the ranking (`sort`, `dir`, as on the page).
import { assessmentCsvResponse } from "~/.server/petitions/assessment";
import { api } from "~/.server/http";

export const loader = api(async ({ request, context }) => assessmentCsvResponse(context.app, new URL(request.url), context.lang));
