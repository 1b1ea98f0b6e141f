import type { LoaderFunctionArgs } from "@remix-run/node";
import { createAward, listAwards } from "~/.server/awards/service";
import { api, jsonResponse, methods, readJson } from "~/.server/http";

export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const q = new URL(request.url).searchParams;
  return jsonResponse(await listAwards(context.app, { limit: q.get("limit"), cursor: q.get("cursor") }));
});

export const action = methods({
  POST: async ({ request, context }) => jsonResponse({ award: await createAward(context.app, context.viewer, await readJson(request)) }, 201),
});
