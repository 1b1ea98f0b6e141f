import { voteQuestion } from "~/.server/live/service";
import { idParam, jsonResponse, methods } from "~/.server/http";

export const loader = methods({});
export const action = methods({
  POST: async ({ context, params }) => jsonResponse({ question: await voteQuestion(context.app, context.viewer, idParam(params.id)) }),
});
