import type { RouterInputs, RouterOutputs } from "@parley/client";

// Every shape the web app shows comes from the API's own types: only types cross the boundary.
export type { RouterInputs, RouterOutputs };

export type User = RouterOutputs["auth"]["me"];
export type SessionTokens = RouterOutputs["auth"]["signIn"];
export type Conversation = RouterOutputs["sessions"]["get"];
export type MessagePage = RouterOutputs["sessions"]["messages"];
export type Message = MessagePage["messages"][number];
export type Summary = NonNullable<MessagePage["summary"]>;
export type Model = RouterOutputs["models"]["get"];
export type Run = RouterOutputs["runs"]["get"];
export type ConversationContext = RouterInputs["sessions"]["active"]["context"];
export type ModelConfig = RouterInputs["models"]["create"];
