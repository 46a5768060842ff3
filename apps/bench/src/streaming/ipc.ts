import { wallNow } from "./clock.js";

/** What a child process answers: each method takes at most one (JSON) argument. */
export type Handlers = { [method: string]: (params: never) => unknown };

export type ArgsOf<F> = F extends () => unknown ? [] : F extends (params: infer P) => unknown ? [P] : never;
export type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

export interface IpcRequest {
  id: number;
  method: string;
  params: unknown;
}

export type IpcMessage = { id: number; result: unknown } | { id: number; error: string } | { event: string; data: unknown };

/** Every child answers `clock` with its wallNow(), so the parent can check the clocks agree. */
export const CLOCK_METHOD = "clock";

function send(message: IpcMessage, then?: () => void): void {
  process.send?.(message, undefined, undefined, then);
}

/** Tells the parent something happened (`ready`, or a scenario's replies have all arrived). */
export function emit(event: string, data: unknown = null): void {
  send({ event, data });
}

/**
 * Answers the parent's calls in a child process. After `stop` has answered, the process exits;
 * if the parent goes away first, it exits too rather than linger.
 */
export function serve(handlers: Handlers): void {
  process.on("disconnect", () => process.exit(1));
  process.on("message", (message: IpcRequest) => {
    void answer(handlers, message);
  });
}

async function answer(handlers: Handlers, { id, method, params }: IpcRequest): Promise<void> {
  const handler = method === CLOCK_METHOD ? wallNow : (handlers[method] as ((params: unknown) => unknown) | undefined);
  try {
    if (!handler) throw new Error(`no method ${method}`);
    const result: unknown = await handler(params);
    send({ id, result: result ?? null }, method === "stop" ? () => process.exit(0) : undefined);
  } catch (error) {
    send({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
