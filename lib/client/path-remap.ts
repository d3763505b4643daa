import { isSameOrInside } from "@/lib/validation/paths";

/**
 * Where `path` ends up after `from` is moved to `to`: a file moved itself, or anything inside a moved
 * folder. Returns null when the move does not touch `path`.
 */
export function remapPath({ path, from, to }: { path: string; from: string; to: string }): string | null {
  if (!isSameOrInside(path, from)) return null;
  return to + path.slice(from.length);
}

/** Applies a move to a list of paths (open tabs), keeping order. */
export function remapPathList({ paths, from, to }: { paths: readonly string[]; from: string; to: string }): string[] {
  return paths.map((path) => remapPath({ path, from, to }) ?? path);
}

/** Applies a move to the keys of a record (documents, drafts by path). */
export function remapRecordKeys<T>({
  record,
  from,
  to,
}: {
  record: Readonly<Record<string, T>>;
  from: string;
  to: string;
}): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [path, value] of Object.entries(record)) result[remapPath({ path, from, to }) ?? path] = value;
  return result;
}

/** Applies a move to the keys of a Map in place (live editor text). */
export function remapMapKeys<T>({ map, from, to }: { map: Map<string, T>; from: string; to: string }): void {
  const moved: [string, T][] = [];
  for (const [path, value] of map) {
    const next = remapPath({ path, from, to });
    if (next !== null) {
      moved.push([next, value]);
      map.delete(path);
    }
  }
  for (const [path, value] of moved) map.set(path, value);
}

/** The paths among `paths` that a delete of `target` removes (the file itself or anything inside the folder). */
export function pathsRemovedBy({ paths, target }: { paths: Iterable<string>; target: string }): string[] {
  return [...paths].filter((path) => isSameOrInside(path, target));
}
