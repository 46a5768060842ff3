import type { ObjectRef } from "./db-schema.js";

// The database objects that schema.prisma does not describe but the migrations create on
// purpose. Anything else the database has beyond schema.prisma is drift. allowlist.test.ts
// fails when an entry no longer exists, or when schema.prisma has come to describe it.

export interface AllowedObject extends ObjectRef {
  /** Why it exists and why it is not in schema.prisma. */
  reason: string;
}

const entry = (kind: ObjectRef["kind"], table: string | undefined, name: string, reason: string): AllowedObject =>
  table === undefined ? { kind, name, reason } : { kind, table, name, reason };

const check = (table: string, name: string, reason: string) => entry("check constraint", table, name, reason);
const index = (table: string, name: string, reason: string) => entry("index", table, name, reason);
const policies = (table: string, names: string[], reason: string) => names.map((name) => entry("policy", table, name, reason));
const RLS_POLICY = "row-level security: Prisma schemas cannot declare policies";

export const allowlist: readonly AllowedObject[] = [
  check("users", "users_email_lowercase", "emails are stored lower-cased, which makes users_email_key case-insensitive"),
  check("models", "models_buying_power_non_negative", "Prisma cannot declare CHECK constraints"),
  check("trading_runs", "trading_runs_starting_capital_positive", "Prisma cannot declare CHECK constraints"),
  check("trades", "trades_quantity_positive", "Prisma cannot declare CHECK constraints"),
  check("trades", "trades_price_non_negative", "Prisma cannot declare CHECK constraints"),
  check("chat_sessions", "chat_sessions_run_needs_model", "a run conversation is always also about the run's model"),

  index("chat_sessions", "chat_sessions_one_active_per_context", "partial expression unique index: one active conversation per context"),
  index("chat_sessions", "idx_chat_sessions_user_general", "partial index (general conversations), named by the spec"),
  index("chat_sessions", "idx_chat_sessions_user_model", "partial index (model conversations), named by the spec"),
  index("chat_messages", "chat_messages_streaming_idx", "partial index of replies still streaming, for start-up and health checks"),
  // These two are plain indexes that schema.prisma could declare with @@index(..., map: "...").
  index("chat_sessions", "idx_chat_sessions_user_active", "named by the spec; plain, kept out of schema.prisma so far"),
  index("chat_sessions", "chat_sessions_context_activity_idx", "keyset pagination per context; plain, kept out of schema.prisma so far"),

  entry("function", undefined, "chat_messages_touch_session()", "trigger function: a conversation's message count and activity follow its messages"),
  entry("trigger", "chat_messages", "chat_messages_touch_session", "keeps chat_sessions.message_count and activity_at current for every writer"),
  entry("function", undefined, "app_current_user_id()", "row-level security: the signed-in user, from the app.user_id setting"),
  entry("function", undefined, "app_current_user_is_admin()", "row-level security: whether the signed-in user is an admin (SECURITY DEFINER)"),

  ...["users", "models", "trading_runs", "trades", "price_marks", "chat_sessions", "chat_messages", "refresh_tokens"].map(
    (table) => entry("row level security", table, "enabled", "PostgreSQL keeps each user to their own rows; Prisma cannot enable RLS"),
  ),
  ...policies("users", ["Users can view own profile", "Users can update own profile"], RLS_POLICY),
  ...policies("refresh_tokens", ["Users can manage own refresh tokens"], RLS_POLICY),
  ...policies(
    "models",
    ["Users can view own models", "Users can create own models", "Users can update own models", "Users can delete own models"],
    RLS_POLICY,
  ),
  ...policies("trading_runs", ["Users can view own runs"], RLS_POLICY),
  ...policies("trades", ["Users can view own trades"], "row-level security: a run's trades are visible with the run"),
  ...policies("price_marks", ["Users can view own price marks"], "row-level security: a run's marks are visible with the run"),
  ...policies(
    "chat_sessions",
    [
      "Users can view own chat sessions",
      "Admins can view all chat sessions",
      "Users can create own chat sessions",
      "Users can update own chat sessions",
      "Users can delete own chat sessions",
    ],
    RLS_POLICY,
  ),
  ...policies(
    "chat_messages",
    [
      "Users can view own chat messages",
      "Admins can view all chat messages",
      "Users can create own chat messages",
      "Users can update own chat messages",
      "Users can delete own chat messages",
    ],
    RLS_POLICY,
  ),
];
