import type { FileUIPart } from "ai";
import { imageMediaTypes, messageContextLimits } from "@/lib/agent/message-context";
import { fuzzyFilter } from "./fuzzy-match";

/** Why an image cannot be attached (type, size, count), or null when it can. */
export function imageProblem({ file, attached }: { file: { name: string; type: string; size: number }; attached: number }): string | null {
  if (!(imageMediaTypes as readonly string[]).includes(file.type)) return `${file.name} is not a PNG, JPEG, GIF or WebP image`;
  if (file.size > messageContextLimits.imageBytes) return `${file.name} is larger than ${messageContextLimits.imageBytes / 1024 / 1024} MB`;
  if (attached >= messageContextLimits.images) return `At most ${messageContextLimits.images} images fit in one message`;
  return null;
}

/** An image file as the message's file part (a data URL, which is how the server takes it). */
export function readImageAttachment(file: File): Promise<FileUIPart> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ type: "file", mediaType: file.type, filename: file.name, url: String(reader.result) });
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read`));
    reader.readAsDataURL(file);
  });
}

/** The `@word` being typed just before the caret, or null. */
export function mentionQuery({ value, caret }: { value: string; caret: number }): { query: string; start: number } | null {
  const match = /(?:^|[\s(["'`])@([^\s@"'`()[\]]*)$/.exec(value.slice(0, caret));
  if (!match) return null;
  return { query: match[1]!, start: caret - match[1]!.length - 1 };
}

/** Paths offered for an `@` query: fuzzy-ranked, a handful. */
export function mentionSuggestions({ query, paths, limit = 8 }: { query: string; paths: readonly string[]; limit?: number }): string[] {
  return fuzzyFilter({ query, items: paths, limit }).map((r) => r.item);
}

/** The value with the `@query` at `start` replaced by `@path ` and where the caret goes after it. */
export function insertMention({ value, start, caret, path }: { value: string; start: number; caret: number; path: string }): { value: string; caret: number } {
  const inserted = `@${path} `;
  const rest = value.slice(caret).replace(/^\S*/, "");
  return { value: value.slice(0, start) + inserted + rest.replace(/^ /, ""), caret: start + inserted.length };
}
