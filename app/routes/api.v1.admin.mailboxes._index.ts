import { api, jsonResponse, methods, readJson } from "~/.server/http";
import { createMailbox, listMailboxesForAdmin } from "~/.server/petitions/mailboxes";

// The whole tree for administrators, retired mailboxes and member counts included (not paged,
// like GET /mailboxes).
export const loader = api(async ({ context }) => jsonResponse({ items: await listMailboxesForAdmin(context.app, context.viewer) }));

export const action = methods({
  POST: async ({ request, context }) =>
    jsonResponse({ mailbox: await createMailbox(context.app, context.viewer, await readJson(request)) }, 201),
});
