import { z } from "zod";
import { roles } from "./types";

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9_]+$/, "validation.username_format")
  .transform((s) => s.toLowerCase());

export const registerSchema = z.object({
  username: usernameSchema,
  password: z.string().min(8).max(256),
  displayName: z.string().trim().max(40).optional().transform((s) => (s ? s : undefined)),
});

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64).transform((s) => s.toLowerCase()),
  password: z.string().min(1).max(256),
});

export const adminUserPatchSchema = z
  .object({
    role: z.enum(roles),
    mailboxes: z
      .array(
        z.object({
          mailboxId: z.union([z.string().regex(/^[1-9][0-9]{0,17}$/), z.number().int().positive()]).transform(Number),
          position: z.enum(["handler", "leader"]),
        }),
      )
      .max(50),
    disabled: z.boolean(),
  })
  .partial()
  .strict();

export const profilePatchSchema = z
  .object({
    displayName: z.string().trim().min(1).max(40),
    bio: z.string().trim().max(500),
  })
  .partial()
  .strict();
