/**
 * Folders that are never synced back from a sandbox, never reported as file changes and never saved
 * into snapshots: installed packages, VCS data, build output and tool caches. They are regenerated,
 * often huge, and churn on every build.
 */
export const syncExcludedFolderNames = [
  "node_modules",
  ".git",
  "dist",
  ".next",
  "build",
  "out",
  ".cache",
  ".turbo",
  ".vite",
  ".parcel-cache",
] as const;

const excluded = new Set<string>(syncExcludedFolderNames);

/** True when any folder on the project-relative `path` (or the entry itself) is excluded. */
export function isSyncExcluded(path: string): boolean {
  return path.split("/").some((segment) => excluded.has(segment));
}

/** The same list as globs, for APIs that take patterns (e.g. WebContainer's export). */
export const syncExcludeGlobs = syncExcludedFolderNames.map((name) => `**/${name}/**`);
