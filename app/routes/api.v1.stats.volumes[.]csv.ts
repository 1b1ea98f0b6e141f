// GET /api/v1/stats/volumes.csv?… (the same parameters as /api/v1/stats/volumes, plus `lang`):
// one row per period and group, UTF-8 with a BOM for Excel, the header in `lang` (else the
// request's language). Aggregates only.
import { volumesCsvResponse } from "~/.server/insight/stats";
import { api } from "~/.server/http";

export const loader = api(async ({ request, context }) => volumesCsvResponse(context.app, new URL(request.url), context.lang));
