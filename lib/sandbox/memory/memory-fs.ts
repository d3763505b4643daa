import { describeFsError } from "../fs-errors";
import { SandboxError, type DirEntry, type FileStat, type SandboxErrorCode } from "../types";

type FileNode = { kind: "file"; data: Uint8Array; mtimeMs: number };
type DirNode = { kind: "dir"; children: Map<string, Node>; mtimeMs: number };
type Node = FileNode | DirNode;

export type MemoryFsChange = { change: "created" | "changed" | "deleted"; path: string; kind: "file" | "dir" };

const fail = (code: SandboxErrorCode, path: string): never => {
  throw new SandboxError(code, describeFsError(code, path));
};
const split = (path: string) => path.split("/").filter((s) => s !== "" && s !== ".");

/**
 * An in-memory folder tree with Node's fs semantics (ENOENT, EEXIST, ENOTDIR, …) over normalized
 * project-relative paths ("" is the root). Synchronous so a tiny shell can use it directly; the
 * memory sandbox and the WebContainer fake both sit on it.
 */
export class MemoryFs {
  private readonly root: DirNode = { kind: "dir", children: new Map(), mtimeMs: Date.now() };
  private readonly listeners = new Set<(change: MemoryFsChange) => void>();

  /** Every change, as it happens; listener errors are reported, never thrown into the writer. */
  onChange(listener: (change: MemoryFsChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  kindOf(path: string): "file" | "dir" | null {
    return this.find(path)?.kind ?? null;
  }

  stat(path: string): FileStat {
    const node = this.find(path) ?? fail("ENOENT", path);
    return { kind: node.kind, size: node.kind === "file" ? node.data.byteLength : 0, mtimeMs: node.mtimeMs };
  }

  readFile(path: string): Uint8Array {
    const node = this.find(path, true) ?? fail("ENOENT", path);
    if (node.kind === "dir") fail("EISDIR", path);
    return (node as FileNode).data.slice();
  }

  writeFile(path: string, data: Uint8Array, options?: { append?: boolean }): void {
    const { parent, name } = this.parentOf(path);
    const existing = parent.children.get(name);
    if (existing?.kind === "dir") fail("EISDIR", path);
    let bytes = data.slice();
    if (options?.append && existing?.kind === "file") {
      bytes = new Uint8Array(existing.data.byteLength + data.byteLength);
      bytes.set(existing.data);
      bytes.set(data, existing.data.byteLength);
    }
    parent.children.set(name, { kind: "file", data: bytes, mtimeMs: Date.now() });
    parent.mtimeMs = Date.now();
    this.emit({ change: existing ? "changed" : "created", path: split(path).join("/"), kind: "file" });
  }

  /** Updates a file's mtime, creating it empty when missing (`touch`). */
  touch(path: string): void {
    const node = this.find(path);
    if (!node) return this.writeFile(path, new Uint8Array());
    node.mtimeMs = Date.now();
    if (node.kind === "file") this.emit({ change: "changed", path: split(path).join("/"), kind: "file" });
  }

  readdir(path: string): DirEntry[] {
    const node = this.find(path, true) ?? fail("ENOENT", path);
    if (node.kind !== "dir") fail("ENOTDIR", path);
    return [...(node as DirNode).children]
      .map(([name, child]) => ({ name, kind: child.kind }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  mkdir(path: string, options?: { recursive?: boolean }): void {
    const segments = split(path);
    if (segments.length === 0) return options?.recursive ? undefined : fail("EEXIST", path);
    if (!options?.recursive) {
      const { parent, name } = this.parentOf(path);
      if (parent.children.has(name)) fail("EEXIST", path);
      parent.children.set(name, { kind: "dir", children: new Map(), mtimeMs: Date.now() });
      this.emit({ change: "created", path: segments.join("/"), kind: "dir" });
      return;
    }
    let dir = this.root;
    segments.forEach((segment, i) => {
      const here = segments.slice(0, i + 1).join("/");
      const child = dir.children.get(segment);
      if (child?.kind === "file") fail(i === segments.length - 1 ? "EEXIST" : "ENOTDIR", here);
      if (child) return void (dir = child as DirNode);
      const created: DirNode = { kind: "dir", children: new Map(), mtimeMs: Date.now() };
      dir.children.set(segment, created);
      dir = created;
      this.emit({ change: "created", path: here, kind: "dir" });
    });
  }

  rm(path: string, options?: { recursive?: boolean; force?: boolean }): void {
    if (split(path).length === 0) fail("EINVAL", path);
    let located: { parent: DirNode; name: string };
    try {
      located = this.parentOf(path);
    } catch (error) {
      if (options?.force) return;
      throw error;
    }
    const node = located.parent.children.get(located.name);
    if (!node) return options?.force ? undefined : fail("ENOENT", path);
    // Node's fs.rm refuses any folder without `recursive`, empty or not.
    if (node.kind === "dir" && !options?.recursive) fail("EISDIR", path);
    located.parent.children.delete(located.name);
    located.parent.mtimeMs = Date.now();
    this.emit({ change: "deleted", path: split(path).join("/"), kind: node.kind });
  }

  rename(from: string, to: string): void {
    const source = this.parentOf(from);
    const node = source.parent.children.get(source.name) ?? fail("ENOENT", from);
    const fromPath = split(from).join("/");
    const toPath = split(to).join("/");
    if (toPath === fromPath) return;
    if (toPath.startsWith(fromPath + "/")) fail("EINVAL", to);
    const target = this.parentOf(to);
    const existing = target.parent.children.get(target.name);
    if (existing) {
      if (node.kind === "file" && existing.kind === "dir") fail("EISDIR", to);
      if (node.kind === "dir" && existing.kind === "file") fail("ENOTDIR", to);
      if (existing.kind === "dir" && existing.children.size > 0) fail("ENOTEMPTY", to);
    }
    source.parent.children.delete(source.name);
    target.parent.children.set(target.name, node);
    source.parent.mtimeMs = target.parent.mtimeMs = Date.now();
    this.emit({ change: "deleted", path: fromPath, kind: node.kind });
    this.emit({ change: existing ? "changed" : "created", path: toPath, kind: node.kind });
  }

  /** Every file and folder below `path`, depth first, parents before children. */
  walk(path = ""): Array<{ path: string; kind: "file" | "dir" }> {
    const out: Array<{ path: string; kind: "file" | "dir" }> = [];
    const visit = (dir: DirNode, prefix: string) => {
      for (const [name, child] of dir.children) {
        const childPath = prefix ? `${prefix}/${name}` : name;
        out.push({ path: childPath, kind: child.kind });
        if (child.kind === "dir") visit(child, childPath);
      }
    };
    const start = this.find(path);
    if (start?.kind === "dir") visit(start, split(path).join("/"));
    return out;
  }

  private find(path: string, strict = false): Node | undefined {
    let node: Node = this.root;
    const segments = split(path);
    for (const [i, segment] of segments.entries()) {
      if (node.kind !== "dir") return strict ? fail("ENOTDIR", segments.slice(0, i).join("/")) : undefined;
      const child: Node | undefined = node.children.get(segment);
      if (!child) return undefined;
      node = child;
    }
    return node;
  }

  /** The folder that holds `path`; ENOENT when it is missing, ENOTDIR when it is a file. */
  private parentOf(path: string): { parent: DirNode; name: string } {
    const segments = split(path);
    const name = segments.pop() ?? fail("EINVAL", path);
    const parentPath = segments.join("/");
    const parent = this.find(parentPath, true) ?? fail("ENOENT", path);
    if (parent.kind !== "dir") fail("ENOTDIR", path);
    return { parent: parent as DirNode, name };
  }

  private emit(change: MemoryFsChange) {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
