import { requiredId, contextOf } from "../args.js";
import type { Command } from "../command.js";
import { sessionTable, table, when } from "../format.js";
import { importFills } from "./import-fills.js";

export const models: Command = async ({ args, connection, print }) => {
  const found = await connection().client.models.list.query({ includeDeleted: args.deleted });
  const rows = found.map((m) => [
    String(m.id),
    m.name,
    m.tradingStyle,
    m.instrument,
    m.tradingMode,
    m.defaultAiModel,
    m.deletedAt ? "deleted" : "",
  ]);
  const human = found.length ? table(["ID", "NAME", "STYLE", "INSTRUMENT", "MODE", "AI MODEL", ""], rows) : "No models.";
  print(human, found);
};

export const runs: Command = async (context) => {
  if (context.args.positionals[0] === "import") return importFills(context);
  const { args, connection, print } = context;
  const modelId = args.model ?? requiredId(args, "model id");
  const found = await connection().client.runs.list.query({ modelId });
  const rows = found.map((r) => [
    String(r.id),
    r.status,
    when(r.startedAt),
    when(r.endedAt),
    String(r.headline.fills),
    r.headline.netRealizedPnl.toFixed(2),
  ]);
  print(found.length ? table(["ID", "STATUS", "STARTED", "ENDED", "FILLS", "NET P&L"], rows) : "No runs.", found);
};

export const conversations: Command = async ({ args, connection, print }) => {
  const chosen = args.general || args.model !== undefined;
  const filter = chosen ? contextOf(args) : { kind: "all" as const };
  const page = await connection().client.sessions.list.query({ filter, limit: args.limit ?? 50 });
  const more = page.nextCursor ? `\n(more: --limit ${Math.min(100, (args.limit ?? 50) * 2)} shows further back)` : "";
  print(sessionTable(page.items) + more, page.items);
};
