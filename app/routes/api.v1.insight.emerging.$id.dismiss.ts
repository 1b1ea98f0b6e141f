// POST /api/v1/insight/emerging/:id/dismiss — 200 {topicId, status: "dismissed", threadId: null};
// a topic already opened for discussion: 409 topic_discussed.
import { dismissTopic } from "~/.server/insight/service";
import { idParam, jsonResponse, methods } from "~/.server/http";

export const action = methods({
  POST: async ({ context, params }) => jsonResponse(await dismissTopic(context.app, context.viewer, idParam(params.id))),
});
