import { z } from "zod";

/**
 * Text PostgreSQL can store. Its text type refuses the NUL character (U+0000) with error 22021,
 * which would otherwise surface as a 500 after validation passed; every free-text input starts here.
 */
export const storableText = () =>
  z.string().refine((text) => !text.includes("\u0000"), "Text cannot contain the NUL character (U+0000)");
