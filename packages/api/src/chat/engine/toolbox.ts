import type { LoadedConversation } from "../prompt/load-conversation.js";
import type { ToolCall, ToolSpec } from "../providers/provider.js";

/** Tools a reply may call, already bound to its conversation (a run conversation's run). */
export interface Toolbox {
  specs: ToolSpec[];
  /** Never throws for bad arguments: those come back as `ok: false` for the model to read. */
  execute(call: ToolCall): Promise<{ ok: boolean; result: string }>;
}

export type ToolboxFactory = (conversation: LoadedConversation) => Toolbox | null;

/** The first of the factories that has tools for the conversation. */
export function eitherToolbox(...factories: readonly ToolboxFactory[]): ToolboxFactory {
  return (conversation) => {
    for (const factory of factories) {
      const toolbox = factory(conversation);
      if (toolbox) return toolbox;
    }
    return null;
  };
}
