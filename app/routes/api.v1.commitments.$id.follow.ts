// PUT /api/v1/commitments/:id/follow → {following: true, followers} (again: the same answer) ·
// DELETE → {following: false, followers}. One follow per person (the table's primary key).
import { follow, unfollow } from "~/.server/commitments/service";
import { idParam, jsonResponse, methods } from "~/.server/http";

export const action = methods({
  PUT: async ({ context, params }) => jsonResponse(await follow(context.app, context.viewer, idParam(params.id))),
  DELETE: async ({ context, params }) => jsonResponse(await unfollow(context.app, context.viewer, idParam(params.id))),
});
