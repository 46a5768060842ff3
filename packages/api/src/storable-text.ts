import { z } from "zod";

// A UTF-16 surrogate half without its partner: JavaScript strings can hold one (JSON's "\ud800"
// decodes to it), but it is not text, and PostgreSQL's UTF-8 would store it as U+FFFD.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text PostgreSQL can store unchanged. Its text type refuses the NUL character (U+0000) with
 * error 22021, which would otherwise surface as a 500 after validation passed, and a lone
 * surrogate would be silently replaced; every free-text input starts here.
 */
export const storableText = () =>
  z
    .string()
    .refine((text) => !text.includes("\u0000"), "Text cannot contain the NUL character (U+0000)")
    .refine((text) => !loneSurrogate.test(text), "Text is not well-formed Unicode (a lone UTF-16 surrogate)");
