import { getResults } from "~/.server/awards/service";
import { api, idParam, jsonResponse } from "~/.server/http";

export const loader = api(async ({ context, params }) => jsonResponse(await getResults(context.app, context.viewer, idParam(params.id))));
