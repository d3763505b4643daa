import { normalizeProjectPath, parentOf } from "@/lib/validation/paths";

/** What a Markdown image's address names, seen from the Markdown file that holds it. */
export type MarkdownImageSource =
  | { kind: "project"; path: string }
  | { kind: "remote"; url: string }
  | { kind: "refused"; reason: string };

const schemePattern = /^([a-z][a-z\d+.-]*):/i;

/**
 * Resolves `src` as GitHub does for a README: relative to the document's folder, or to the project
 * root when it starts with "/". `..` may climb to the root, never past it. http(s) addresses are
 * reported as remote (the preview does not fetch them); other schemes (data:, blob:, file:…) are refused.
 */
export function markdownImageSource({ documentPath, src }: { documentPath: string; src: string }): MarkdownImageSource {
  const address = src.trim();
  if (address === "") return { kind: "refused", reason: "The image names no file" };
  if (address.startsWith("//")) return { kind: "remote", url: `https:${address}` };
  const scheme = schemePattern.exec(address)?.[1]?.toLowerCase();
  if (scheme === "http" || scheme === "https") return { kind: "remote", url: address };
  if (scheme) return { kind: "refused", reason: `Only pictures in the project are shown, not ${scheme}: addresses` };

  // react-markdown hands over the address %-encoded ("my%20logo.png"); the query and fragment name no file.
  let decoded: string;
  try {
    decoded = decodeURIComponent(address.replace(/[?#].*$/s, ""));
  } catch {
    return { kind: "refused", reason: "The image's path has a broken %-escape" };
  }
  const parts = decoded.split("/");
  const last = parts[parts.length - 1];
  if (last === "" || last === "." || last === "..") return { kind: "refused", reason: "The image's path names a folder, not a file" };
  const segments = decoded.startsWith("/") ? [] : parentOf(documentPath).split("/").filter(Boolean);
  for (const segment of parts) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") segments.push(segment);
    else if (segments.pop() === undefined) return { kind: "refused", reason: "The image's path leads outside the project" };
  }
  const checked = normalizeProjectPath(segments.join("/"));
  return checked.ok ? { kind: "project", path: checked.path } : { kind: "refused", reason: checked.reason };
}
