import { integrityView } from "~/.server/awards/integrity";
import { api, idParam, jsonResponse } from "~/.server/http";

// Administrators: ?newAccountDays=&windowMinutes=&minBurst=&minNetwork=
export const loader = api(async ({ request, context, params }) => {
  const q = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await integrityView(context.app, context.viewer, idParam(params.id), q));
});
