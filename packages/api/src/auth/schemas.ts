import { z } from "zod";
import { storableText } from "../storable-text.js";
import { newPasswordSchema } from "./password-strength.js";

export const emailSchema = z
  .email("Enter a valid email address")
  .max(320)
  .transform((email) => email.toLowerCase());

export const signUpInput = z.strictObject({
  email: emailSchema,
  password: newPasswordSchema,
  displayName: storableText().trim().min(1, "Display name is required").max(100),
});

export const signInInput = z.strictObject({ email: emailSchema, password: z.string().min(1).max(200) });
export const refreshInput = z.strictObject({ refreshToken: z.string().min(10).max(200) });

export const userOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(["user", "admin"]),
  createdAt: z.iso.datetime(),
});

export const sessionTokensOutput = z.object({
  user: userOutput,
  accessToken: z.string(),
  accessTokenExpiresAt: z.number().int(),
  refreshToken: z.string(),
});

export type UserOutput = z.infer<typeof userOutput>;
