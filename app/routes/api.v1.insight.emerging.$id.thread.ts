// POST /api/v1/insight/emerging/:id/thread — opens a Development Forum discussion topic from an
// emerging topic: 201 {topicId, status, threadId}; a second time 409 topic_discussed.
import { discussTopic } from "~/.server/insight/service";
import { idParam, jsonResponse, methods } from "~/.server/http";

export const action = methods({
  POST: async ({ context, params }) => jsonResponse(await discussTopic(context.app, context.viewer, idParam(params.id)), 201),
});
