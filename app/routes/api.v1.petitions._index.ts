import { createPetition } from "~/.server/petitions/service";
import { listCases } from "~/.server/petitions/queries";
import { api, jsonResponse, methods, readJson } from "~/.server/http";
import { badRequest } from "~/.server/errors";

export const loader = api(async ({ request, context }) => {
  const q = new URL(request.url).searchParams;
  const mailboxId = q.get("mailboxId");
  if (mailboxId !== null && !/^[1-9][0-9]{0,15}$/.test(mailboxId)) throw badRequest("invalid_input", { mailboxId: { key: "validation.unknown_mailbox" } });
  return jsonResponse(
    await listCases(context.app, context.viewer, {
      mailboxId: mailboxId === null ? null : Number(mailboxId),
      status: q.get("status"),
      light: q.get("light"),
      limit: q.get("limit"),
      cursor: q.get("cursor"),
    }),
  );
});

export const action = methods({
  // Idempotency-Key: a retried POST answers 200 with the case it already created (the query
  // code, shown once, is then null).
  POST: async ({ request, context }) => {
    const r = await createPetition(context.app, context.viewer, await readJson(request), { intakeKey: request.headers.get("Idempotency-Key") });
    return jsonResponse({ petition: r.petition, queryCode: r.queryCode }, r.replayed ? 200 : 201);
  },
});
