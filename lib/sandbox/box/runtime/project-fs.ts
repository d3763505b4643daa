import type { ByteString, CpOptions, FileContent, FsStat, IFileSystem, MkdirOptions, RmOptions } from "just-bash";
import { FsError } from "./fs-error";

type Meta = { mode: number; mtime: Date; ino: number };
type FileNode = Meta & { kind: "file"; data: Uint8Array };
type DirNode = Meta & { kind: "dir"; entries: Map<string, Node> };
type LinkNode = Meta & { kind: "symlink"; target: string };
type Node = FileNode | DirNode | LinkNode;
type Located = { parent: DirNode | null; name: string; node: Node | undefined; path: string };
type Encoding = "utf8" | "utf-8" | "ascii" | "binary" | "base64" | "hex" | "latin1";
type EncodingOption = Encoding | { encoding?: Encoding | null } | null | undefined;

export type ProjectFsOptions = {
  /** Absolute path of the project inside the box, e.g. "/project". */
  root: string;
  /** Bytes of files under the root. */
  projectBytes: number;
  /** Files under the root. */
  projectFiles: number;
  /** Bytes of every file in the box (project plus /tmp and the like). */
  totalBytes: number;
  /** Largest single file. */
  fileBytes: number;
  /** Called with each absolute path a mutation touched (resolved, before or after the change). */
  onChange?: (path: string) => void;
  /** Files whose writes go to a handler instead of being stored (output streams). */
  devices?: Record<string, (bytes: Uint8Array) => void>;
};

const maxSymlinkHops = 40;
const maxNodes = 400_000;

const encodingOf = (option: EncodingOption): Encoding | null =>
  typeof option === "string" ? option : option && typeof option === "object" ? (option.encoding ?? null) : null;
const toBytes = (content: FileContent, option?: EncodingOption): Uint8Array =>
  typeof content === "string" ? new Uint8Array(Buffer.from(content, encodingOf(option) ?? "utf8")) : content;
const segmentsOf = (path: string) => path.split("/").filter((s) => s !== "" && s !== ".");
const join = (dir: string, name: string) => (dir === "/" ? `/${name}` : `${dir}/${name}`);

/** Lexical normalization of an absolute path ("/a/./b/../c" → "/a/c"). */
export function normalizeAbsolute(path: string): string {
  const out: string[] = [];
  for (const segment of segmentsOf(path)) {
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return "/" + out.join("/");
}

/**
 * The box's whole filesystem, in memory. It implements just-bash's IFileSystem (async, as the shell
 * expects) on a synchronous core, because the `node` command runs guest code on QuickJS's sync
 * build and must read and write files without awaiting. Every mutation is reported through
 * `onChange` so the host learns what a command wrote; sizes and file counts are enforced here, so a
 * script cannot fill the box's memory through the filesystem.
 */
export class ProjectFs implements IFileSystem {
  private readonly rootDir: DirNode;
  private nextIno = 1;
  private usage = { totalBytes: 0, projectBytes: 0, projectFiles: 0, nodes: 1 };

  constructor(private readonly options: ProjectFsOptions) {
    this.rootDir = this.newDir(0o755);
    this.mkdirSync(options.root, { recursive: true });
    for (const device of Object.keys(options.devices ?? {})) this.writeBytesSync(device, new Uint8Array(0), { device: false });
  }

  // ── synchronous core ────────────────────────────────────────────────────────────────────────

  /** Resolves a path; symlinks on the way are followed, the last one only when `follow`. */
  locate(path: string, follow: boolean, syscall = "open"): Located {
    if (path.includes("\0")) throw new FsError("EINVAL", syscall, path.replace(/\0/g, "\\0"));
    let pending = segmentsOf(path);
    const names: string[] = [];
    const dirs: DirNode[] = [this.rootDir];
    let hops = 0;
    while (pending.length > 0) {
      const segment = pending[0]!;
      pending = pending.slice(1);
      if (segment === "..") {
        if (names.length > 0) {
          names.pop();
          dirs.pop();
        }
        continue;
      }
      const dir = dirs[dirs.length - 1]!;
      const node = dir.entries.get(segment);
      const last = pending.length === 0;
      if (node?.kind === "symlink" && (!last || follow)) {
        if (++hops > maxSymlinkHops) throw new FsError("ELOOP", syscall, path);
        if (node.target.startsWith("/")) {
          names.length = 0;
          dirs.length = 1;
        }
        pending = [...segmentsOf(node.target), ...pending];
        continue;
      }
      if (last) return { parent: dir, name: segment, node, path: "/" + [...names, segment].join("/") };
      if (!node) throw new FsError("ENOENT", syscall, path);
      if (node.kind !== "dir") throw new FsError("ENOTDIR", syscall, path);
      names.push(segment);
      dirs.push(node);
    }
    const node = dirs[dirs.length - 1]!;
    return { parent: dirs[dirs.length - 2] ?? null, name: names[names.length - 1] ?? "", node, path: "/" + names.join("/") };
  }

  nodeAt(path: string, follow = true): Node | undefined {
    try {
      return this.locate(path, follow).node;
    } catch {
      return undefined;
    }
  }

  readBytesSync(path: string): Uint8Array {
    const { node } = this.locate(path, true);
    if (!node) throw new FsError("ENOENT", "open", path);
    if (node.kind === "dir") throw new FsError("EISDIR", "read", path);
    return (node as FileNode).data;
  }

  /** Writes a file; with `createParents` missing folders are made (just-bash expects that). */
  writeBytesSync(path: string, data: Uint8Array, { append = false, createParents = true, device = true } = {}): void {
    if (createParents) this.ensureParent(path);
    const at = this.locate(path, true);
    if (!at.parent) throw new FsError("EISDIR", "open", path);
    if (at.path === "/dev/null") return;
    const handler = device ? this.options.devices?.[at.path] : undefined;
    if (handler) return handler(data);
    const existing = at.node;
    if (existing?.kind === "dir") throw new FsError("EISDIR", "open", path);
    let bytes = data;
    if (append && existing?.kind === "file") {
      bytes = new Uint8Array(existing.data.byteLength + data.byteLength);
      bytes.set(existing.data);
      bytes.set(data, existing.data.byteLength);
    }
    if (bytes.byteLength > this.options.fileBytes)
      throw new FsError("EFBIG", "write", path, `file too large (limit ${this.options.fileBytes} bytes)`);
    const previous = existing?.kind === "file" ? existing.data.byteLength : 0;
    this.reserve(at.path, bytes.byteLength - previous, existing ? 0 : 1, existing ? 0 : 1, "open");
    if (existing?.kind === "file") {
      existing.data = bytes;
      existing.mtime = new Date();
    } else {
      at.parent.entries.set(at.name, { kind: "file", data: bytes, mode: 0o644, mtime: new Date(), ino: this.nextIno++ });
      at.parent.mtime = new Date();
    }
    this.changed(at.path);
  }

  writeFileSync(path: string, content: FileContent, options?: EncodingOption): void {
    this.writeBytesSync(path, toBytes(content, options));
  }

  mkdirSync(path: string, options?: MkdirOptions): void {
    if (!options?.recursive) return this.makeDir(path);
    let current = "";
    for (const segment of segmentsOf(normalizeAbsolute(path))) {
      current += "/" + segment;
      const node = this.nodeAt(current);
      if (!node) this.makeDir(current);
      else if (node.kind !== "dir") throw new FsError(current === normalizeAbsolute(path) ? "EEXIST" : "ENOTDIR", "mkdir", path);
    }
  }

  readdirSync(path: string): Array<{ name: string; node: Node }> {
    const { node } = this.locate(path, true, "scandir");
    if (!node) throw new FsError("ENOENT", "scandir", path);
    if (node.kind !== "dir") throw new FsError("ENOTDIR", "scandir", path);
    return [...node.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, child]) => ({ name, node: child }));
  }

  statSync(path: string, follow = true): FsStat {
    const syscall = follow ? "stat" : "lstat";
    const { node } = this.locate(path, follow, syscall);
    if (!node) throw new FsError("ENOENT", syscall, path);
    return {
      isFile: node.kind === "file",
      isDirectory: node.kind === "dir",
      isSymbolicLink: node.kind === "symlink",
      mode: node.mode | (node.kind === "dir" ? 0o040000 : node.kind === "file" ? 0o100000 : 0o120000),
      size: node.kind === "file" ? node.data.byteLength : node.kind === "symlink" ? node.target.length : 4096,
      mtime: node.mtime,
      ino: node.ino,
    };
  }

  rmSync(path: string, options?: RmOptions): void {
    const at = this.locate(path, false, "rm");
    if (!at.node) {
      if (options?.force) return;
      throw new FsError("ENOENT", "rm", path);
    }
    this.requireMovable(at.path, "rm");
    if (at.node.kind === "dir" && at.node.entries.size > 0 && !options?.recursive)
      throw new FsError("ENOTEMPTY", "rm", path);
    const removed = this.measure(at.node, at.path);
    this.forEachPath(at.node, at.path, (p) => this.changed(p));
    at.parent!.entries.delete(at.name);
    at.parent!.mtime = new Date();
    this.usage.totalBytes -= removed.bytes;
    this.usage.projectBytes -= removed.projectBytes;
    this.usage.projectFiles -= removed.projectFiles;
    this.usage.nodes -= removed.nodes;
  }

  renameSync(from: string, to: string): void {
    const source = this.locate(from, false, "rename");
    if (!source.node) throw new FsError("ENOENT", "rename", from);
    this.requireMovable(source.path, "rename");
    const target = this.locate(to, false, "rename");
    if (!target.parent) throw new FsError("EBUSY", "rename", to);
    if (target.path === source.path) return;
    if (target.path.startsWith(source.path + "/")) throw new FsError("EINVAL", "rename", to);
    if (target.node?.kind === "dir") {
      if (source.node.kind !== "dir") throw new FsError("EISDIR", "rename", to);
      if (target.node.entries.size > 0) throw new FsError("ENOTEMPTY", "rename", to);
    } else if (target.node && source.node.kind === "dir") throw new FsError("ENOTDIR", "rename", to);
    // Moving across the project boundary changes what counts against the project's limits.
    const moved = this.measure(source.node, source.path);
    const landed = this.measure(source.node, target.path);
    const replaced = target.node ? this.measure(target.node, target.path) : { projectBytes: 0, projectFiles: 0 };
    this.reserve(target.path, 0, 0, 0, "rename", {
      projectBytes: landed.projectBytes - moved.projectBytes - replaced.projectBytes,
      projectFiles: landed.projectFiles - moved.projectFiles - replaced.projectFiles,
      book: false,
    });
    this.forEachPath(source.node, source.path, (p) => this.changed(p));
    if (target.node) this.rmSync(target.path, { recursive: true });
    source.parent!.entries.delete(source.name);
    source.parent!.mtime = new Date();
    target.parent.entries.set(target.name, source.node);
    target.parent.mtime = new Date();
    this.usage.projectBytes += landed.projectBytes - moved.projectBytes;
    this.usage.projectFiles += landed.projectFiles - moved.projectFiles;
    this.forEachPath(source.node, target.path, (p) => this.changed(p));
  }

  /** Every file and folder below `path` (project-relative paths when `path` is the project root). */
  listTree(path: string): Array<{ path: string; node: Node }> {
    const start = this.nodeAt(path);
    const out: Array<{ path: string; node: Node }> = [];
    if (start) this.forEachPath(start, path, (p, node) => out.push({ path: p, node }));
    return out;
  }

  // ── just-bash's IFileSystem ─────────────────────────────────────────────────────────────────

  async readFile(path: string, options?: EncodingOption): Promise<string> {
    return Buffer.from(this.readBytesSync(path)).toString(encodingOf(options) ?? "utf8");
  }
  async readFileBytes(path: string): Promise<ByteString> {
    return Buffer.from(this.readBytesSync(path)).toString("latin1") as unknown as ByteString;
  }
  async readFileBuffer(path: string): Promise<Uint8Array> {
    return this.readBytesSync(path);
  }
  async writeFile(path: string, content: FileContent, options?: EncodingOption): Promise<void> {
    this.writeBytesSync(path, toBytes(content, options));
  }
  async appendFile(path: string, content: FileContent, options?: EncodingOption): Promise<void> {
    this.writeBytesSync(path, toBytes(content, options), { append: true });
  }
  async exists(path: string): Promise<boolean> {
    return this.nodeAt(path) !== undefined;
  }
  async stat(path: string): Promise<FsStat> {
    return this.statSync(path, true);
  }
  async lstat(path: string): Promise<FsStat> {
    return this.statSync(path, false);
  }
  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    this.mkdirSync(path, options);
  }
  async readdir(path: string): Promise<string[]> {
    return this.readdirSync(path).map((entry) => entry.name);
  }
  async readdirWithFileTypes(path: string) {
    return this.readdirSync(path).map(({ name, node }) => ({
      name,
      isFile: node.kind === "file",
      isDirectory: node.kind === "dir",
      isSymbolicLink: node.kind === "symlink",
    }));
  }
  async rm(path: string, options?: RmOptions): Promise<void> {
    this.rmSync(path, options);
  }
  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    this.cpSync(src, dest, options);
  }
  cpSync(src: string, dest: string, options?: CpOptions): void {
    const source = this.locate(src, true, "cp");
    if (!source.node) throw new FsError("ENOENT", "cp", src);
    if (source.node.kind === "dir" && !options?.recursive) throw new FsError("EISDIR", "cp", src);
    this.copyNode(source.node, dest);
  }
  async mv(src: string, dest: string): Promise<void> {
    this.renameSync(src, dest);
  }
  resolvePath(base: string, path: string): string {
    return normalizeAbsolute(path.startsWith("/") ? path : `${base}/${path}`);
  }
  getAllPaths(): string[] {
    return this.listTree("/").map((entry) => entry.path);
  }
  async chmod(path: string, mode: number): Promise<void> {
    this.chmodSync(path, mode);
  }
  chmodSync(path: string, mode: number): void {
    const { node } = this.locate(path, true, "chmod");
    if (!node) throw new FsError("ENOENT", "chmod", path);
    node.mode = mode & 0o7777;
    this.changed(this.locate(path, true).path);
  }
  async symlink(target: string, linkPath: string): Promise<void> {
    this.symlinkSync(target, linkPath);
  }
  symlinkSync(target: string, linkPath: string): void {
    const at = this.locate(linkPath, false, "symlink");
    if (at.node || !at.parent) throw new FsError("EEXIST", "symlink", linkPath);
    this.reserve(at.path, 0, 0, 1, "symlink");
    at.parent.entries.set(at.name, { kind: "symlink", target, mode: 0o777, mtime: new Date(), ino: this.nextIno++ });
    this.changed(at.path);
  }
  async link(existingPath: string, newPath: string): Promise<void> {
    const source = this.locate(existingPath, true, "link");
    if (!source.node) throw new FsError("ENOENT", "link", existingPath);
    if (source.node.kind !== "file") throw new FsError("EPERM", "link", existingPath);
    if (this.nodeAt(newPath, false)) throw new FsError("EEXIST", "link", newPath);
    // A copy, not a shared inode: later writes to one name do not show through the other.
    this.writeBytesSync(newPath, source.node.data, { createParents: false });
  }
  async readlink(path: string): Promise<string> {
    return this.readlinkSync(path);
  }
  readlinkSync(path: string): string {
    const { node } = this.locate(path, false, "readlink");
    if (!node) throw new FsError("ENOENT", "readlink", path);
    if (node.kind !== "symlink") throw new FsError("EINVAL", "readlink", path);
    return node.target;
  }
  async realpath(path: string): Promise<string> {
    const at = this.locate(path, true, "realpath");
    if (!at.node) throw new FsError("ENOENT", "realpath", path);
    return at.path;
  }
  async utimes(path: string, _atime: Date, mtime: Date): Promise<void> {
    this.utimesSync(path, mtime);
  }
  utimesSync(path: string, mtime: Date): void {
    const at = this.locate(path, true, "utime");
    if (!at.node) throw new FsError("ENOENT", "utime", path);
    at.node.mtime = mtime;
    this.changed(at.path);
  }

  // ── bookkeeping ─────────────────────────────────────────────────────────────────────────────

  private makeDir(path: string) {
    const at = this.locate(path, true, "mkdir");
    if (at.node || !at.parent) throw new FsError("EEXIST", "mkdir", path);
    this.reserve(at.path, 0, 0, 1, "mkdir");
    at.parent.entries.set(at.name, this.newDir(0o755));
    at.parent.mtime = new Date();
    this.changed(at.path);
  }

  private newDir(mode: number): DirNode {
    return { kind: "dir", entries: new Map(), mode, mtime: new Date(), ino: this.nextIno++ };
  }

  private ensureParent(path: string) {
    const absolute = normalizeAbsolute(path);
    const parent = absolute.slice(0, absolute.lastIndexOf("/")) || "/";
    if (this.nodeAt(parent)?.kind !== "dir") this.mkdirSync(parent, { recursive: true });
  }

  private isProject(path: string) {
    return path === this.options.root || path.startsWith(this.options.root + "/");
  }

  private requireMovable(path: string, syscall: string) {
    const root = this.options.root;
    if (path === "/" || path === root || root.startsWith(path + "/")) throw new FsError("EBUSY", syscall, path);
  }

  /** Throws before a change that would break a limit; otherwise books it (unless `book` is false). */
  private reserve(
    path: string,
    bytes: number,
    files: number,
    nodes: number,
    syscall: string,
    project: { projectBytes: number; projectFiles: number; book?: boolean } = {
      projectBytes: this.isProject(path) ? bytes : 0,
      projectFiles: this.isProject(path) ? files : 0,
    },
  ) {
    const { options, usage } = this;
    if (usage.totalBytes + bytes > options.totalBytes || usage.projectBytes + project.projectBytes > options.projectBytes)
      throw new FsError("ENOSPC", syscall, path, `no space left: the box holds at most ${options.projectBytes} bytes of project files`);
    if (usage.projectFiles + project.projectFiles > options.projectFiles)
      throw new FsError("ENOSPC", syscall, path, `no space left: the project may hold at most ${options.projectFiles} files`);
    if (usage.nodes + nodes > maxNodes) throw new FsError("ENOSPC", syscall, path, "no space left: too many files and folders");
    if (project.book === false) return;
    usage.totalBytes += bytes;
    usage.projectBytes += project.projectBytes;
    usage.projectFiles += project.projectFiles;
    usage.nodes += nodes;
  }

  private measure(node: Node, path: string) {
    const total = { bytes: 0, projectBytes: 0, projectFiles: 0, nodes: 0 };
    this.forEachPath(node, path, (p, n) => {
      total.nodes += 1;
      if (n.kind !== "file") return;
      total.bytes += n.data.byteLength;
      if (this.isProject(p)) {
        total.projectBytes += n.data.byteLength;
        total.projectFiles += 1;
      }
    });
    return total;
  }

  private forEachPath(node: Node, path: string, visit: (path: string, node: Node) => void) {
    const stack: Array<[string, Node]> = [[path, node]];
    while (stack.length > 0) {
      const [p, n] = stack.pop()!;
      visit(p, n);
      if (n.kind === "dir") for (const [name, child] of n.entries) stack.push([join(p, name), child]);
    }
  }

  private copyNode(node: Node, dest: string) {
    if (node.kind === "file") return this.writeBytesSync(dest, node.data);
    if (node.kind === "symlink") return this.symlinkSync(node.target, dest);
    this.mkdirSync(dest, { recursive: true });
    for (const [name, child] of node.entries) this.copyNode(child, join(dest, name));
  }

  private changed(path: string) {
    this.options.onChange?.(path);
  }
}
