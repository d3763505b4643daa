import { SandboxError, type SandboxErrorCode } from "./types";

const fsCodes = new Set<SandboxErrorCode>(["ENOENT", "EEXIST", "EISDIR", "ENOTDIR", "ENOTEMPTY", "EINVAL"]);
const permissionCodes = new Set(["EACCES", "EPERM", "EROFS"]);

/** A message a person can act on, naming the project path rather than a runtime's absolute path. */
export function describeFsError(code: SandboxErrorCode, path: string): string {
  const name = path === "" ? "The project folder" : `"${path}"`;
  switch (code) {
    case "ENOENT":
      return `${name} does not exist`;
    case "EEXIST":
      return `${name} already exists`;
    case "EISDIR":
      return `${name} is a folder, not a file`;
    case "ENOTDIR":
      return `${name} is not a folder (or a folder on its path is a file)`;
    case "ENOTEMPTY":
      return `${name} is not empty; remove it recursively`;
    default:
      return `${name} cannot be used here`;
  }
}

/**
 * Translates an error from a Node-style filesystem into a SandboxError. Runtimes behind a
 * postMessage bridge (WebContainer) lose `error.code` on the way, keeping only the message
 * ("ENOENT: no such file or directory, open '/home/…'"), so the code is read from either.
 */
export function toSandboxError(error: unknown, path: string): SandboxError {
  if (error instanceof SandboxError) return error;
  const raw = error as { code?: unknown; message?: unknown } | null;
  const message = typeof raw?.message === "string" ? raw.message : String(error);
  const code = typeof raw?.code === "string" ? raw.code : /\b(E[A-Z]{2,})\b/.exec(message)?.[1];
  if (code && fsCodes.has(code as SandboxErrorCode))
    return new SandboxError(code as SandboxErrorCode, describeFsError(code as SandboxErrorCode, path));
  if (code && permissionCodes.has(code)) return new SandboxError("EINVAL", `"${path}" may not be changed (${code})`);
  return new SandboxError("ETRANSPORT", `The sandbox failed on "${path}": ${message}`);
}
