// Administrators' API keys for Open311 integrations. The key itself is in the POST's answer only.
import { api, jsonResponse, methods, readJson } from "~/.server/http";
import { issueApiKey, listApiKeys } from "~/.server/open311/keys";

export const loader = api(async ({ context }) => jsonResponse({ items: await listApiKeys(context.app, context.viewer) }));

export const action = methods({
  POST: async ({ request, context }) => jsonResponse(await issueApiKey(context.app, context.viewer, await readJson(request)), 201),
});
