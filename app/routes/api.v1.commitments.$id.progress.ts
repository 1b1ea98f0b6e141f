// GET /api/v1/commitments/:id/progress → {items} (the history, newest first) · POST {progress
// 0–100, note?}: the owner mailbox's officials or admins → 201 {entry, progress, notified}.
import { getCommitment, progressHistory, recordProgress } from "~/.server/commitments/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ context, params }) => {
  const id = idParam(params.id);
  await getCommitment(context.app, context.viewer, id);
  return jsonResponse({ items: await progressHistory(context.app.db, id) });
});

export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse(await recordProgress(context.app, context.viewer, idParam(params.id), await readJson(request)), 201),
});
