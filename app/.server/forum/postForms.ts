// The forms that every reply in a list carries (PostItem's react, edit, hide/unhide and report),
// answered the same wherever a thread's replies are shown: the thread page and a commitment's
// discussion.
import type { Viewer } from "~/domain/auth/types";
import type { AppServices } from "../context";
import { reportPost, toggleReaction, updatePost } from "./service";

/** The result of a post's form, or undefined when the form's intent is not one of them. */
export async function postFormAction(app: AppServices, viewer: Viewer | null, form: Record<string, string>) {
  const postId = form.postId && /^\d{1,16}$/.test(form.postId) ? Number(form.postId) : 0;
  switch (form.intent) {
    case "react":
      return { post: await toggleReaction(app, viewer, postId, { kind: "helpful" }) };
    case "edit":
      return { post: await updatePost(app, viewer, postId, { body: form.body }) };
    case "hide":
    case "unhide":
      return { post: await updatePost(app, viewer, postId, { hidden: form.intent === "hide" }) };
    case "report":
      await reportPost(app, viewer, postId, { reason: form.reason });
      return { reported: true };
    default:
      return undefined;
  }
}
