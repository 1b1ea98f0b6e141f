import { badRequest } from "~/.server/errors";
import { listReports } from "~/.server/forum/service";
import { api, jsonResponse } from "~/.server/http";

const statuses = ["open", "resolved", "dismissed"] as const;

export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  const raw = q.get("status") ?? "open";
  const status = statuses.find((s) => s === raw);
  if (!status) throw badRequest("invalid_input", { status: { key: "validation.invalid_choice" } });
  return jsonResponse(await listReports(context.app, context.viewer, status, { cursor: q.get("cursor"), limit: q.get("limit") }));
});
