import { threadHistory } from "~/.server/forum/service";
import { api, idParam, jsonResponse } from "~/.server/http";

export const loader = api(async ({ context, params }) =>
  jsonResponse(await threadHistory(context.app, context.viewer, idParam(params.id))),
);
