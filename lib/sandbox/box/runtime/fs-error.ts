const descriptions: Record<string, string> = {
  ENOENT: "no such file or directory",
  EEXIST: "file already exists",
  EISDIR: "illegal operation on a directory",
  ENOTDIR: "not a directory",
  ENOTEMPTY: "directory not empty",
  EINVAL: "invalid argument",
  ELOOP: "too many symbolic links encountered",
  ENOSPC: "no space left on device",
  EFBIG: "file too large",
  EPERM: "operation not permitted",
  EBUSY: "resource busy or locked",
};

/** An error shaped like Node's (`code` plus "ENOENT: no such file or directory, open '/x'"). */
export class FsError extends Error {
  constructor(
    readonly code: string,
    syscall: string,
    path: string,
    detail?: string,
  ) {
    super(`${code}: ${detail ?? descriptions[code] ?? "error"}, ${syscall} '${path}'`);
    this.name = "FsError";
  }
}

export const fsErrorCode = (error: unknown): string | undefined =>
  error instanceof FsError ? error.code : /\b(E[A-Z]{2,})\b/.exec(String((error as Error)?.message ?? error))?.[1];
