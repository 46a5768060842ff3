// Copied into a project outside the repository by outside-install.test.ts and compiled there by
// tsc against the packed client: the assertions are compile errors, nothing here runs. (Inside
// the repository it type-checks against the sources, with the same result.) Should the packed
// types fall back to `any`, the `@ts-expect-error` lines go unused, which tsc reports.
import { createParleyClient, type ChatEvent, type RouterOutputs } from "@parley/client";

/** True only when A and B are the same type (`any` matches nothing but `any`). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** `expectType(value).toBe<T>()` compiles only when the value's type is exactly T. */
function expectType<Actual>(_value: Actual) {
  return { toBe: <Expected>(..._proof: Equal<Actual, Expected> extends true ? [] : ["differs from the expected type"]) => undefined };
}

const parley = createParleyClient({ url: "http://127.0.0.1:9", getToken: () => null });

export async function correctCalls() {
  const session = await parley.auth.signIn.mutate({ email: "someone@example.test", password: "a good password" });
  expectType(session.accessToken).toBe<string>();
  // @ts-expect-error -- the check itself refuses a type that is not exactly the value's
  expectType(session.accessToken).toBe<string | number>();
  const me = await parley.auth.me.query();
  expectType(me.role).toBe<"user" | "admin">();
  const stopped = await parley.chat.stop.mutate({ sessionId: 1 });
  expectType(stopped).toBe<{ stopped: boolean }>();
  const status = await parley.chat.status.query();
  expectType(status).toBe<{ offline: boolean; provider: string; chatModel: string }>();
  const models = await parley.models.list.query();
  expectType(models).toBe<RouterOutputs["models"]["list"]>();
  expectType(models[0]?.id).toBe<number | undefined>();
  const deleted = await parley.sessions.delete.mutate({ sessionId: 1 });
  expectType(deleted).toBe<{ id: number; deleted: true; undoId: string; undoUntil: string }>();
  const sent = await parley.chat.send.mutate({ target: { sessionId: 1 }, content: "hello" });
  expectType(sent.reply).toBe<{ messageId: number } | null>();
}

export async function streamedEvents() {
  for await (const event of parley.chat.sendAndStream({ target: { sessionId: 1 }, content: "hello" })) {
    expectType(event).toBe<Exclude<ChatEvent, { type: "resync" | "branch" }>>();
    if (event.type === "delta") expectType(event.text).toBe<string>();
    if (event.type === "done") expectType(event.status).toBe<"complete" | "stopped" | "failed" | "interrupted">();
  }
}

export async function mistakes() {
  // @ts-expect-error -- an unknown procedure
  await parley.nonsense.anything.query();
  // @ts-expect-error -- a wrong input: sessionId is a number
  await parley.sessions.get.query({ sessionId: "1" });
  // @ts-expect-error -- a missing input field
  await parley.auth.signIn.mutate({ email: "someone@example.test" });
  const me = await parley.auth.me.query();
  // @ts-expect-error -- a wrong use of the output: role is "user" | "admin"
  const role: number = me.role;
  const [model] = await parley.models.list.query();
  // @ts-expect-error -- a field no model has
  const nothing: unknown = model?.nonsense;
  return { role, nothing };
}
