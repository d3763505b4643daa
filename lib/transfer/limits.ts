import { z } from "zod";
import { limits } from "@/lib/validation/limits";

/**
 * What an import may hold, read from the environment on every import (so an operator's change needs
 * no rebuild, and tests can tighten them). The defaults are a project's own limits: an archive that
 * fits them can be imported, and nothing larger could be saved anyway.
 */
const importLimitsSchema = z.object({
  /** The upload itself (zip, bundle, or the dropped folder's files together). */
  IMPORT_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(limits.projectMaxBytes),
  /** Bytes of all files once inflated (a bundle: of every object of its history). */
  IMPORT_MAX_UNPACKED_BYTES: z.coerce.number().int().positive().default(4 * limits.projectMaxBytes),
  IMPORT_MAX_FILES: z.coerce.number().int().positive().default(limits.projectMaxFiles),
  IMPORT_MAX_DEPTH: z.coerce.number().int().positive().max(limits.pathMaxDepth).default(limits.pathMaxDepth),
  /** Inflated ÷ compressed bytes of one zip entry: above it the entry is a zip bomb. */
  IMPORT_MAX_RATIO: z.coerce.number().positive().default(200),
  /** Commits a bundle's history may bring in as snapshots. */
  IMPORT_MAX_SNAPSHOTS: z.coerce.number().int().positive().default(5_000),
});

export type ImportLimits = {
  uploadBytes: number;
  unpackedBytes: number;
  files: number;
  depth: number;
  ratio: number;
  snapshots: number;
  fileBytes: number;
};

export function importLimits(): ImportLimits {
  const e = importLimitsSchema.parse(process.env);
  return {
    uploadBytes: e.IMPORT_MAX_UPLOAD_BYTES,
    unpackedBytes: e.IMPORT_MAX_UNPACKED_BYTES,
    files: Math.min(e.IMPORT_MAX_FILES, limits.projectMaxFiles),
    depth: e.IMPORT_MAX_DEPTH,
    ratio: e.IMPORT_MAX_RATIO,
    snapshots: e.IMPORT_MAX_SNAPSHOTS,
    fileBytes: limits.fileMaxBytes,
  };
}
