// GET /open311/v2/requests.json — published cases in Open311's shape (anyone).
// POST /open311/v2/requests.json — file a case with an API key (api_key field or X-Api-Key
// header); the case's channel is the key's (mobile or hotline). Idempotency-Key makes retries safe.
import { authenticateApiKey } from "~/.server/open311/keys";
import { createRequest, listRequests } from "~/.server/open311/service";
import { baseUrlOf, open311, open311ErrorResponse, open311Json, open311Lang, readOpen311Body } from "~/.server/open311/http";
import { AppError } from "~/.server/errors";

export const loader = open311(async ({ request, context }, lang) =>
  open311Json(await listRequests(context.app, lang, new URL(request.url).searchParams)),
);

export const action = open311(async ({ request, context }, queryLang) => {
  if (request.method !== "POST") throw new AppError("method_not_allowed", 405);
  const headerKey = request.headers.get("X-Api-Key");
  const body = await readOpen311Body(request);
  const lang = new URL(request.url).searchParams.get("locale") ? queryLang : open311Lang(context, body.locale);
  try {
    const key = await authenticateApiKey(context.app, headerKey ?? (typeof body.api_key === "string" ? body.api_key : null));
    const { api_key: _key, locale: _locale, ...fields } = body;
    const r = await createRequest(context.app, key, fields, {
      idempotencyKey: request.headers.get("Idempotency-Key"),
      lang,
      baseUrl: baseUrlOf(request, context),
    });
    return open311Json([r.created], r.replayed ? 200 : 201);
  } catch (e) {
    return open311ErrorResponse(e, lang);
  }
});
