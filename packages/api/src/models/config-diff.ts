import type { ModelConfigInput } from "./schemas.js";

/** A configuration as a version stores it: every field of modelConfigInput, nothing optional. */
export type VersionConfig = Required<{ [Key in keyof ModelConfigInput]: Exclude<ModelConfigInput[Key], undefined> }> & {
  customRules: string | null;
  customInstructions: string | null;
};

export interface ConfigChange {
  field: keyof VersionConfig;
  label: string;
  from: string;
  to: string;
}

const allowed = (flag: unknown) => (flag ? "allowed" : "not allowed");
const listed = (value: unknown) =>
  Array.isArray(value) && value.length ? value.map((item) => String(item).replaceAll("_", " ")).join(", ") : "none";
const text = (value: unknown) => {
  if (typeof value !== "string" || value.trim() === "") return "none";
  const flat = value.trim().replace(/\s+/g, " ");
  return `“${flat.length > 80 ? `${flat.slice(0, 79)}…` : flat}”`;
};
const plain = (value: unknown) => String(value).replaceAll("_", " ");
const money = (value: unknown) => `$${Number(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The order and the words the assistant's system prompt uses for the same fields. */
const FIELDS: ReadonlyArray<{ field: keyof VersionConfig; label: string; show: (value: unknown) => string }> = [
  { field: "name", label: "name", show: text },
  { field: "defaultAiModel", label: "AI model", show: plain },
  { field: "tradingMode", label: "trading mode", show: plain },
  { field: "tradingStyle", label: "trading style", show: plain },
  { field: "instrument", label: "instrument", show: plain },
  { field: "symbols", label: "symbols", show: listed },
  { field: "marginAccount", label: "margin account", show: (value) => (value ? "yes" : "no") },
  { field: "buyingPower", label: "buying power", show: money },
  { field: "allowShorting", label: "short selling", show: allowed },
  { field: "allowOptionsStrategies", label: "options strategies", show: allowed },
  { field: "allowHedging", label: "hedging", show: allowed },
  { field: "allowedOrderTypes", label: "allowed order types", show: listed },
  { field: "customRules", label: "custom rules", show: text },
  { field: "customInstructions", label: "custom instructions", show: text },
];

/** Free text whole, as written: a diff line may shorten it, a settings listing may not. */
const wholeText = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : "none");

/** A configuration as people read it: every field with its label, in the system prompt's order. */
export function describeConfig(config: Partial<VersionConfig>): Array<{ label: string; value: string }> {
  return FIELDS.map(({ field, label, show }) => ({
    label: label.charAt(0).toUpperCase() + label.slice(1),
    value: (show === text ? wholeText : show)(config[field] ?? null),
  }));
}

/** What changed from one version's configuration to the next, field by field. */
export function diffConfigs(before: Partial<VersionConfig> | null, after: Partial<VersionConfig>): ConfigChange[] {
  if (!before) return [];
  return FIELDS.flatMap(({ field, label, show }) => {
    const [from, to] = [show(before[field] ?? null), show(after[field] ?? null)];
    return from === to ? [] : [{ field, label, from, to }];
  });
}

/** "short selling allowed → not allowed; buying power $10,000.00 → $5,000.00" */
export function describeChanges(changes: readonly ConfigChange[]): string {
  if (!changes.length) return "no change";
  return changes.map((change) => `${change.label} ${change.from} → ${change.to}`).join("; ");
}
