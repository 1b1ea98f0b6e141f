// POST /api/v1/insight/runs — administrators: compute today's emerging issues again now →
// 201 {run}; another run in progress → 409 insight_run_in_progress.
import { recompute } from "~/.server/insight/service";
import { jsonResponse, methods } from "~/.server/http";

export const action = methods({
  POST: async ({ context }) => jsonResponse({ run: await recompute(context.app, context.viewer) }, 201),
});
