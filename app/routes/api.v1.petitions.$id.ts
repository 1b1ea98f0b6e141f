import { getPetition } from "~/.server/petitions/service";
import { api, idParam, jsonResponse } from "~/.server/http";

export const loader = api(async ({ context, params }) =>
  jsonResponse({ petition: await getPetition(context.app, context.viewer, idParam(params.id)) }),
);
