import type { ObjectKind, ObjectRef } from "./db-schema.js";

// The database objects that schema.prisma does not describe but the migrations create on
// purpose. Anything else the database has beyond schema.prisma is drift, and so is a listed
// object that has gone. allowlist.test.ts fails when an entry no longer exists, or when
// schema.prisma has come to describe it.

export interface AllowedObject extends ObjectRef {
  /** Why it exists and why it is not in schema.prisma. */
  reason: string;
}

const onTable =
  (kind: ObjectKind) =>
  (table: string, name: string, reason: string): AllowedObject => ({ kind, table, name, reason });
const check = onTable("check constraint");
const index = onTable("index");
const trigger = onTable("trigger");
const policy = onTable("policy");
const rowLevelSecurity = onTable("row level security");
const column = onTable("column");
const fn = (name: string, reason: string): AllowedObject => ({ kind: "function", name, reason });

const NO_CHECKS = "Prisma cannot declare CHECK constraints";
const RLS = "row-level security keeps each user to their own rows; Prisma cannot enable it";
const POLICY = "row-level security policy; Prisma cannot declare policies";
const RUN_DAYS = "keeps run_days equal to the sums of trades and the latest price_marks, whoever writes them";
const VERSIONS = "a model's configuration versions are made by the database whoever edits the model; Prisma has no triggers";
const SEARCH = "full-text search document kept by the database (a generated tsvector); Prisma cannot declare one";
const LISTED = "partial index: the list without archived or deleted conversations, pinned first";
const OWNER_WRITES = "row-level security: only a run's owner writes its fills and marks (admins only read)";
const RUN_POLICY = "row-level security: a run's rows are visible with the run (trading_runs' policy)";

export const allowlist: readonly AllowedObject[] = [
  check("users", "users_email_lowercase", "emails are stored lower-cased, so users_email_key is case-insensitive"),
  check("models", "models_buying_power_non_negative", NO_CHECKS),
  check("trading_runs", "trading_runs_starting_capital_positive", NO_CHECKS),
  check("trades", "trades_quantity_positive", NO_CHECKS),
  check("trades", "trades_price_non_negative", NO_CHECKS),
  check("trades", "trades_closed_quantity_within_fill", "a fill closes at most its own quantity; Prisma has no CHECK"),
  check("api_keys", "api_keys_scopes_known", "a key holds only the scopes the API knows (read, runs:write)"),
  check("chat_sessions", "chat_sessions_run_needs_model", "a run conversation is always also about the run's model"),
  check("background_usage", "background_usage_kind_known", "background work is a title or a summary; Prisma has no CHECK"),
  check("background_usage", "background_usage_counts_non_negative", NO_CHECKS),
  check("chat_messages", "chat_messages_cost_non_negative", NO_CHECKS),
  check("chat_sessions", "chat_sessions_tags_limit", "tags are never NULL and at most 20; Prisma has no CHECK"),

  column("chat_sessions", "title_search", SEARCH),
  column("chat_messages", "content_search", SEARCH),
  index("chat_sessions", "chat_sessions_title_search_idx", "GIN index over the title's search document"),
  index("chat_messages", "chat_messages_content_search_idx", "GIN index over the message's search document"),
  index("chat_sessions", "chat_sessions_listed_idx", LISTED),
  index("chat_sessions", "chat_sessions_context_listed_idx", LISTED),
  index("chat_sessions", "chat_sessions_archived_idx", "partial index: the archived list, pinned first"),
  index("chat_sessions", "chat_sessions_deleted_idx", "partial index of conversations pending deletion, for the purge"),

  index("chat_sessions", "chat_sessions_one_active_per_context", "partial unique index: one active chat per context"),
  index("chat_sessions", "idx_chat_sessions_user_general", "partial index (general conversations), named in the spec"),
  index("chat_sessions", "idx_chat_sessions_user_model", "partial index (model conversations), named by the spec"),
  index("chat_messages", "chat_messages_streaming_idx", "partial index of replies still streaming, for start-up"),
  // Plain indexes: schema.prisma could declare these two with @@index([...], map: "...").
  index("chat_sessions", "idx_chat_sessions_user_active", "named by the spec; not yet declared in schema.prisma"),
  index("chat_sessions", "chat_sessions_context_activity_idx", "keyset pages per context; not yet in schema.prisma"),

  fn("chat_messages_touch_session()", "trigger function: a conversation's count and activity follow its messages"),
  trigger("chat_messages", "chat_messages_touch_session", "keeps message_count current whoever writes messages"),
  fn("chat_messages_attach_to_branch()", "trigger function: a message without a parent continues the shown branch"),
  trigger("chat_messages", "chat_messages_attach_to_branch", "keeps the message tree whole whoever writes messages"),
  fn("chat_messages_show_branch(integer, integer, integer)", "moves off_branch from the old shown branch to the new one"),
  fn("chat_sessions_follow_shown_leaf()", "trigger function: off_branch follows a switch of the shown leaf"),
  trigger("chat_sessions", "chat_sessions_follow_shown_leaf", "search sees only the shown branch, whoever switches it"),
  fn("run_day_end(timestamp with time zone)", "the UTC day a fill or mark belongs to in run_days (ending at a midnight)"),
  fn("rebuild_run_day_fills(integer[], timestamp with time zone[])", RUN_DAYS),
  fn("rebuild_run_day_marks(integer[], timestamp with time zone[])", RUN_DAYS),
  fn("trades_keep_run_days()", RUN_DAYS),
  fn("trades_add_to_run_days()", RUN_DAYS),
  fn("run_day_add_holdings(json, json)", RUN_DAYS),
  fn("run_day_add_symbol_totals(json, json)", RUN_DAYS),
  fn("price_marks_keep_run_days()", RUN_DAYS),
  trigger("trades", "trades_keep_run_days_insert", RUN_DAYS),
  trigger("trades", "trades_keep_run_days_update", RUN_DAYS),
  trigger("trades", "trades_keep_run_days_delete", RUN_DAYS),
  trigger("trades", "trades_keep_run_days_truncate", RUN_DAYS),
  trigger("price_marks", "price_marks_keep_run_days_insert", RUN_DAYS),
  trigger("price_marks", "price_marks_keep_run_days_update", RUN_DAYS),
  trigger("price_marks", "price_marks_keep_run_days_delete", RUN_DAYS),
  trigger("price_marks", "price_marks_keep_run_days_truncate", RUN_DAYS),
  fn("model_config_json(m models)", VERSIONS),
  fn("models_record_version()", VERSIONS),
  trigger("models", "models_record_version", VERSIONS),
  fn("trading_runs_default_version()", "a run records the configuration version it ran with, by default the latest"),
  trigger("trading_runs", "trading_runs_default_version", "a run records the configuration version it ran with, by default the latest"),
  rowLevelSecurity("model_versions", "enabled", RLS),
  policy("model_versions", "Users can view own model versions", POLICY),
  fn("mark_sessions_deleted(integer[])", "hides the user's conversations for the undo window; RLS's own read policy cannot pass them"),
  fn("restore_deleted_sessions(integer[])", "undo of a delete: brings the user's hidden conversations back within the window"),
  fn("shared_conversation(text)", "a share link's visitor has no user: this reads one live link's frozen snapshot by its token's hash"),
  fn("search_own_messages(tsquery)", "a user's own full-text matches through the GIN index, which RLS keeps out of reach of `@@`"),
  fn("search_own_titles(tsquery)", "a user's own full-text title matches through the GIN index, which RLS keeps out of reach of `@@`"),
  fn("app_current_user_id()", "row-level security: the signed-in user, from the app.user_id setting"),
  fn("app_current_user_is_admin()", "row-level security: whether the signed-in user is an admin"),

  rowLevelSecurity("users", "enabled", RLS),
  rowLevelSecurity("models", "enabled", RLS),
  rowLevelSecurity("trading_runs", "enabled", RLS),
  rowLevelSecurity("trades", "enabled", RLS),
  rowLevelSecurity("price_marks", "enabled", RLS),
  rowLevelSecurity("run_days", "enabled", RLS),
  rowLevelSecurity("chat_sessions", "enabled", RLS),
  rowLevelSecurity("chat_messages", "enabled", RLS),
  rowLevelSecurity("refresh_tokens", "enabled", RLS),
  rowLevelSecurity("session_undo_actions", "enabled", RLS),
  rowLevelSecurity("api_keys", "enabled", RLS),
  rowLevelSecurity("conversation_shares", "enabled", RLS),
  rowLevelSecurity("background_usage", "enabled", RLS),

  policy("users", "Users can view own profile", POLICY),
  policy("users", "Users can update own profile", POLICY),
  policy("refresh_tokens", "Users can manage own refresh tokens", POLICY),
  policy("models", "Users can view own models", POLICY),
  policy("models", "Users can create own models", POLICY),
  policy("models", "Users can update own models", POLICY),
  policy("models", "Users can delete own models", POLICY),
  policy("trading_runs", "Users can view own runs", POLICY),
  policy("trading_runs", "Users can create own runs", POLICY),
  policy("trading_runs", "Users can update own runs", POLICY),
  policy("trades", "Users can add trades to own runs", OWNER_WRITES),
  policy("trades", "Users can update trades of own runs", OWNER_WRITES),
  policy("price_marks", "Users can add price marks to own runs", OWNER_WRITES),
  policy("price_marks", "Users can update price marks of own runs", OWNER_WRITES),
  policy("api_keys", "Users can manage own api keys", POLICY),
  policy("trades", "Users can view own trades", RUN_POLICY),
  policy("price_marks", "Users can view own price marks", RUN_POLICY),
  policy("run_days", "Users can view own run days", RUN_POLICY),
  policy("chat_sessions", "Users can view own chat sessions", POLICY),
  policy("chat_sessions", "Admins can view all chat sessions", POLICY),
  policy("chat_sessions", "Users can create own chat sessions", POLICY),
  policy("chat_sessions", "Users can update own chat sessions", POLICY),
  policy("chat_sessions", "Users can delete own chat sessions", POLICY),
  policy("chat_messages", "Users can view own chat messages", POLICY),
  policy("chat_messages", "Admins can view all chat messages", POLICY),
  policy("chat_messages", "Users can create own chat messages", POLICY),
  policy("chat_messages", "Users can update own chat messages", POLICY),
  policy("chat_messages", "Users can delete own chat messages", POLICY),
  policy("session_undo_actions", "Users can manage own undo actions", POLICY),
  policy("conversation_shares", "Users can manage own shares", POLICY),
  policy("background_usage", "Users can view own background usage", POLICY),
];
