import { listMailboxes } from "~/.server/petitions/mailboxes";
import { api, jsonResponse } from "~/.server/http";

export const loader = api(async ({ context }) => jsonResponse({ items: await listMailboxes(context.app) }));
