import { api, idParam, jsonResponse, methods, readJson } from "~/.server/http";
import { getMailbox, updateMailbox } from "~/.server/petitions/mailboxes";

export const loader = api(async ({ context, params }) =>
  jsonResponse({ mailbox: await getMailbox(context.app, context.viewer, idParam(params.id)) }),
);

export const action = methods({
  PATCH: async ({ request, context, params }) =>
    jsonResponse({ mailbox: await updateMailbox(context.app, context.viewer, idParam(params.id), await readJson(request)) }),
});
