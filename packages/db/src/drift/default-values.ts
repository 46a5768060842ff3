import type { DmmfDefault } from "./dmmf.js";

// Column defaults are compared in one canonical form, applied to both sides: the SQL that
// schema.prisma implies and what pg_get_expr() prints. It drops the casts PostgreSQL adds
// (`'paper'::trading_mode` -> `'paper'`), spells numbers one way, and treats `now()` and
// CURRENT_TIMESTAMP, and any `nextval(...)` (what autoincrement() creates), as one.

/** Stands for `dbgenerated()` without an expression: some default, not known to Prisma. */
export const ANY_DEFAULT = "<any database default>";

// Type names hold no colon, so each `::` starts the next cast.
const CASTS = String.raw`((?:\s*::\s*[\w" .,()[\]]+)*)`;
const ONLY_CASTS = new RegExp(`^${CASTS}$`);
const QUOTED_WITH_CASTS = new RegExp(String.raw`^'((?:[^']|'')*)'${CASTS}$`);
const NUMBER_WITH_CASTS = new RegExp(String.raw`^\(?(-?\d+(?:\.\d+)?)\)?${CASTS}$`);
const CLIENT_SIDE_FUNCTIONS = new Set(["uuid", "cuid", "nanoid", "ulid"]);

export function canonicalDefault(sql: string): string {
  const text = sql.trim().replace(/\s+/g, " ");
  if (/^nextval\('[^']+'(::regclass)?\)$/i.test(text)) return "autoincrement()";
  if (/^(now\(\)|current_timestamp)$/i.test(text)) return "CURRENT_TIMESTAMP";
  if (/^(true|false)$/i.test(text)) return text.toLowerCase();
  const elements = arrayElements(text);
  if (elements) return `ARRAY[${elements.map(canonicalDefault).join(", ")}]`;
  const quoted = QUOTED_WITH_CASTS.exec(text);
  if (quoted) return canonicalLiteral((quoted[1] ?? "").replaceAll("''", "'"), quoted[2] ?? "");
  const number = NUMBER_WITH_CASTS.exec(text);
  if (number) return canonicalNumber(number[1] ?? "");
  return text;
}

/** The canonical default schema.prisma asks for; `enumValue` maps an enum value to its label. */
export function expectedDefault(value: DmmfDefault | undefined, enumValue?: (name: string) => string): string | null {
  if (value === undefined) return null;
  if (Array.isArray(value)) {
    return `ARRAY[${value.map((item) => expectedDefault(item, enumValue)).join(", ")}]`;
  }
  if (typeof value === "object") return functionDefault(value.name, value.args);
  if (typeof value === "string") return canonicalDefault(quote(enumValue ? enumValue(value) : value));
  return canonicalDefault(String(value));
}

function functionDefault(name: string, args: unknown[]): string | null {
  if (name === "now") return "CURRENT_TIMESTAMP";
  if (name === "autoincrement" || name === "sequence") return "autoincrement()";
  if (CLIENT_SIDE_FUNCTIONS.has(name)) return null;
  if (name === "dbgenerated") {
    const [expression] = args;
    return typeof expression === "string" ? canonicalDefault(expression) : ANY_DEFAULT;
  }
  throw new Error(`the drift check does not know the default function ${name}()`);
}

// `'{a,b}'::text[]` is another spelling of ARRAY['a', 'b'].
function canonicalLiteral(value: string, casts: string): string {
  if (casts.trim().endsWith("[]") && value.startsWith("{") && value.endsWith("}")) {
    const items = value.slice(1, -1).trim();
    const elements = items ? splitTopLevel(items).map((item) => quote(item.replace(/^"(.*)"$/s, "$1"))) : [];
    return `ARRAY[${elements.map(canonicalDefault).join(", ")}]`;
  }
  return /^-?\d+(\.\d+)?$/.test(value) ? canonicalNumber(value) : quote(value);
}

function canonicalNumber(text: string): string {
  const [whole = "0", fraction = ""] = text.replace(/^-/, "").split(".");
  const digits = whole.replace(/^0+(?=\d)/, "");
  const decimals = fraction.replace(/0+$/, "");
  const sign = text.startsWith("-") && /[1-9]/.test(digits + decimals) ? "-" : "";
  return `${sign}${digits}${decimals ? `.${decimals}` : ""}`;
}

function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function arrayElements(text: string): string[] | null {
  if (!text.startsWith("ARRAY[")) return null;
  const end = closingBracket(text, "ARRAY".length);
  if (end < 0 || !ONLY_CASTS.test(text.slice(end + 1))) return null;
  return splitTopLevel(text.slice("ARRAY[".length, end));
}

function closingBracket(text: string, open: number): number {
  let depth = 0;
  let inQuote = false;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === "'") inQuote = !inQuote;
    else if (inQuote) continue;
    else if (char === "[") depth++;
    else if (char === "]" && --depth === 0) return i;
  }
  return -1;
}

/** Splits at commas outside quotes, brackets and parentheses. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inQuote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inQuote) {
      if (char === inQuote) inQuote = null;
    } else if (char === "'" || char === '"') inQuote = char;
    else if (char === "(" || char === "[") depth++;
    else if (char === ")" || char === "]") depth--;
    else if (char === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  return last || parts.length ? [...parts, last] : [];
}
