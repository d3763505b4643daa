import "server-only";
import type { Caller } from "@/lib/auth/guard";
import type { BoxSandbox } from "@/lib/sandbox/box/host";
import { decodeBase64OrThrow } from "@/lib/validation/base64";
import type { BoxFsVerb } from "@/lib/validation/box";
import { withProjectBox, type LinkBox } from "./project-box";

function runVerb(box: BoxSandbox, request: BoxFsVerb, bytes: Uint8Array | undefined): Promise<unknown> {
  switch (request.op) {
    case "readFile":
      return box.readFile(request.path).then((bytes) => ({ base64: Buffer.from(bytes).toString("base64") }));
    case "readdir":
      return box.readdir(request.path).then((entries) => ({ entries }));
    case "stat":
      return box.stat(request.path).then((stat) => ({ stat }));
    case "exists":
      return box.exists(request.path).then((exists) => ({ exists }));
    case "writeFile":
      return box.writeFile(request.path, bytes!).then(() => ({}));
    case "mkdir":
      return box.mkdir(request.path).then(() => ({}));
    case "rm":
      return box.rm(request.path, { recursive: request.recursive }).then(() => ({}));
    case "rename":
      return box.rename(request.from, request.to).then(() => ({}));
  }
}

/** One file verb in the caller's box; a write is saved as a snapshot like a command's writes. */
export async function runBoxFsVerb({
  caller,
  projectId,
  request,
  link,
}: {
  caller: Caller;
  projectId: string;
  request: BoxFsVerb;
  /** In the caller's box for this share link: writes stay in the box, never saved (see LinkBox). */
  link?: LinkBox;
}) {
  // Decoded as strictly as /save does, and before a box starts for a write that cannot happen.
  const bytes = request.op === "writeFile" ? decodeBase64OrThrow({ content: request.base64, path: request.path }) : undefined;
  const { value, snapshotId, saveError } = await withProjectBox({
    caller,
    projectId,
    message: describe(request),
    link,
    use: (box) => runVerb(box, request, bytes),
  });
  return { ...(value as object), snapshotId, ...(saveError ? { saveError } : {}) };
}

function describe(request: BoxFsVerb): string {
  return request.op === "rename" ? `Move ${request.from} to ${request.to}` : `${request.op} ${request.path}`;
}
