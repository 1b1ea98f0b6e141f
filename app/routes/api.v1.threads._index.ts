import type { LoaderFunctionArgs } from "@remix-run/node";
import { badRequest } from "~/.server/errors";
import { createThread, listThreads } from "~/.server/forum/service";
import { api, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const q = new URL(request.url).searchParams;
  const section = q.get("section");
  if (section !== null && section !== "info" && section !== "forum") {
    throw badRequest("invalid_input", { section: { key: "validation.invalid_choice" } });
  }
  const page = await listThreads(context.app, context.viewer, {
    section: section ?? undefined,
    limit: q.get("limit"),
    cursor: q.get("cursor"),
  });
  return jsonResponse(page);
});

export const action = methods({
  POST: async ({ request, context }) => jsonResponse({ thread: await createThread(context.app, context.viewer, await readJson(request)) }, 201),
});
