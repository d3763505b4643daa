import { describe, expect, it } from "vitest";
import { createBlobCache, forgetBrowserBlobCache, type CacheStorageLike } from "@/lib/client/blob-cache";

/** Cache Storage as the browser offers it, kept in a Map (Node has Response, not caches). */
function fakeCacheStorage({ failOpen = false, failPut = false }: { failOpen?: boolean; failPut?: boolean } = {}) {
  const stores = new Map<string, Map<string, Response>>();
  const storage: CacheStorageLike = {
    async delete(name) {
      return stores.delete(name);
    },
    async open(name) {
      if (failOpen) throw new DOMException("The operation is insecure.", "SecurityError");
      const store = stores.get(name) ?? new Map<string, Response>();
      stores.set(name, store);
      return {
        async match(request) {
          return store.get(request)?.clone();
        },
        async put(request, response) {
          if (failPut) throw new DOMException("Quota exceeded", "QuotaExceededError");
          store.set(request, response);
        },
      };
    },
  };
  return { storage, stores };
}

const bytes = (...values: number[]) => Uint8Array.from(values);
const hashA = "a".repeat(64);
const hashB = "b".repeat(64);
const hashEmpty = "e".repeat(64);

describe("blob cache", () => {
  it("gives back the bytes it was given, by hash, and nothing for hashes it never saw", async () => {
    const { storage } = fakeCacheStorage();
    const cache = createBlobCache({ caches: storage });
    await cache.putMany(new Map([[hashA, bytes(0, 1, 255)], [hashEmpty, bytes()]]));
    const found = await cache.getMany([hashA, hashB, hashEmpty]);
    expect([...found.keys()].sort()).toEqual([hashA, hashEmpty]);
    expect(Array.from(found.get(hashA)!)).toEqual([0, 1, 255]);
    expect(found.get(hashEmpty)!.byteLength).toBe(0);
  });

  it("is shared by every cache opened on the same storage (a later page, another project)", async () => {
    const { storage } = fakeCacheStorage();
    await createBlobCache({ caches: storage }).putMany(new Map([[hashA, bytes(7)]]));
    expect(Array.from((await createBlobCache({ caches: storage }).getMany([hashA])).get(hashA)!)).toEqual([7]);
  });

  it.each([
    ["storage that cannot be opened", { failOpen: true }],
    ["storage that is full", { failPut: true }],
  ])("treats %s as empty instead of failing the seed", async (_case, options) => {
    const { storage } = fakeCacheStorage(options);
    const cache = createBlobCache({ caches: storage });
    await expect(cache.putMany(new Map([[hashA, bytes(1)]]))).resolves.toBeUndefined();
    expect((await cache.getMany([hashA])).size).toBe(0);
  });

  it("forgets everything on sign-out", async () => {
    const { storage } = fakeCacheStorage();
    await createBlobCache({ caches: storage }).putMany(new Map([[hashA, bytes(1)], [hashB, bytes(2)]]));
    await forgetBrowserBlobCache({ caches: storage });
    expect((await createBlobCache({ caches: storage }).getMany([hashA, hashB])).size).toBe(0);
  });
});
