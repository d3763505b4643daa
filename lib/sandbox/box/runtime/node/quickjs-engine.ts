import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import variant from "@jitl/quickjs-wasmfile-release-sync";
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from "quickjs-emscripten-core";

const pageBytes = 64 * 1024;
let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * A fresh QuickJS instance per `node` run, in its own WebAssembly.Memory capped at `memoryBytes`:
 * QuickJS's own allocator limit alone let a memory bomb grow the heap to 2 GB, and a fresh
 * instance means nothing survives from one run to the next. The compiled module is shared (~5 ms
 * to instantiate after the first).
 */
export async function createQuickJs({ memoryBytes }: { memoryBytes: number }): Promise<QuickJSWASMModule> {
  compiled ??= WebAssembly.compile(readFileSync(createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm")));
  const wasmModule = await compiled;
  const wasmMemory = new WebAssembly.Memory({ initial: 256, maximum: Math.max(256, Math.floor(memoryBytes / pageBytes)) });
  return newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmModule, wasmMemory }));
}
