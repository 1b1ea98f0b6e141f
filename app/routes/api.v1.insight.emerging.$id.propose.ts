// POST /api/v1/insight/emerging/:id/propose — marks the topic proposed as a commitment and
// answers {topicId, status: "proposed", threadId, url}: `url` is /commitments/new prefilled.
import { proposeTopic } from "~/.server/insight/service";
import { idParam, jsonResponse, methods } from "~/.server/http";

export const action = methods({
  POST: async ({ context, params }) => jsonResponse(await proposeTopic(context.app, context.viewer, idParam(params.id))),
});
