import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/client/api-error";
import { createProjectImageUrls, type ProjectImageFile } from "@/lib/client/project-image-urls";

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
const file = (path: string, hash = path.replace(/\W/g, "").padEnd(64, "0")): ProjectImageFile => ({ path, hash, snapshotId: "snap-1" });

/** The URL factory and file route as fakes: which blobs were made, which URLs revoked, which files read. */
function world(bytesByPath: Record<string, Uint8Array | Error>, { maxEntries }: { maxEntries?: number } = {}) {
  const reads: string[] = [];
  const made: Blob[] = [];
  const revoked: string[] = [];
  const urls = createProjectImageUrls({
    readBytes: async ({ path }) => {
      reads.push(path);
      const bytes = bytesByPath[path];
      if (bytes === undefined) throw new Error(`no fake for ${path}`);
      if (bytes instanceof Error) throw bytes;
      return bytes;
    },
    createUrl: (blob) => {
      made.push(blob);
      return `blob:test/${made.length}`;
    },
    revokeUrl: (url) => revoked.push(url),
    maxEntries,
  });
  return { urls, reads, made, revoked };
}

describe("project image URLs", () => {
  it.each<[string, string, Uint8Array, string]>([
    ["a PNG by its bytes", "img/logo.png", png, "image/png"],
    ["a PNG under another name", "img/logo.bin", png, "image/png"],
    ["an SVG (text) by its name", "icon.svg", svg, "image/svg+xml"],
  ])("%s becomes a blob: URL of its type", async (_, path, bytes, mime) => {
    const { urls, made } = world({ [path]: bytes });
    expect(await urls.image(file(path))).toEqual({ url: "blob:test/1" });
    expect(made[0]?.type).toBe(mime);
    expect(new Uint8Array(await made[0]!.arrayBuffer())).toEqual(bytes);
  });

  it.each<[string, string, Uint8Array]>([
    ["text that is not SVG", "notes.txt", new TextEncoder().encode("hello")],
    ["SVG-named binary", "fake.svg", Uint8Array.from([0, 1, 2])],
    ["a PDF", "doc.pdf", new TextEncoder().encode("%PDF-1.7\n\0")],
  ])("%s is not a picture, and says which kinds are", async (_, path, bytes) => {
    const { urls, made } = world({ [path]: bytes });
    expect(await urls.image(file(path))).toEqual({ error: `${path} is not a picture (PNG, JPEG, GIF, WebP or SVG)` });
    expect(made).toHaveLength(0);
  });

  it("reads each file once while its content is the same, and again when it changed", async () => {
    const { urls, reads } = world({ "a.png": png });
    const first = await urls.image(file("a.png"));
    expect(await urls.image({ ...file("a.png"), snapshotId: "snap-2" })).toEqual(first);
    expect(reads).toEqual(["a.png"]);
    expect(await urls.image(file("a.png", "f".repeat(64)))).not.toEqual(first);
    expect(reads).toEqual(["a.png", "a.png"]);
  });

  it("says why a read failed, and tries again next time", async () => {
    const bytesByPath: Record<string, Uint8Array | Error> = { "a.png": new ApiError(404, "not_found:file", "No file at a.png", null) };
    const { urls, reads } = world(bytesByPath);
    expect(await urls.image(file("a.png"))).toEqual({ error: "a.png could not be read: No file at a.png" });
    bytesByPath["a.png"] = png;
    expect(await urls.image(file("a.png"))).toEqual({ url: "blob:test/1" });
    expect(reads).toEqual(["a.png", "a.png"]);
  });

  it("revokes the longest unused URL past its bound, and every URL when disposed", async () => {
    const { urls, revoked, reads } = world({ "a.png": png, "b.png": png, "c.png": png }, { maxEntries: 2 });
    await urls.image(file("a.png"));
    await urls.image(file("b.png"));
    await urls.image(file("a.png"));
    await urls.image(file("c.png"));
    await Promise.resolve();
    expect(revoked).toEqual(["blob:test/2"]);
    await urls.image(file("a.png"));
    expect(reads).toEqual(["a.png", "b.png", "c.png"]);
    urls.dispose();
    await Promise.resolve();
    expect(revoked.sort()).toEqual(["blob:test/1", "blob:test/2", "blob:test/3"]);
  });
});
