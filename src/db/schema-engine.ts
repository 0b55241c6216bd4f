import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';

/**
 * Prisma's schema engine compiled to WebAssembly: the migration differ that `prisma migrate dev`
 * uses, runnable offline (the native engine binary cannot be downloaded on these machines).
 */
export type SchemaEngine = glue.SchemaEngine;

declare global {
  // The wasm glue reports a Rust panic's message here before it traps.
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

/** The tsconfig has no DOM lib, where WebAssembly's constructors are declared; this is all we use. */
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
      RuntimeError: new () => Error;
    };
  }
).WebAssembly;

let lastPanic: string | null = null;
let instantiated = false;

/**
 * The package's entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node 20 cannot
 * load; so we instantiate the module ourselves, with the package's JS glue as its import object.
 * Once per process: the glue keeps the instance in module state.
 */
function instantiate(): void {
  if (instantiated) return;
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      lastPanic = message;
    },
  };
  const entry = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm');
  const bytes = readFileSync(path.join(path.dirname(entry), 'schema_engine_bg.wasm'));
  const instance = new wasmApi.Instance(new wasmApi.Module(bytes), { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  instantiated = true;
}

/**
 * Runs `work` with an engine bound to `adapterFactory`, then frees the engine. Errors that the
 * adapter raised (connection refused, SQL errors) come out as themselves rather than as the
 * engine's opaque wrapper; a panic comes out with its message.
 */
export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  instantiate();
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const unwrap = (error: unknown): unknown => {
    const id = (error as { id?: unknown } | null)?.id;
    const captured = typeof id === 'number' ? bound.errorRegistry.consumeError(id) : undefined;
    if (captured) return captured.error;
    if (error instanceof wasmApi.RuntimeError && lastPanic) {
      return new Error(`Prisma's schema engine panicked: ${lastPanic}`, { cause: error });
    }
    return error;
  };
  let engine: SchemaEngine;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: undefined }, () => undefined, bound);
  } catch (error) {
    throw unwrap(error);
  }
  try {
    return await work(engine);
  } catch (error) {
    throw unwrap(error);
  } finally {
    engine.free();
  }
}
