import { normalizeProjectPath } from "@/lib/validation/paths";
import { SandboxError } from "./types";

const printable = (path: string) => JSON.stringify(path.length > 80 ? path.slice(0, 80) + "…" : path);

/**
 * A path naming a file or folder inside the project (never the root); throws EINVAL otherwise.
 * `existing`: a name already stored, checked by the rules of when it was (see normalizeProjectPath).
 */
export function requireEntryPath(path: string, options: { existing?: boolean } = {}): string {
  const checked = normalizeProjectPath(path, options);
  if (!checked.ok) throw new SandboxError("EINVAL", `Invalid path ${printable(path)}: ${checked.reason}`);
  return checked.path;
}

/** A folder path where "" (or ".", "./") names the project root, which is returned as "". */
export function requireFolderPath(path: string): string {
  if (typeof path === "string" && /^\.?(\/\.?)*$/.test(path) && !path.startsWith("/")) return "";
  return requireEntryPath(path);
}

/**
 * Resolves a shell argument ("../lib", "/src", "~") against a project-relative cwd. The project root
 * plays the part of "/" and "~", so ".." never climbs out of it; `rootPath` (the absolute path a
 * shell shows for the root) is accepted as a prefix too.
 */
export function resolveShellPath({ cwd, arg, rootPath }: { cwd: string; arg: string; rootPath?: string }): string {
  let rest = arg;
  if (rootPath && (rest === rootPath || rest.startsWith(rootPath + "/"))) rest = rest.slice(rootPath.length) || "/";
  if (rest === "~" || rest.startsWith("~/")) rest = "/" + rest.slice(1);
  const segments = rest.startsWith("/") ? [] : cwd.split("/").filter(Boolean);
  for (const segment of rest.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return segments.join("/");
}
