import { AppError } from "../errors.js";

/**
 * Every reply of a trading model is written with its AI model on the operator's key: a user may
 * choose only among the models the operator allows (PARLEY_ALLOWED_AI_MODELS).
 */
export function assertAiModelAllowed(allowed: readonly string[], aiModel: string): void {
  if (!allowed.includes(aiModel)) {
    throw new AppError("AI_MODEL_NOT_ALLOWED", `The AI model "${aiModel}" is not offered here; choose one of: ${allowed.join(", ")}`);
  }
}
