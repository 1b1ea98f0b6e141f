// One schema per form, used by the API, the page actions and the browser.
import { z } from "zod";
import { BODY_MAX, TITLE_MAX } from "./types";

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.union([z.string().regex(/^[1-9][0-9]{0,17}$/), z.number().int().positive()]).transform(Number);
// Form checkboxes arrive as "on"/"true"; JSON as booleans.
const flag = z.union([z.boolean(), z.enum(["true", "false", "on", "off", "1", "0"]).transform((v) => v === "true" || v === "on" || v === "1")]);

export const threadCreateSchema = z.object({
  section: z.enum(["info", "forum"]),
  title: text(TITLE_MAX),
  body: text(BODY_MAX),
});

export const threadPatchSchema = z
  .object({ pinned: flag, featured: flag, locked: flag, hidden: flag, title: text(TITLE_MAX), body: text(BODY_MAX) })
  .partial()
  .strict();

export const postCreateSchema = z.object({
  body: text(BODY_MAX),
  replyToId: id.optional().nullable(),
});

export const postPatchSchema = z
  .object({ body: text(BODY_MAX), hidden: flag })
  .partial()
  .strict();

export const reactionSchema = z.object({ kind: z.literal("helpful") });

export const reportSchema = z.object({ reason: text(500) });

export const reportResolveSchema = z.object({
  status: z.enum(["resolved", "dismissed"]),
  hidePost: flag.optional(),
});
