import { UsageError } from "../args.js";
import type { Command } from "../command.js";
import { toStoredSession } from "../connect.js";

export const login: Command = async ({ args, url, store, terminal, connection, print }) => {
  const email = (args.email ?? (await terminal.readLine("Email: ")))?.trim();
  if (!email) throw new UsageError("an email address is needed to sign in (--email, or type it)");
  const password = await terminal.readSecret("Password: ");
  if (!password) throw new UsageError("a password is needed to sign in");
  const tokens = await connection().anonymous.auth.signIn.mutate({ email, password });
  await store.write(url, toStoredSession(tokens));
  const { user } = tokens;
  print(`Signed in to ${url} as ${user.email}${user.role === "admin" ? " (administrator)" : ""}.`, { url, user });
};

export const logout: Command = async ({ url, store, terminal, connection, print }) => {
  const saved = await store.read(url);
  if (saved) {
    // Forget the tokens here even when the server cannot be told: signing out is about this machine.
    await connection()
      .anonymous.auth.signOut.mutate({ refreshToken: saved.refreshToken })
      .catch((error: unknown) => terminal.err(`warning: the server did not revoke the session: ${(error as Error).message}\n`));
    await store.remove(url);
  }
  print(saved ? `Signed out of ${url}.` : `Not signed in to ${url}.`, { url, signedOut: Boolean(saved) });
};

export const whoami: Command = async ({ url, connection, print }) => {
  const { client } = connection();
  const [user, assistant] = await Promise.all([client.auth.me.query(), client.chat.status.query()]);
  const answers = assistant.offline ? "the offline assistant" : `${assistant.provider} (${assistant.chatModel})`;
  print(`${user.displayName} <${user.email}>, ${user.role}, at ${url}; ${answers} answers.`, { url, user, assistant });
};
