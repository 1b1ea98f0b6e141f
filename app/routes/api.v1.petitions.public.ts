import { listPublic } from "~/.server/petitions/queries";
import { api, jsonResponse } from "~/.server/http";

export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  const mailboxId = q.get("mailboxId");
  return jsonResponse(
    await listPublic(context.app, {
      limit: q.get("limit"),
      cursor: q.get("cursor"),
      category: q.get("category"),
      mailboxId: mailboxId && /^[1-9][0-9]{0,15}$/.test(mailboxId) ? Number(mailboxId) : null,
    }),
  );
});
