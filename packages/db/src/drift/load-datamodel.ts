import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { DmmfDatamodel } from "./dmmf.js";
import { callSchemaWasm } from "./prisma-schema-wasm.js";

export const defaultSchemaPath = fileURLToPath(new URL("../../../../prisma/schema.prisma", import.meta.url));

// The DMMF leaves these out, so the check could neither verify them nor tell them from drift.
const INVISIBLE_IN_DMMF: [RegExp, string][] = [
  [/@relation\([^)]*\bmap\s*:/, "@relation(map: ...) (a foreign key's name)"],
  [/\bUnsupported\s*\(/, "Unsupported(...) fields"],
];

/** Prisma's own reading of a schema (its DMMF datamodel), without any engine binary. */
export function parseDatamodel(schemaText: string): DmmfDatamodel {
  const code = schemaText.replace(/\/\/.*$/gm, "");
  for (const [pattern, feature] of INVISIBLE_IN_DMMF) {
    if (pattern.test(code)) throw new Error(`the drift check does not support ${feature}: the DMMF omits it`);
  }
  let output: string;
  try {
    output = callSchemaWasm("get_datamodel", JSON.stringify({ prismaSchema: schemaText, noColor: true }));
  } catch (error) {
    throw new Error(`schema.prisma does not validate: ${wasmErrorMessage(error)}`, { cause: error });
  }
  return JSON.parse(output) as DmmfDatamodel;
}

export async function loadDatamodel(schemaPath = defaultSchemaPath): Promise<DmmfDatamodel> {
  return parseDatamodel(await readFile(schemaPath, "utf8"));
}

// Validation errors arrive as JSON `{ error_code, message }` inside the Error's message.
function wasmErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && "message" in parsed && typeof parsed.message === "string") {
      return parsed.message;
    }
  } catch {
    // Not JSON: a plain message.
  }
  return text;
}
