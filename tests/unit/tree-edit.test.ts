import { describe, expect, it } from "vitest";
import { decodeTree, emptyTree, makeBlob, makeTree, type StoredObjectData } from "@/lib/snapshots/objects";
import { TreeEditor } from "@/lib/snapshots/tree-edit";

/** An in-memory object store, counting how many trees each edit reads. */
function memoryStore() {
  const objects = new Map<string, StoredObjectData>([[emptyTree.hash, emptyTree]]);
  let reads = 0;
  return {
    objects,
    get reads() {
      return reads;
    },
    read: async (hash: string) => {
      reads++;
      const o = objects.get(hash);
      if (!o) throw new Error(`missing ${hash}`);
      return decodeTree(o.data);
    },
    put: (list: StoredObjectData[]) => list.forEach((o) => objects.set(o.hash, o)),
  };
}

const text = (s: string) => makeBlob(new TextEncoder().encode(s));

async function commit(store: ReturnType<typeof memoryStore>, root: string, edit: (e: TreeEditor) => Promise<void>) {
  const editor = await TreeEditor.open(store.read, root);
  await edit(editor);
  const { root: entry, objects } = editor.finish();
  store.put(objects);
  return { root: entry, objects };
}

async function paths(store: ReturnType<typeof memoryStore>, root: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await store.read(root)) {
    out.push(prefix + e.name + (e.kind === "dir" ? "/" : ""));
    if (e.kind === "dir") out.push(...(await paths(store, e.hash, prefix + e.name + "/")));
  }
  return out;
}

describe("tree encoding", () => {
  it("hashes equal folders equally regardless of insertion order", () => {
    const a = { name: "a", kind: "file" as const, hash: text("1").hash, size: 1, count: 1 };
    const b = { name: "b", kind: "file" as const, hash: text("2").hash, size: 1, count: 1 };
    expect(makeTree([a, b]).hash).toBe(makeTree([b, a]).hash);
    expect(decodeTree(makeTree([b, a]).data)).toEqual([a, b]);
  });

  it("never gives a blob and a tree with the same bytes the same hash", () => {
    expect(makeBlob(emptyTree.data).hash).not.toBe(emptyTree.hash);
  });
});

describe("TreeEditor", () => {
  it("writes one blob's path: only the trees on that path are new", async () => {
    const store = memoryStore();
    const first = await commit(store, emptyTree.hash, async (e) => {
      for (let i = 0; i < 10; i++) await e.write(`a/b/c/file${i}.txt`, text(`x${i}`));
      await e.write("top.txt", text("top"));
      await e.write("other/z.txt", text("z"));
    });
    const second = await commit(store, first.root.hash, (e) => e.write("a/b/c/file3.txt", text("changed")));
    expect(second.objects).toHaveLength(4); // root, a, a/b, a/b/c
    expect(second.root.count).toBe(12);
  });

  it.each([
    ["write creates parents", (e: TreeEditor) => e.write("x/y/z.txt", text("1")), ["x/", "x/y/", "x/y/z.txt"]],
    ["mkdir keeps an empty folder", (e: TreeEditor) => e.mkdir("empty/inner"), ["empty/", "empty/inner/"]],
    [
      "move renames a folder with its contents",
      async (e: TreeEditor) => {
        await e.write("src/a.ts", text("a"));
        await e.move("src", "lib/src2");
      },
      ["lib/", "lib/src2/", "lib/src2/a.ts"],
    ],
    [
      "delete removes a folder",
      async (e: TreeEditor) => {
        await e.write("d/a.ts", text("a"));
        await e.write("keep.ts", text("k"));
        await e.remove("d");
      },
      ["keep.ts"],
    ],
  ])("%s", async (_name, edit, expected) => {
    const store = memoryStore();
    const { root } = await commit(store, emptyTree.hash, edit);
    expect(await paths(store, root.hash)).toEqual(expected);
  });

  it.each([
    ["writing over a folder", async (e: TreeEditor) => { await e.mkdir("d"); await e.write("d", text("x")); }, /is a folder/],
    ["writing below a file", async (e: TreeEditor) => { await e.write("f", text("x")); await e.write("f/g", text("y")); }, /is a file/],
    ["moving a folder into itself", async (e: TreeEditor) => { await e.mkdir("a"); await e.move("a", "a/b"); }, /into itself/],
    ["moving onto an existing path", async (e: TreeEditor) => { await e.write("a", text("1")); await e.write("b", text("2")); await e.move("a", "b"); }, /already exists/],
    ["deleting a missing path", (e: TreeEditor) => e.remove("nope"), /does not exist/],
    ["moving a missing path", (e: TreeEditor) => e.move("nope", "x"), /does not exist/],
  ])("refuses %s", async (_name, edit, message) => {
    const store = memoryStore();
    const editor = await TreeEditor.open(store.read, emptyTree.hash);
    await expect(edit(editor)).rejects.toThrow(message);
  });

  it("keeps sizes and counts of folders up to date", async () => {
    const store = memoryStore();
    const first = await commit(store, emptyTree.hash, async (e) => {
      await e.write("a/1.txt", text("12345"));
      await e.write("a/b/2.txt", text("123"));
    });
    expect(first.root).toMatchObject({ size: 8, count: 2 });
    const second = await commit(store, first.root.hash, (e) => e.remove("a/b"));
    expect(second.root).toMatchObject({ size: 5, count: 1 });
  });

  it("leaves the root hash unchanged when an edit is undone in the same save", async () => {
    const store = memoryStore();
    const first = await commit(store, emptyTree.hash, (e) => e.write("a/x.txt", text("same")));
    const second = await commit(store, first.root.hash, async (e) => {
      await e.write("a/x.txt", text("different"));
      await e.write("a/x.txt", text("same"));
    });
    expect(second.root.hash).toBe(first.root.hash);
  });
});
