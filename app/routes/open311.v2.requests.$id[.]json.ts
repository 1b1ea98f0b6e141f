// GET /open311/v2/requests/:id.json — one published case by tracking number, as a one-element
// array; 404 in Open311's error format otherwise.
import { getRequest } from "~/.server/open311/service";
import { methodNotAllowed, open311, open311Json } from "~/.server/open311/http";

export const loader = open311(async ({ context, params }, lang) => open311Json(await getRequest(context.app, lang, params.id ?? "")));
export const action = methodNotAllowed;
