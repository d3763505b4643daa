import { describe, expect, it } from "vitest";
import { createBlobCache, type BlobCache } from "@/lib/client/blob-cache";
import type { ProjectApi } from "@/lib/client/project-api";
import { readSeedFiles } from "@/lib/client/sandbox-seed";
import { createWebContainerSandbox, type PageEnvironment } from "@/lib/sandbox/webcontainer";
import type { ProjectSummary } from "@/lib/validation/projects";
import { createFakeProjectApi } from "../fixtures/fake-project-api";
import { createFakeWebContainerApi } from "../fixtures/webcontainer-api.fake";

const project: ProjectSummary = { id: "p1", name: "Demo", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T00:00:00Z" };
const isolated: PageEnvironment = { isSecureContext: true, crossOriginIsolated: true, hasSharedArrayBuffer: true };
const binary = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
const initialFiles: Record<string, string | Uint8Array> = {
  "package.json": '{ "name": "demo" }\n',
  "src/index.js": "console.log('hi')\n",
  "src/same.js": "console.log('hi')\n",
  "assets/logo.bin": binary,
  "ünïcødé/ファイル.txt": "✓\n",
  "empty.txt": "",
};

/** The fake API, counting every request a browser would send for file contents. */
function countedApi() {
  const fake = createFakeProjectApi({ projects: [project], files: initialFiles });
  const requests: string[] = [];
  const api: ProjectApi = {
    ...fake.api,
    readBytes: (...args) => (requests.push(`readBytes ${args[1]}`), fake.api.readBytes(...args)),
    snapshotContent: (id, snapshotId, options) => (requests.push(options?.hashes ? `POST ${options.hashes.length} hashes` : "GET whole"), fake.api.snapshotContent(id, snapshotId, options)),
  };
  return { fake, api, requests };
}

function memoryCache(): BlobCache & { size: () => number } {
  const stores = new Map<string, Response>();
  const cache = createBlobCache({
    caches: {
      delete: async () => {
        const had = stores.size > 0;
        stores.clear();
        return had;
      },
      open: async () => ({
        match: async (key: string) => stores.get(key)?.clone(),
        put: async (key: string, response: Response) => void stores.set(key, response),
      }),
    },
  });
  return { ...cache, size: () => stores.size };
}

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("seeding a sandbox from the browser", () => {
  it("mounts the whole project into WebContainer with one request", async () => {
    const { fake, api, requests } = countedApi();
    fake.saveElsewhere("p1", [{ type: "mkdir", path: "empty-folder" }]);
    const page = createFakeWebContainerApi();
    const progress: string[] = [];
    const sandbox = await createWebContainerSandbox({
      bootTimeoutMs: 2000,
      api: page.module,
      page: isolated,
      files: () => readSeedFiles({ api, projectId: "p1", listing: fake.listingNow("p1"), cache: null, onProgress: (done, total) => progress.push(`${done}/${total}`) }),
    });
    expect(sandbox.status()).toEqual({ state: "ready" });
    expect(requests).toEqual(["GET whole"]);
    expect(text(await sandbox.readFile("src/index.js"))).toBe("console.log('hi')\n");
    expect(text(await sandbox.readFile("src/same.js"))).toBe("console.log('hi')\n");
    expect(Array.from(await sandbox.readFile("assets/logo.bin"))).toEqual(Array.from(binary));
    expect(text(await sandbox.readFile("ünïcødé/ファイル.txt"))).toBe("✓\n");
    expect((await sandbox.readFile("empty.txt")).byteLength).toBe(0);
    expect((await sandbox.stat("empty-folder")).kind).toBe("dir");
    // Counted in files; the two files sharing content arrive together.
    expect(progress.at(-1)).toBe("6/6");
    await sandbox.dispose();
  });

  it("asks only for what the browser's cache lacks, and nothing when it holds everything", async () => {
    const { fake, api, requests } = countedApi();
    const cache = memoryCache();
    const seed = (listing = fake.listingNow("p1")) => readSeedFiles({ api, projectId: "p1", listing, cache });

    await seed();
    expect(requests).toEqual(["GET whole"]);
    // Five distinct contents (two files share one); stored in the background.
    await until(() => cache.size() === 5, "the cache to be written");

    fake.saveElsewhere("p1", [{ type: "write", path: "src/index.js", content: "console.log('changed')\n" }]);
    const second = await seed();
    expect(requests).toEqual(["GET whole", "POST 1 hashes"]);
    const index = second.find((e) => e.path === "src/index.js");
    expect(index?.kind === "file" && text(index.content as Uint8Array)).toBe("console.log('changed')\n");
    const logo = second.find((e) => e.path === "assets/logo.bin");
    expect(logo?.kind === "file" && Array.from(logo.content as Uint8Array)).toEqual(Array.from(binary));

    await until(() => cache.size() === 6, "the new content to be cached");
    await seed();
    expect(requests).toEqual(["GET whole", "POST 1 hashes"]);
  });

  it("seeds every file the project holds, build-output and package folders included", async () => {
    const { fake, api, requests } = countedApi();
    fake.saveElsewhere("p1", [
      { type: "write", path: "src/build/make.js", content: "module.exports = 'source, not output'\n" },
      { type: "write", path: "dist/site.html", content: "<p>kept in the project</p>\n" },
      { type: "write", path: "node_modules/tiny/index.js", content: "module.exports = 1\n" },
    ]);
    const seed = await readSeedFiles({ api, projectId: "p1", listing: fake.listingNow("p1"), cache: null });
    expect(requests).toEqual(["GET whole"]);
    const paths = seed.filter((e) => e.kind === "file").map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["src/build/make.js", "dist/site.html", "node_modules/tiny/index.js"]));
  });

  it("fails, naming a file, when the response lacks one it asked for", async () => {
    const { fake, api } = countedApi();
    const listing = fake.listingNow("p1");
    const packageJson = (listing.entries.find((e) => e.path === "package.json") as { hash: string }).hash;
    // A server answering only package.json, whatever was asked.
    const lying: ProjectApi = { ...api, snapshotContent: (id, snapshotId) => api.snapshotContent(id, snapshotId, { hashes: [packageJson] }) };
    await expect(readSeedFiles({ api: lying, projectId: "p1", listing, cache: null })).rejects.toThrow(/did not send the content of/);
  });
});
