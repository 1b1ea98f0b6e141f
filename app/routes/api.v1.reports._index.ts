import { badRequest } from "~/.server/errors";
import { listReports } from "~/.server/forum/service";
import { api, jsonResponse } from "~/.server/http";

const statuses = ["open", "resolved", "dismissed"] as const;

export const loader = api(async ({ request, context }) => {
  const raw = new URL(request.url).searchParams.get("status") ?? "open";
  const status = statuses.find((s) => s === raw);
  if (!status) throw badRequest("invalid_input", { status: { key: "validation.invalid_choice" } });
  return jsonResponse({ items: await listReports(context.app, context.viewer, status), nextCursor: null });
});
