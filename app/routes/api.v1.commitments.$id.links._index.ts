// GET /api/v1/commitments/:id/links → {items} · POST {threadId} | {petitionId} → 201 {link}
// (visible threads; only published petitions: 400 petition_not_public otherwise).
import { addLink, getCommitment } from "~/.server/commitments/service";
import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ context, params }) => {
  const c = await getCommitment(context.app, context.viewer, idParam(params.id));
  return jsonResponse({ items: c.links });
});

export const action = methods({
  POST: async ({ request, context, params }) =>
    jsonResponse({ link: await addLink(context.app, context.viewer, idParam(params.id), await readJson(request)) }, 201),
});
