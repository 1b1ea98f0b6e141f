// GET /open311/v2/services.json — Open311 services: our case categories (metadata false).
import { listServices } from "~/.server/open311/service";
import { methodNotAllowed, open311, open311Json } from "~/.server/open311/http";

export const loader = open311(async (_args, lang) => open311Json(listServices(lang)));
export const action = methodNotAllowed;
