import { AppError } from "@/lib/errors";
import { baseName, isSameOrInside, parentOf } from "@/lib/validation/paths";
import { emptyTree, makeTree, type StoredObjectData, type TreeEntry } from "./objects";

/** Reads decoded trees by hash; the store behind it caches them (trees never change). */
export type TreeReader = (hash: string) => Promise<TreeEntry[]>;

type Dir = { entries: Map<string, TreeEntry>; children: Map<string, Dir>; dirty: boolean };

const split = (path: string) => (path === "" ? [] : path.split("/"));

/**
 * Edits a snapshot's tree in memory, loading only the folders on the changed paths, then writes
 * new tree objects for exactly the folders that changed (the git model: one changed file costs
 * one blob plus the trees on its path).
 */
export class TreeEditor {
  /** Each written object's predecessor: the file or folder at the same path before (what a delta is stored against). */
  private readonly replaced = new Map<string, string>();

  private constructor(
    private readonly read: TreeReader,
    private readonly root: Dir,
    private readonly rootHash: string,
  ) {}

  static async open(read: TreeReader, rootHash: string): Promise<TreeEditor> {
    return new TreeEditor(read, await loadDir(read, rootHash), rootHash);
  }

  /** The entry at `path`, or undefined. The root itself is not an entry. */
  async get(path: string): Promise<TreeEntry | undefined> {
    const dir = await this.dir(parentOf(path), false);
    return dir?.entries.get(baseName(path));
  }

  async write(path: string, blob: StoredObjectData): Promise<void> {
    const dir = await this.dirOrThrow(parentOf(path), true);
    const before = dir.entries.get(baseName(path));
    if (before?.kind === "dir")
      throw new AppError("invalid:change", `"${path}" is a folder; delete or rename it before writing a file there`);
    if (before) this.replaced.set(blob.hash, before.hash);
    dir.entries.set(baseName(path), { name: baseName(path), kind: "file", hash: blob.hash, size: blob.size, count: 1 });
    dir.children.delete(baseName(path));
    dir.dirty = true;
  }

  async mkdir(path: string): Promise<void> {
    await this.dirOrThrow(path, true);
  }

  async remove(path: string): Promise<void> {
    const dir = await this.dir(parentOf(path), false);
    if (!dir?.entries.has(baseName(path)))
      throw new AppError("not_found:path", `"${path}" does not exist; reload the file tree`);
    dir.entries.delete(baseName(path));
    dir.children.delete(baseName(path));
    dir.dirty = true;
  }

  async move(from: string, to: string): Promise<void> {
    if (isSameOrInside(to, from)) throw new AppError("invalid:change", `Cannot move "${from}" into itself`);
    const source = await this.dir(parentOf(from), false);
    const entry = source?.entries.get(baseName(from));
    if (!source || !entry) throw new AppError("not_found:path", `"${from}" does not exist; reload the file tree`);
    const target = await this.dirOrThrow(parentOf(to), true);
    if (target.entries.has(baseName(to)))
      throw new AppError("conflict:path_exists", `"${to}" already exists; choose another name`);
    const child = source.children.get(baseName(from));
    source.entries.delete(baseName(from));
    source.children.delete(baseName(from));
    source.dirty = true;
    target.entries.set(baseName(to), { ...entry, name: baseName(to) });
    if (child) target.children.set(baseName(to), child);
    target.dirty = true;
  }

  /**
   * Writes the changed folders bottom-up; returns the new root, the tree objects to store and, for
   * each object written (files and folders), the hash it replaced at its path.
   */
  finish(): { root: TreeEntry; objects: StoredObjectData[]; replaced: Map<string, string> } {
    const objects: StoredObjectData[] = [];
    const root = seal(this.root, "", objects, this.replaced);
    if (root.hash !== this.rootHash) this.replaced.set(root.hash, this.rootHash);
    return { root, objects, replaced: this.replaced };
  }

  private async dirOrThrow(path: string, create: boolean): Promise<Dir> {
    const dir = await this.dir(path, create);
    if (!dir) throw new AppError("not_found:path", `Folder "${path}" does not exist; reload the file tree`);
    return dir;
  }

  private async dir(path: string, create: boolean): Promise<Dir | undefined> {
    let dir = this.root;
    let walked = "";
    for (const name of split(path)) {
      walked = walked ? `${walked}/${name}` : name;
      let child = dir.children.get(name);
      if (!child) {
        const entry = dir.entries.get(name);
        if (entry?.kind === "file")
          throw new AppError("invalid:change", `"${walked}" is a file, so it cannot contain "${path}"`);
        if (!entry && !create) return undefined;
        child = entry ? await loadDir(this.read, entry.hash) : { entries: new Map(), children: new Map(), dirty: true };
        if (!entry) {
          // Placeholder until finish() seals the new folder, so later changes in this save see it.
          dir.entries.set(name, { name, kind: "dir", hash: emptyTree.hash, size: 0, count: 0 });
          dir.dirty = true;
        }
        dir.children.set(name, child);
      }
      dir = child;
    }
    return dir;
  }
}

async function loadDir(read: TreeReader, hash: string): Promise<Dir> {
  const entries = await read(hash);
  return { entries: new Map(entries.map((e) => [e.name, e])), children: new Map(), dirty: false };
}

function seal(dir: Dir, name: string, out: StoredObjectData[], replaced: Map<string, string>): TreeEntry {
  for (const [childName, child] of dir.children) {
    const before = dir.entries.get(childName);
    const after = seal(child, childName, out, replaced);
    if (before?.kind === "dir" && before.hash !== after.hash && before.hash !== emptyTree.hash) replaced.set(after.hash, before.hash);
    if (!before || before.hash !== after.hash) {
      dir.entries.set(childName, after);
      dir.dirty = true;
    }
  }
  let size = 0;
  let count = 0;
  for (const e of dir.entries.values()) {
    size += e.size;
    count += e.count;
  }
  const tree = makeTree(dir.entries.values());
  if (dir.dirty) out.push(tree);
  return { name, kind: "dir", hash: tree.hash, size, count };
}
