import { UsageError } from "../args.js";
import type { Command } from "../command.js";
import { table, when } from "../format.js";

const SCOPES = ["read", "runs:write"] as const;
type Scope = (typeof SCOPES)[number];

function scopesOf(values: readonly string[]): Scope[] {
  const chosen = values.length ? values : ["read", "runs:write"];
  return chosen.map((scope) => {
    const known = SCOPES.find((candidate) => candidate === scope);
    if (!known) throw new UsageError(`--scope must be ${SCOPES.join(" or ")}, not "${scope}"`);
    return known;
  });
}

/** `keys` lists, `keys create NAME [--scope S]...` shows the secret once, `keys revoke ID`. */
export const keys: Command = async ({ args, connection, print }) => {
  const [action = "list", ...rest] = args.positionals;
  const api = connection().client.keys;
  if (action === "create") {
    const name = rest.join(" ").trim();
    if (!name) throw new UsageError("parley keys create needs a NAME");
    const created = await api.create.mutate({ name, scopes: scopesOf(args.scope) });
    print(`${created.secret}\n\nThe key "${name}" (${created.key.scopes.join(", ")}). This is the only time its secret is shown.`, created);
    return;
  }
  if (action === "revoke") {
    const keyId = rest[0];
    if (!keyId) throw new UsageError("parley keys revoke needs the key's ID (see parley keys)");
    const revoked = await api.revoke.mutate({ keyId });
    print(`Revoked "${revoked.name}": refused from its next call on.`, revoked);
    return;
  }
  if (action !== "list") throw new UsageError(`unknown keys action "${action}": list, create or revoke`);
  const found = await api.list.query();
  const rows = found.map((k) => [
    k.id,
    k.name,
    k.prefix + "…",
    k.scopes.join(","),
    when(k.createdAt),
    k.lastUsedAt ? when(k.lastUsedAt) : "never",
    k.revokedAt ? "revoked" : "",
  ]);
  print(found.length ? table(["ID", "NAME", "KEY", "SCOPES", "CREATED", "LAST USED", ""], rows) : "No API keys.", found);
};
