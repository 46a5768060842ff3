import type { Model, ModelConfig } from "../api/types";

// The option lists and rules mirror packages/api/src/models/schemas.ts: the form catches what
// it can before a round trip, and shows the server's own messages for the rest.
export const tradingModes = ["paper", "live"] as const;
export const tradingStyles = ["scalping", "day_trading", "swing", "position"] as const;
export const instrumentClasses = ["stocks", "etfs", "options", "futures", "crypto", "forex"] as const;
export const orderTypes = ["market", "limit", "stop", "stop_limit", "trailing_stop"] as const;

export const MAX_TEXT = 4_000;
const SYMBOL = /^[A-Z0-9.:/_-]{1,32}$/;

export interface ModelForm {
  name: string;
  defaultAiModel: string;
  tradingMode: ModelConfig["tradingMode"];
  tradingStyle: ModelConfig["tradingStyle"];
  instrument: ModelConfig["instrument"];
  symbols: string;
  marginAccount: boolean;
  buyingPower: string;
  allowShorting: boolean;
  allowOptionsStrategies: boolean;
  allowHedging: boolean;
  allowedOrderTypes: ModelConfig["allowedOrderTypes"];
  customRules: string;
  customInstructions: string;
}

export type ModelFormErrors = Partial<Record<keyof ModelForm, string>>;

export const emptyModelForm: ModelForm = {
  name: "",
  defaultAiModel: "gpt-4o-mini",
  tradingMode: "paper",
  tradingStyle: "day_trading",
  instrument: "stocks",
  symbols: "",
  marginAccount: false,
  buyingPower: "25000",
  allowShorting: false,
  allowOptionsStrategies: false,
  allowHedging: false,
  allowedOrderTypes: ["market", "limit"],
  customRules: "",
  customInstructions: "",
};

export function formFromModel(model: Model): ModelForm {
  return {
    ...model,
    symbols: model.symbols.join(", "),
    buyingPower: String(model.buyingPower),
    customRules: model.customRules ?? "",
    customInstructions: model.customInstructions ?? "",
  };
}

export function parseSymbols(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((symbol) => symbol.trim().toUpperCase())
    .filter(Boolean);
}

export function validateModelForm(form: ModelForm): ModelFormErrors {
  const errors: ModelFormErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = "A name is required";
  else if (name.length > 100) errors.name = "At most 100 characters";
  const aiModel = form.defaultAiModel.trim();
  if (!aiModel) errors.defaultAiModel = "Choose an AI model";
  else if (aiModel.length > 100) errors.defaultAiModel = "At most 100 characters";
  const symbols = parseSymbols(form.symbols);
  const bad = symbols.find((symbol) => !SYMBOL.test(symbol));
  if (bad) errors.symbols = `“${bad}” is not a ticker symbol`;
  else if (symbols.length > 50) errors.symbols = "At most 50 symbols";
  const power = Number(form.buyingPower);
  if (form.buyingPower.trim() === "" || !Number.isFinite(power)) errors.buyingPower = "Enter an amount";
  else if (power < 0) errors.buyingPower = "Buying power cannot be negative";
  else if (power > 1e12) errors.buyingPower = "At most 1,000,000,000,000";
  if (form.allowedOrderTypes.length === 0) errors.allowedOrderTypes = "Allow at least one order type";
  if (form.customRules.length > MAX_TEXT) errors.customRules = "At most 4,000 characters";
  if (form.customInstructions.length > MAX_TEXT) errors.customInstructions = "At most 4,000 characters";
  return errors;
}

export function configFromForm(form: ModelForm): ModelConfig {
  return {
    name: form.name.trim(),
    defaultAiModel: form.defaultAiModel.trim(),
    tradingMode: form.tradingMode,
    tradingStyle: form.tradingStyle,
    instrument: form.instrument,
    symbols: parseSymbols(form.symbols),
    marginAccount: form.marginAccount,
    buyingPower: Number(form.buyingPower),
    allowShorting: form.allowShorting,
    allowOptionsStrategies: form.allowOptionsStrategies,
    allowHedging: form.allowHedging,
    allowedOrderTypes: form.allowedOrderTypes,
    customRules: form.customRules.trim() ? form.customRules : null,
    customInstructions: form.customInstructions.trim() ? form.customInstructions : null,
  };
}

/**
 * The server's zod messages ("changes.symbols.0: Not a ticker symbol; name: …") by form field.
 */
export function serverFieldErrors(message: string): ModelFormErrors {
  const errors: ModelFormErrors = {};
  for (const part of message.split("; ")) {
    const match = /^([\w.]+): (.+)$/.exec(part);
    if (!match?.[1] || !match[2]) continue;
    const field = match[1].split(".").find((segment) => segment !== "changes" && segment in emptyModelForm);
    if (field) errors[field as keyof ModelForm] ??= match[2];
  }
  return errors;
}
