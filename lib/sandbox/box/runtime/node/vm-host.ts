/**
 * The only functions the QuickJS guest can reach on the host side. Each takes and returns plain
 * data (strings, numbers, ArrayBuffers copied across), so no host object, prototype or function is
 * ever visible inside the VM; `compile` returns a function created inside the VM. This is the
 * guest's view: underneath, every string crosses as JSON text (vm-prelude.ts wraps the raw host),
 * because QuickJS hands strings over as C strings, which end at U+0000.
 */
export type VmHost = {
  write(fd: number, text: string): void;
  /** A filesystem or module-resolution call; answers JSON `{ "v": value }` or `{ "e": error }`. */
  call(op: string, argsJson: string): string;
  /** A file's bytes, or a JSON error string. */
  readBinary(path: string): ArrayBuffer | string;
  /** "" on success, or a JSON error string. */
  writeBinary(path: string, data: ArrayBuffer, append: boolean): string;
  encode(text: string, encoding: string): ArrayBuffer;
  decode(data: ArrayBuffer, encoding: string): string;
  /** Compiles a CommonJS module body into `function (exports, require, module, __filename, __dirname)`. */
  compile(source: string, filename: string): (...args: unknown[]) => unknown;
  exit(code: number): void;
  now(): number;
};

/** What the guest's `process` starts with. */
export type VmInfo = {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin: string;
  version: string;
};

export type VmError = { code?: string; message: string; syscall?: string; path?: string };

/** What the prelude's parts share inside the VM: each adds its exports for the parts after it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- guest values of every shape
export type VmShared = { info: VmInfo; [name: string]: any };

/** What the prelude hands back to the host to drive the program. */
export type VmControl = {
  runMain(path: string): void;
  /** Gives `node -e` code its require, module and exports globals. */
  prepareEval(filename: string): void;
  print(value: unknown): void;
  /** Requires a CommonJS file for an ES module importing it; answers its export names as JSON. */
  loadCommonJs(path: string): string;
  /** Milliseconds until the next timer is due, or -1 when none is pending. */
  nextTimer(): number;
  runTimers(): void;
  emitExit(code: number): void;
  exitCode(): number;
  formatError(error: unknown): string;
  builtinNames(): string;
};
