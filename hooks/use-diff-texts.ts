"use client";

import { useEffect, useState } from "react";
import { describeError } from "@/lib/client/conflict";
import { historyApi } from "@/lib/client/history-api";

export type DiffTexts =
  | { status: "loading" }
  | { status: "error"; message: string }
  /** A side that is not UTF-8 text is null. */
  | { status: "ready"; before: string | null; after: string | null };

/**
 * Both texts of one file's diff, read by blob hash when the diff is opened (GET …/blobs/:hash, which
 * the browser caches: a hash never changes). A side without a file (added, deleted) is "".
 */
export function useDiffTexts({ projectId, before, after }: { projectId: string; before: string | null; after: string | null }): DiffTexts {
  const [texts, setTexts] = useState<{ key: string; value: DiffTexts } | null>(null);
  const key = `${projectId} ${before} ${after}`;
  useEffect(() => {
    let current = true;
    const read = (hash: string | null) => (hash ? historyApi.text(projectId, hash) : Promise.resolve(""));
    Promise.all([read(before), read(after)]).then(
      ([b, a]) => current && setTexts({ key, value: { status: "ready", before: b, after: a } }),
      (error: unknown) => current && setTexts({ key, value: { status: "error", message: describeError({ error }) } }),
    );
    return () => {
      current = false;
    };
  }, [key, projectId, before, after]);
  // Another file picked: its texts are loading, never the previous file's.
  return texts?.key === key ? texts.value : { status: "loading" };
}
