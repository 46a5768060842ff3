import { z } from "zod";
import type { Db } from "../../db/as-user.js";
import type { ToolSpec } from "../providers/provider.js";
import type { BoundRun } from "./bound-run.js";

/**
 * Runs a query in its own transaction as the conversation's user, so row-level security applies.
 * Reads of one call may run at once, on separate connections.
 */
export type Read = <T>(query: (tx: Db) => Promise<T>) => Promise<T>;

/** What a tool does once its arguments are valid: read what it is bound to, return compact JSON. */
export type ScopedWork<Scope> = (read: Read, scope: Scope) => Promise<unknown>;

/**
 * A tool bound by its toolbox to a scope (a run, or a model's runs): its input never names the
 * scope, so a conversation can only ever read its own.
 */
export interface ScopedTool<Scope> {
  spec: ToolSpec;
  /** Validates parsed JSON arguments: the work they ask for, or what is wrong with them. */
  prepare(args: unknown): { ok: true; work: ScopedWork<Scope> } | { ok: false; error: string };
}

/** A tool of a run conversation. */
export type RunTool = ScopedTool<BoundRun>;

/**
 * A mistake in the arguments that only shows while running (a cursor of another sort, a range
 * too long for the interval): the model reads the message and can correct the call.
 */
export class ToolInputError extends Error {
  override name = "ToolInputError";
}

/** The argument schema is a strict object: an unexpected key is an error the model sees. */
export function defineScopedTool<Scope, Schema extends z.ZodObject>(definition: {
  name: string;
  description: string;
  input: Schema;
  run: (read: Read, scope: Scope, input: z.output<Schema>) => Promise<unknown>;
}): ScopedTool<Scope> {
  const { $schema: _dialect, ...parameters } = z.toJSONSchema(definition.input, { io: "input" });
  return {
    spec: { name: definition.name, description: definition.description, parameters },
    prepare(args) {
      const parsed = definition.input.safeParse(args);
      if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
      return { ok: true, work: (read, scope) => definition.run(read, scope, parsed.data) };
    },
  };
}

/** A run conversation's tool. */
export const defineTool = <Schema extends z.ZodObject>(definition: {
  name: string;
  description: string;
  input: Schema;
  run: (read: Read, run: BoundRun, input: z.output<Schema>) => Promise<unknown>;
}): RunTool => defineScopedTool(definition);

const NO_RUN_ARGUMENT = "the tools always read this conversation's run, so they take no run, model or user id";

/** Zod issues as one line the model can act on. */
export function describeIssues(error: z.ZodError): string {
  const issues = error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const names = issue.keys.join(", ");
      return /run|user|model|owner|account/i.test(names) ? `unknown argument ${names}: ${NO_RUN_ARGUMENT}` : `unknown argument ${names}`;
    }
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return `Invalid arguments: ${issues.join("; ")}`;
}
