import { PackError } from "./git-pack";

/**
 * Git bundles (v2 and v3): a header naming the refs, then a pack. `git clone x.bundle` and
 * `git bundle verify` read what `bundleHeader` writes.
 */
export function bundleHeader(refs: { name: string; sha: string }[]): Uint8Array {
  return Buffer.from(`# v2 git bundle\n${refs.map((r) => `${r.sha} ${r.name}\n`).join("")}\n`);
}

export type ParsedBundle = { refs: { name: string; sha: string }[]; pack: Uint8Array };

export function parseBundle(bytes: Uint8Array): ParsedBundle {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = buf.indexOf("\n\n");
  const signature = buf.toString("latin1", 0, Math.min(buf.length, 20));
  if (end < 0 || !/^# v[23] git bundle\n/.test(signature)) throw new PackError("this is not a git bundle (make one with `git bundle create repo.bundle --all`)");
  const lines = buf.toString("utf8", 0, end).split("\n").slice(1);
  const refs: ParsedBundle["refs"] = [];
  for (const line of lines) {
    if (line.startsWith("@")) {
      // v3 capabilities: only SHA-1 object names are understood.
      if (line.startsWith("@object-format=") && line !== "@object-format=sha1") throw new PackError(`the bundle uses ${line.slice(15)} object names; only sha1 is supported`);
      continue;
    }
    if (line.startsWith("-")) throw new PackError("the bundle is incremental (it needs commits it does not hold); make it with --all or from the first commit");
    const m = /^([0-9a-f]{40}) (\S.*)$/.exec(line);
    if (!m) throw new PackError(`the bundle's header has a line git does not write: ${line.slice(0, 80)}`);
    refs.push({ sha: m[1]!, name: m[2]! });
  }
  if (refs.length === 0) throw new PackError("the bundle names no branch");
  return { refs, pack: bytes.subarray(end + 2) };
}
