import { FsError } from "../fs-error";
import { normalizeAbsolute, type ProjectFs } from "../project-fs";

export type ModuleFormat = "cjs" | "esm" | "json";
export type Resolved = { builtin: string } | { path: string; format: ModuleFormat };

// Node's core module names: they resolve to the guest's builtins (or its "not available" error),
// never to a project file of the same name.
const coreModules = new Set(
  (
    "assert assert/strict async_hooks buffer child_process cluster console constants crypto dgram diagnostics_channel dns " +
    "dns/promises domain events fs fs/promises http http2 https inspector module net os path path/posix path/win32 " +
    "perf_hooks process punycode querystring readline readline/promises repl stream stream/promises string_decoder sys " +
    "timers timers/promises tls trace_events tty url util util/types v8 vm wasi worker_threads zlib"
  ).split(" "),
);
const extensions = [".js", ".mjs", ".cjs", ".json"];
export const esmSyntax = /^\s*(import\s*[\w{*'"]|export\s+(default|const|let|var|function|class|async|\{|\*))/m;

const dirnameOf = (path: string) => path.slice(0, path.lastIndexOf("/")) || "/";

/** Resolves `require()` and `import` the way Node does, over the box's filesystem. */
export class ModuleResolver {
  private readonly formats = new Map<string, ModuleFormat>();

  constructor(private readonly fs: ProjectFs) {}

  resolve(request: string, fromFile: string): Resolved {
    if (request.startsWith("node:")) return { builtin: request.slice(5) };
    if (coreModules.has(request)) return { builtin: request };
    const base = dirnameOf(fromFile);
    let found: string | undefined;
    if (request.startsWith("./") || request.startsWith("../") || request.startsWith("/") || request === "." || request === "..") {
      const target = normalizeAbsolute(request.startsWith("/") ? request : `${base}/${request}`);
      found = this.asFile(target) ?? this.asDirectory(target);
    } else found = this.fromNodeModules(request, base);
    if (!found) {
      const error = new FsError("MODULE_NOT_FOUND", "require", request);
      error.message = `Cannot find module '${request}'\nRequire stack:\n- ${fromFile}`;
      throw error;
    }
    return { path: found, format: this.formatOf(found) };
  }

  formatOf(path: string): ModuleFormat {
    const known = this.formats.get(path);
    if (known) return known;
    let format: ModuleFormat = "cjs";
    if (path.endsWith(".mjs")) format = "esm";
    else if (path.endsWith(".json")) format = "json";
    else if (path.endsWith(".cjs")) format = "cjs";
    else if (this.packageType(dirnameOf(path)) === "module") format = "esm";
    else if (esmSyntax.test(this.readText(path) ?? "")) format = "esm";
    this.formats.set(path, format);
    return format;
  }

  private isFile(path: string) {
    return this.fs.nodeAt(path)?.kind === "file";
  }

  private readText(path: string): string | undefined {
    try {
      return Buffer.from(this.fs.readBytesSync(path)).toString("utf8");
    } catch {
      return undefined;
    }
  }

  private asFile(path: string): string | undefined {
    if (this.isFile(path)) return path;
    for (const extension of extensions) if (this.isFile(path + extension)) return path + extension;
    return undefined;
  }

  private asDirectory(path: string): string | undefined {
    if (this.fs.nodeAt(path)?.kind !== "dir") return undefined;
    const pkg = this.readPackage(path);
    const main = pkg && this.entryOf(pkg, ".");
    if (main) {
      const target = normalizeAbsolute(`${path}/${main}`);
      const found = this.asFile(target) ?? this.asFile(`${target}/index`);
      if (found) return found;
    }
    return this.asFile(`${path}/index`);
  }

  private fromNodeModules(request: string, base: string): string | undefined {
    const parts = request.split("/");
    const nameLength = request.startsWith("@") ? 2 : 1;
    const name = parts.slice(0, nameLength).join("/");
    const subpath = parts.slice(nameLength).join("/");
    for (let dir = base; ; dir = dirnameOf(dir)) {
      const root = `${dir === "/" ? "" : dir}/node_modules/${name}`;
      if (this.fs.nodeAt(root)?.kind === "dir") {
        const pkg = this.readPackage(root);
        const mapped = pkg && this.entryOf(pkg, subpath ? `./${subpath}` : ".");
        const target = normalizeAbsolute(`${root}/${mapped ?? subpath}`);
        const found = mapped || subpath ? (this.asFile(target) ?? this.asDirectory(target)) : this.asDirectory(root);
        if (found) return found;
      }
      if (dir === "/") return undefined;
    }
  }

  /** `exports` (a string, or conditions import/require/node/default) or `main`. */
  private entryOf(pkg: Record<string, unknown>, subpath: string): string | undefined {
    const exportsField = pkg.exports;
    const pick = (value: unknown): string | undefined => {
      if (typeof value === "string") return value;
      if (Array.isArray(value)) return value.map(pick).find(Boolean);
      if (value && typeof value === "object") {
        const conditions = value as Record<string, unknown>;
        for (const key of ["node", "require", "import", "default"]) if (key in conditions) return pick(conditions[key]);
      }
      return undefined;
    };
    if (exportsField !== undefined) {
      const isMap = typeof exportsField === "object" && exportsField !== null && Object.keys(exportsField).some((k) => k.startsWith("."));
      if (!isMap) return subpath === "." ? pick(exportsField) : undefined;
      return pick((exportsField as Record<string, unknown>)[subpath]);
    }
    return subpath === "." && typeof pkg.main === "string" ? pkg.main : undefined;
  }

  private readPackage(dir: string): Record<string, unknown> | undefined {
    const text = this.readText(`${dir}/package.json`);
    if (text === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  private packageType(dir: string): unknown {
    for (let current = dir; ; current = dirnameOf(current)) {
      const pkg = this.readPackage(current);
      if (pkg) return pkg.type;
      if (current === "/") return undefined;
    }
  }
}
