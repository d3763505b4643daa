/**
 * What travels with a user's message from the IDE besides its text: where the user is in the editor
 * (active file, cursor, selection), the files they @-mentioned, and attached images. Shared by the
 * panel (which builds it) and the chat route (which parses it), so it holds only zod and pure code.
 */
import { z } from "zod";
import { projectPathSchema } from "@/lib/validation/paths";

export const messageContextLimits = {
  /** Characters of the selection shown to the model; a longer one is cut and said to be. */
  selectionChars: 4000,
  mentions: 10,
  images: 4,
  /** Bytes of one image after decoding. */
  imageBytes: 2 * 1024 * 1024,
} as const;

export const imageMediaTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

const position = z.number().int().min(1).max(10_000_000);

export const messageContextSchema = z.object({
  activeFile: z
    .object({
      path: projectPathSchema,
      line: position,
      column: position,
      selection: z
        .object({
          startLine: position,
          endLine: position,
          // The client cuts it; anything longer than a little over the cap is not a selection we show.
          text: z.string().max(messageContextLimits.selectionChars + 200),
          truncated: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
  mentions: z.array(projectPathSchema).max(messageContextLimits.mentions).optional(),
});
export type MessageContext = z.infer<typeof messageContextSchema>;

/** base64 length of `bytes` bytes, padding included. */
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

/** An image as the AI SDK's file part of a user message: a data URL of an allowed type, bounded. */
export const imagePartSchema = z
  .object({
    type: z.literal("file"),
    mediaType: z.enum(imageMediaTypes, { error: `Only images can be attached (${imageMediaTypes.join(", ")})` }),
    filename: z.string().max(255).optional(),
    url: z.string().max(base64Length(messageContextLimits.imageBytes) + 100, {
      error: `An attached image is larger than ${messageContextLimits.imageBytes / 1024 / 1024} MB; attach a smaller one`,
    }),
  })
  .refine((part) => part.url.startsWith(`data:${part.mediaType};base64,`), { error: "An attached image must be sent as a base64 data URL", path: ["url"] });
export type ImagePart = z.infer<typeof imagePartSchema>;

/** What the message data part keeps: the context as sent, and the text the model was shown for it. */
export type MessageContextData = MessageContext & { text: string };

/**
 * Paths written as `@path` in a prompt that name one of `paths` (longest first, so `@src/a.ts` is not
 * read as `@src/a`), in order of first mention, at most the cap.
 */
export function mentionedPaths({ text, paths }: { text: string; paths: Iterable<string> }): string[] {
  const known = new Set(paths);
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|[\s(["'`])@([^\s"'`()[\]]+)/g)) {
    let candidate = match[1]!;
    // Trailing punctuation belongs to the sentence, not the path ("look at @a.ts, then …").
    while (candidate && !known.has(candidate) && /[.,;:!?]$/.test(candidate)) candidate = candidate.slice(0, -1);
    if (known.has(candidate) && !found.includes(candidate)) found.push(candidate);
    if (found.length >= messageContextLimits.mentions) break;
  }
  return found;
}
