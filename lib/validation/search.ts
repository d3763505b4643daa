import { z } from "zod";
import { pathChangeSchema } from "@/lib/head-channel/types";
import { idSchema } from "./stored-text";

/** Comma-separated globs ("src/**, *.ts"), as the search panel's include and exclude boxes hold them. */
const globListSchema = z.string().max(1_000, "Globs are limited to 1,000 characters").default("");

export const projectSearchSchema = z.object({
  query: z.string().min(1, "Type something to search for").max(500, "A search is limited to 500 characters"),
  regex: z.boolean().default(false),
  caseSensitive: z.boolean().default(false),
  wholeWord: z.boolean().default(false),
  include: globListSchema,
  exclude: globListSchema,
});
export type ProjectSearchRequest = z.input<typeof projectSearchSchema>;
export type ProjectSearch = z.output<typeof projectSearchSchema>;

export const projectReplaceSchema = projectSearchSchema.extend({
  replacement: z.string().max(10_000, "A replacement is limited to 10,000 characters"),
  /** The snapshot the shown results came from: the replacement is made there and saved like an edit. */
  snapshotId: idSchema,
  /** Only these files (the ones the person left ticked); all matching files when left out. */
  paths: z.array(z.string().min(1).max(1_000)).max(5_000).optional(),
});
export type ProjectReplaceRequest = z.input<typeof projectReplaceSchema>;

/** One matching line: its number (1-based), its text (clipped around the matches when long) and the matches on it. */
export const searchLineSchema = z.object({
  line: z.number().int(),
  text: z.string(),
  /** [start, end) pairs into `text`. */
  ranges: z.array(z.tuple([z.number().int(), z.number().int()])),
});

export const projectSearchResponseSchema = z.object({
  snapshotId: z.string().nullable(),
  files: z.array(z.object({ path: z.string(), lines: z.array(searchLineSchema) })),
  matches: z.number().int(),
  filesSearched: z.number().int(),
  /** Files over the size cap or binary: not searched. */
  skipped: z.number().int(),
  truncated: z.boolean(),
});
export type ProjectSearchResponse = z.infer<typeof projectSearchResponseSchema>;

export const projectReplaceResponseSchema = z.object({
  snapshotId: z.string(),
  changes: z.array(pathChangeSchema),
  filesChanged: z.number().int(),
  replacements: z.number().int(),
});
export type ProjectReplaceResponse = z.infer<typeof projectReplaceResponseSchema>;
