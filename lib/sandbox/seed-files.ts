import { limits as appLimits } from "@/lib/validation/limits";
import { parentOf } from "@/lib/validation/paths";
import { requireEntryPath } from "./paths";
import { SandboxError, type SandboxLimits } from "./types";

/** What a sandbox starts with: files with their bytes, and folders (so empty ones survive). */
export type SeedEntry = { path: string; kind: "file"; content: Uint8Array | string } | { path: string; kind: "dir" };
export type NormalizedSeedEntry = { path: string; kind: "file"; content: Uint8Array } | { path: string; kind: "dir" };

const encoder = new TextEncoder();

/**
 * Validates and normalizes a seed: every path through normalizeProjectPath (EINVAL), the project's
 * file count and byte size against the limits (ELIMIT), and no file standing where another entry
 * needs a folder (EINVAL). Sorted so that parents come before their children.
 */
export function normalizeSeed({
  files,
  limits,
}: {
  files: readonly SeedEntry[];
  limits: Pick<SandboxLimits, "projectFiles" | "projectBytes">;
}): NormalizedSeedEntry[] {
  const byPath = new Map<string, NormalizedSeedEntry>();
  let fileCount = 0;
  let byteCount = 0;
  for (const entry of files) {
    // Seeds are stored files, some saved before today's name rules (NFD twins, format characters).
    const path = requireEntryPath(entry.path, { existing: true });
    if (byPath.has(path)) throw new SandboxError("EINVAL", `"${path}" is listed twice in the project's files`);
    if (entry.kind === "dir") {
      byPath.set(path, { path, kind: "dir" });
      continue;
    }
    const content = typeof entry.content === "string" ? encoder.encode(entry.content) : entry.content;
    if (content.byteLength > appLimits.fileMaxBytes)
      throw new SandboxError("ELIMIT", `"${path}" is larger than the ${appLimits.fileMaxBytes / 1024 / 1024} MB file limit`);
    fileCount += 1;
    byteCount += content.byteLength;
    byPath.set(path, { path, kind: "file", content });
  }
  if (fileCount > limits.projectFiles)
    throw new SandboxError("ELIMIT", `The project has ${fileCount} files; a sandbox holds at most ${limits.projectFiles}`);
  if (byteCount > limits.projectBytes)
    throw new SandboxError(
      "ELIMIT",
      `The project is ${Math.ceil(byteCount / 1024 / 1024)} MB; a sandbox holds at most ${limits.projectBytes / 1024 / 1024} MB`,
    );
  const sorted = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const entry of sorted) {
    for (let dir = parentOf(entry.path); dir !== ""; dir = parentOf(dir)) {
      if (byPath.get(dir)?.kind === "file")
        throw new SandboxError("EINVAL", `"${entry.path}" is inside "${dir}", which is a file`);
    }
  }
  return sorted;
}
