import type { ConflictBody } from "@/lib/validation/projects";
import { ApiError } from "./api-error";

export type SaveConflict = { message: string; headSnapshotId: string | null; paths: string[] };

/** The details of a 409 answered to a save with a stale base, or null for any other error. */
export function readSaveConflict({ error }: { error: unknown }): SaveConflict | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.code !== "conflict") return null;
  const body = (error.body as Partial<ConflictBody> | null)?.error;
  return {
    message: error.message,
    headSnapshotId: typeof body?.headSnapshotId === "string" ? body.headSnapshotId : null,
    paths: Array.isArray(body?.paths) ? body.paths.filter((p): p is string => typeof p === "string") : [],
  };
}

/** A message a person can act on, for any error thrown by the API client or the network. */
export function describeError({ error }: { error: unknown }): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The server could not be reached. Check your connection and try again.";
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Try again.";
}
