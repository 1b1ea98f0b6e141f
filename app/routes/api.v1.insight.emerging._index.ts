// GET /api/v1/insight/emerging?day=YYYY-MM-DD — officials, moderators, administrators: the latest
// (or that day's) run of the emerging-issue detector, `{run, topics, groups}`.
import { emergingIssues } from "~/.server/insight/service";
import { api, jsonResponse } from "~/.server/http";

export const loader = api(async ({ request, context }) => {
  const day = new URL(request.url).searchParams.get("day");
  return jsonResponse(await emergingIssues(context.app, context.viewer, { day: day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null }));
});
