export type AuthMode = "signIn" | "signUp";
export interface AuthFields {
  email: string;
  password: string;
  displayName: string;
}

// Mirrors the API's zod rules (packages/api/src/auth/schemas.ts) so most mistakes are caught
// before a round trip; the server's messages are shown for anything else.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateAuthForm(mode: AuthMode, fields: AuthFields): Partial<Record<keyof AuthFields, string>> {
  const errors: Partial<Record<keyof AuthFields, string>> = {};
  if (!EMAIL.test(fields.email.trim())) errors.email = "Enter a valid email address";
  if (mode === "signIn" && !fields.password) errors.password = "Enter your password";
  if (mode === "signUp") {
    if (fields.password.length < 8) errors.password = "Password must be at least 8 characters";
    if (fields.password.length > 200) errors.password = "Password must be at most 200 characters";
    if (!fields.displayName.trim()) errors.displayName = "Display name is required";
  }
  return errors;
}
