import { AppError } from "@/lib/errors";
import { limits } from "./limits";

// Node's decoder skips characters outside the alphabet and stops at the first "=", so it turns
// "%%%%" into 0 bytes and "aGVsbG8=!!!" into "hello". Content is checked against the alphabet first.
// (A plain character class, not groups of four: irregexp would backtrack through megabytes of groups.)
const base64Alphabet = /^[A-Za-z0-9+/]*={0,2}$/;

const maxLength = Math.ceil(limits.fileMaxBytes / 3) * 4;

/**
 * The bytes `content` encodes in standard, padded base64: a 422 naming the file when it is not
 * base64, a 413 when it holds more than a file may.
 */
export function decodeBase64OrThrow({ content, path }: { content: string; path: string }): Uint8Array {
  if (content.length > maxLength)
    throw new AppError("too_large:file", `"${path}" is larger than ${limits.fileMaxBytes / 1024 / 1024} MB, the limit for one file`);
  if (content.length % 4 !== 0 || !base64Alphabet.test(content)) throw new AppError("invalid:encoding", `The content of "${path}" is not valid base64`);
  return new Uint8Array(Buffer.from(content, "base64"));
}
