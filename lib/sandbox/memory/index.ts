export { createMemorySandbox, memoryRootPath, type MemorySandbox, type MemorySandboxOptions } from "./memory-sandbox";
export { MemoryFs, type MemoryFsChange } from "./memory-fs";
export { runScript } from "./mini-shell/interpreter";
export type { ShellEnvironment, ShellIo } from "./mini-shell/context";
