import { describeError } from "./conflict";
import { decodeFileBytes } from "./file-bytes";
import { detectBinaryType, extensionOf } from "./file-kind";

/** A project picture ready for an <img>, or why it cannot be shown. */
export type ProjectImage = { url: string } | { error: string };

/** One saved file: its path, its content's hash and a snapshot that holds it. */
export type ProjectImageFile = { path: string; hash: string; snapshotId: string };

/**
 * blob: URLs of project pictures, read through the project's own file route (so with the reader's
 * access, never from an address the document names) and kept by content: a preview redrawn on
 * every keystroke, or after a save that moved the head, reads each picture once. The oldest URLs
 * are revoked past `maxEntries`.
 */
export function createProjectImageUrls({
  readBytes,
  createUrl = (blob) => URL.createObjectURL(blob),
  revokeUrl = (url) => URL.revokeObjectURL(url),
  maxEntries = 50,
}: {
  readBytes: (file: ProjectImageFile) => Promise<Uint8Array>;
  createUrl?: (blob: Blob) => string;
  revokeUrl?: (url: string) => void;
  maxEntries?: number;
}) {
  // Keyed by path and hash: the same bytes may be a picture under one name (an .svg) and not another.
  const byKey = new Map<string, Promise<ProjectImage>>();

  const revoke = (image: Promise<ProjectImage>) => void image.then((shown) => "url" in shown && revokeUrl(shown.url));

  async function load(file: ProjectImageFile): Promise<ProjectImage> {
    const bytes = await readBytes(file);
    const type = detectBinaryType({ path: file.path, bytes });
    // An SVG is text; drawn from a blob: URL in an <img>, its scripts never run and it fetches nothing.
    const mime = type.image ? type.mime : extensionOf(file.path) === "svg" && decodeFileBytes({ bytes }).kind === "text" ? "image/svg+xml" : null;
    if (mime === null) return { error: `${file.path} is not a picture (PNG, JPEG, GIF, WebP or SVG)` };
    return { url: createUrl(new Blob([new Uint8Array(bytes)], { type: mime })) };
  }

  return {
    image(file: ProjectImageFile): Promise<ProjectImage> {
      const key = `${file.hash}\n${file.path}`;
      const known = byKey.get(key);
      if (known) {
        // Most recently used last, so eviction takes the longest unused.
        byKey.delete(key);
        byKey.set(key, known);
        return known;
      }
      const loading: Promise<ProjectImage> = load(file).catch((error: unknown) => {
        // A failed read (offline, signed out) is tried again next time, not remembered.
        if (byKey.get(key) === loading) byKey.delete(key);
        return { error: `${file.path} could not be read: ${describeError({ error })}` };
      });
      byKey.set(key, loading);
      for (const [oldest, image] of byKey) {
        if (byKey.size <= maxEntries) break;
        byKey.delete(oldest);
        revoke(image);
      }
      return loading;
    },
    /** Revokes every URL handed out; images still shown keep what they drew. */
    dispose() {
      for (const image of byKey.values()) revoke(image);
      byKey.clear();
    },
  };
}

export type ProjectImageUrls = ReturnType<typeof createProjectImageUrls>;
