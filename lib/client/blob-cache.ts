/**
 * File contents kept in this browser by content hash. A hash names its bytes forever, so nothing in
 * it goes stale: a second seed of the same project (or of another holding the same files) downloads
 * only the hashes missing here. Best effort: a cache that cannot be read or written (quota, private
 * mode) only means more is downloaded.
 */
export type BlobCache = {
  /** The bytes of those `hashes` this browser holds. */
  getMany(hashes: readonly string[]): Promise<Map<string, Uint8Array>>;
  putMany(blobs: ReadonlyMap<string, Uint8Array>): Promise<void>;
};

/** The part of the Cache Storage API used here (window.caches), so tests can pass their own. */
export type CacheStorageLike = {
  delete(name: string): Promise<boolean>;
  open(name: string): Promise<{
    match(request: string): Promise<Response | undefined>;
    put(request: string, response: Response): Promise<void>;
  }>;
};

// The version is in the name so a change of what is stored starts from an empty cache.
const cacheName = "project-blobs-v1";
// A key, never fetched: nothing is served at this path and no service worker intercepts it.
const keyOf = (hash: string) => `/__blob-cache/${hash}`;

export function createBlobCache({ caches }: { caches: CacheStorageLike }): BlobCache {
  let opened: ReturnType<CacheStorageLike["open"]> | null = null;
  const open = () => (opened ??= caches.open(cacheName));
  return {
    async getMany(hashes) {
      const found = new Map<string, Uint8Array>();
      try {
        const cache = await open();
        await Promise.all(
          hashes.map(async (hash) => {
            const hit = await cache.match(keyOf(hash));
            if (hit) found.set(hash, new Uint8Array(await hit.arrayBuffer()));
          }),
        );
      } catch {
        // Unreadable: what was found so far still counts; the rest is downloaded.
      }
      return found;
    },
    async putMany(blobs) {
      try {
        const cache = await open();
        await Promise.all(
          [...blobs].map(([hash, bytes]) =>
            cache.put(keyOf(hash), new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": "application/octet-stream" } })),
          ),
        );
      } catch {
        // Full or blocked: the next seed downloads these again.
      }
    },
  };
}

/** This browser's cache, or null where Cache Storage is missing (insecure origins, tests in Node). */
export function openBrowserBlobCache(): BlobCache | null {
  const caches = (globalThis as { caches?: CacheStorageLike }).caches;
  return caches ? createBlobCache({ caches }) : null;
}

/**
 * Drops every cached file of this browser, on sign-out: the next person on a shared computer cannot
 * read the last one's files from it.
 */
export async function forgetBrowserBlobCache({ caches = (globalThis as { caches?: CacheStorageLike }).caches }: { caches?: CacheStorageLike } = {}): Promise<void> {
  try {
    await caches?.delete(cacheName);
  } catch {
    // Blocked storage holds nothing to forget.
  }
}
