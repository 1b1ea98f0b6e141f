// GET /api/v1/stats/volumes?from=&to=&granularity=day|week|month&by=category|tier|county|channel
//   &source=petitions|forum&metric=threads|posts — public, aggregate counts per period and group
// (definitions: app/.server/insight/stats.ts). `format=csv` answers the CSV, as volumes.csv does.
import { volumes, volumesCsvResponse } from "~/.server/insight/stats";
import { api, jsonResponse } from "~/.server/http";

export const loader = api(async ({ request, context }) => {
  const url = new URL(request.url);
  if (url.searchParams.get("format") === "csv") return volumesCsvResponse(context.app, url, context.lang);
  return jsonResponse(await volumes(context.app, Object.fromEntries(url.searchParams)));
});
