import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// Prisma's schema parser, compiled to WebAssembly, ships inside the `prisma` CLI package
// (build/prisma_schema_build_bg.wasm): the same code as `@prisma/prisma-schema-wasm`, which is
// not installed here. It needs no engine binary, so it reads schema.prisma offline. Its
// JavaScript glue is bundled into the CLI and not exported, so this file is a minimal
// replacement for the part of wasm-bindgen's glue that string-in/string-out calls need.

// @types/node 20 and lib ES2023 do not declare WebAssembly; these are the members used here.
// eslint-disable-next-line @typescript-eslint/no-namespace -- describes the global WebAssembly namespace, which has no module form
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
    static imports(module: Module): { module: string; name: string }[];
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, (...args: number[]) => unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  class Table {
    get(index: number): unknown;
    set(index: number, value: unknown): void;
    grow(delta: number): number;
  }
}

type WasmFunction = (...args: number[]) => unknown;

interface SchemaWasm {
  memory: WebAssembly.Memory;
  externrefs: WebAssembly.Table;
  call(name: string, ...args: number[]): unknown;
}

let instance: SchemaWasm | undefined;
let lastPanic = "";
const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

function wasmPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("prisma/package.json")), "build", "prisma_schema_build_bg.wasm");
}

function instantiate(): SchemaWasm {
  const module = new WebAssembly.Module(readFileSync(wasmPath()));
  // Assigned once below, but the callbacks defined before then read it: it cannot be a const.
  // eslint-disable-next-line prefer-const
  let wasm: SchemaWasm | undefined;
  const text = (ptr: number, len: number): string => {
    if (!wasm) throw new Error("prisma-schema-wasm called back before it was instantiated");
    return decoder.decode(new Uint8Array(wasm.memory.buffer, ptr >>> 0, len));
  };
  // The import names carry build hashes; their prefixes are wasm-bindgen's stable part.
  const handlers: [string, WasmFunction][] = [
    ["__wbg_Error_", (ptr, len) => new Error(text(ptr, len))],
    [
      "__wbg___wbindgen_throw_",
      (ptr, len) => {
        throw new Error(text(ptr, len));
      },
    ],
    [
      "__wbg_set_message_",
      (ptr, len) => {
        lastPanic = text(ptr, len);
      },
    ],
    ["__wbindgen_init_externref_table", () => initExternrefTable(wasm)],
  ];
  const imports: Record<string, Record<string, WasmFunction>> = {};
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    const handler = handlers.find(([prefix]) => name.startsWith(prefix))?.[1];
    if (!handler) throw new Error(`prisma-schema-wasm wants an import this glue lacks: ${name}`);
    (imports[from] ??= {})[name] = handler;
  }
  wasm = wrapExports(new WebAssembly.Instance(module, imports).exports);
  wasm.call("__wbindgen_start");
  return wasm;
}

function wrapExports(exports: Record<string, unknown>): SchemaWasm {
  const { memory, __wbindgen_externrefs: externrefs } = exports;
  if (!(memory instanceof WebAssembly.Memory) || !(externrefs instanceof WebAssembly.Table)) {
    throw new Error("prisma-schema-wasm does not export the expected memory and externref table");
  }
  return {
    memory,
    externrefs,
    call(name, ...args) {
      const fn = exports[name];
      if (typeof fn !== "function") throw new Error(`prisma-schema-wasm has no export ${name}`);
      return (fn as WasmFunction)(...args);
    },
  };
}

// Mirrors wasm-bindgen's glue: slots for undefined, null, true and false.
function initExternrefTable(wasm: SchemaWasm | undefined): void {
  if (!wasm) return;
  const offset = wasm.externrefs.grow(4);
  wasm.externrefs.set(0, undefined);
  [undefined, null, true, false].forEach((value, i) => wasm.externrefs.set(offset + i, value));
}

/** Calls a `fn(input: string) -> Result<String, JsError>` export, e.g. `get_datamodel`. */
export function callSchemaWasm(name: string, input: string): string {
  const wasm = (instance ??= instantiate());
  lastPanic = "";
  const bytes = encoder.encode(input);
  const ptr = Number(wasm.call("__wbindgen_malloc", bytes.length, 1)) >>> 0;
  new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
  let result: unknown;
  try {
    result = wasm.call(name, ptr, bytes.length);
  } catch (error) {
    // A Rust panic aborts the instance; the next call starts a fresh one.
    instance = undefined;
    throw new Error(`prisma-schema-wasm ${name} panicked: ${lastPanic || String(error)}`, { cause: error });
  }
  if (!Array.isArray(result) || result.length !== 4) throw new Error(`prisma-schema-wasm ${name}: unexpected ABI`);
  const [outPtr, outLen, errorIndex, failed] = result.map(Number) as [number, number, number, number];
  if (failed) {
    const error = wasm.externrefs.get(errorIndex);
    wasm.call("__externref_table_dealloc", errorIndex);
    throw error instanceof Error ? error : new Error(String(error));
  }
  try {
    return decoder.decode(new Uint8Array(wasm.memory.buffer, outPtr >>> 0, outLen));
  } finally {
    wasm.call("__wbindgen_free", outPtr, outLen, 1);
  }
}
