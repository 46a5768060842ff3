import { z } from "zod";

// The passwords tried first by anyone guessing (the top of the public breach lists), lower-cased.
// A short list on purpose: it stops the guesses that work, without a download or a dependency.
const commonPasswords = new Set([
  "password",
  "password1",
  "password12",
  "password123",
  "password!",
  "passw0rd",
  "p@ssw0rd",
  "p@ssword",
  "12345678",
  "123456789",
  "1234567890",
  "0123456789",
  "87654321",
  "11111111",
  "00000000",
  "12341234",
  "qwertyui",
  "qwertyuiop",
  "qwerty123",
  "qwerty12",
  "1q2w3e4r",
  "1qaz2wsx",
  "zaq12wsx",
  "asdfghjk",
  "iloveyou",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "whatever",
  "trustno1",
  "superman",
  "starwars",
  "welcome1",
  "welcome123",
  "letmein1",
  "letmein123",
  "abcd1234",
  "abc12345",
  "admin123",
  "administrator",
  "changeme",
  "monkey123",
  "dragon123",
  "master123",
  "michael1",
  "jennifer",
  "computer",
  "internet",
  "mustang1",
  "shadow12",
  "passpass",
  "aaaaaaaa",
  "abcdefgh",
  "parley123",
  "trading1",
]);

export const MIN_PASSWORD_LENGTH = 8;

/** A new password: long enough, not only spaces, and not one of the passwords tried first. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, "Password must be at most 200 characters")
  .refine((password) => password.trim().length >= MIN_PASSWORD_LENGTH, {
    message: `Password must have at least ${MIN_PASSWORD_LENGTH} characters besides spaces`,
    abort: true,
  })
  .refine((password) => !commonPasswords.has(password.trim().toLowerCase()), "This password is too common: choose another");
