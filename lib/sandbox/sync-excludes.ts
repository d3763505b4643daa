/**
 * What a sandbox's own writes never put into the project (nor report as file changes): installed
 * packages, VCS data and tool caches at any depth; build output only as a top-level folder, where
 * build tools write it — a `src/build/` is source, and is saved like any other folder. The project's
 * own files, whatever their names, always reach the sandbox (seeding never consults this).
 */
export const excludedAnywhere = ["node_modules", ".git", ".next", ".cache", ".turbo", ".vite", ".parcel-cache"] as const;
export const excludedAtRoot = ["dist", "build", "out"] as const;

const anywhere = new Set<string>(excludedAnywhere);
const atRoot = new Set<string>(excludedAtRoot);

/** True when the project-relative `path` is, or is inside, a folder the rule above leaves out. */
export function isSyncExcluded(path: string): boolean {
  const segments = path.split("/");
  return atRoot.has(segments[0]!) || segments.some((segment) => anywhere.has(segment));
}

/** The rule in words, for the person whose sandbox wrote a file that was not saved. */
export const syncExcludeRule =
  `Files a running project writes are not saved in ${excludedAnywhere.join(", ")} (anywhere) ` +
  `or in ${excludedAtRoot.map((name) => `${name}/`).join(", ")} at the project root (build output, made again by a build).`;
