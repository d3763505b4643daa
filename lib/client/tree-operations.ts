import { baseName, isSameOrInside, normalizeProjectPath, parentOf } from "@/lib/validation/paths";

export type PathPlan = { ok: true; path: string } | { ok: false; reason: string };

const join = (dir: string, name: string) => (dir === "" ? name : `${dir}/${name}`);

/**
 * Validates the name typed for a new file or folder inside `parentDir`. A name may contain "/" to
 * create nested folders at once ("components/button.tsx").
 */
export function planCreate({
  parentDir,
  name,
  existingPaths,
}: {
  parentDir: string;
  name: string;
  existingPaths: ReadonlySet<string>;
}): PathPlan {
  const trimmed = name.trim();
  if (trimmed === "") return { ok: false, reason: "Enter a name" };
  const checked = normalizeProjectPath(join(parentDir, trimmed));
  if (!checked.ok) return { ok: false, reason: capitalize(checked.reason) };
  if (!isSameOrInside(checked.path, parentDir) && parentDir !== "")
    return { ok: false, reason: "The name must stay inside the folder" };
  if (existingPaths.has(checked.path)) return { ok: false, reason: `"${checked.path}" already exists` };
  return { ok: true, path: checked.path };
}

/** Validates a new name for `path`, within the same folder. */
export function planRename({
  path,
  name,
  existingPaths,
}: {
  path: string;
  name: string;
  existingPaths: ReadonlySet<string>;
}): PathPlan {
  const trimmed = name.trim();
  if (trimmed === "") return { ok: false, reason: "Enter a name" };
  if (trimmed.includes("/")) return { ok: false, reason: "A name cannot contain /; drag the item to move it" };
  if (trimmed === "." || trimmed === "..") return { ok: false, reason: `"${trimmed}" is not a valid name` };
  const checked = normalizeProjectPath(join(parentOf(path), trimmed));
  if (!checked.ok) return { ok: false, reason: capitalize(checked.reason) };
  if (checked.path === path) return { ok: false, reason: "The name is unchanged" };
  // A case-only rename is allowed: the old path is the one that "exists".
  if (existingPaths.has(checked.path) && checked.path.toLowerCase() !== path.toLowerCase())
    return { ok: false, reason: `"${checked.path}" already exists` };
  return { ok: true, path: checked.path };
}

/** Validates dropping `path` into folder `targetDir` ("" is the project root). */
export function planMove({
  path,
  targetDir,
  existingPaths,
}: {
  path: string;
  targetDir: string;
  existingPaths: ReadonlySet<string>;
}): PathPlan {
  if (parentOf(path) === targetDir) return { ok: false, reason: "The item is already in that folder" };
  if (isSameOrInside(targetDir, path)) return { ok: false, reason: "A folder cannot be moved into itself" };
  const to = join(targetDir, baseName(path));
  const checked = normalizeProjectPath(to);
  if (!checked.ok) return { ok: false, reason: capitalize(checked.reason) };
  if (existingPaths.has(checked.path)) return { ok: false, reason: `"${checked.path}" already exists` };
  return { ok: true, path: checked.path };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
