import "server-only";
import { getPersonalWorkspace, requireWorkspaceAccess, type Caller } from "@/lib/auth/guard";
import { toProjectSummary } from "@/lib/db/queries/projects";
import { createImportedProject, type ImportedSnapshot } from "@/lib/db/queries/transfer";
import { AppError } from "@/lib/errors";
import { emptyTree } from "@/lib/snapshots/objects";
import { storableLabel } from "@/lib/validation/stored-text";
import { limits as projectLimits } from "@/lib/validation/limits";
import type { ProjectSummary } from "@/lib/validation/projects";
import { parseBundle } from "./git-bundle";
import { snapshotsFromGit } from "./git-convert";
import { PackError, readPack } from "./git-pack";
import { importLimits, type ImportLimits } from "./limits";
import { treeFromEntries } from "./project-tree";
import { readZip, type ArchiveEntry } from "./zip-read";

export type ImportSource = { kind: "zip"; bytes: Uint8Array } | { kind: "bundle"; bytes: Uint8Array } | { kind: "files"; entries: ArchiveEntry[] };

/** Where a caller's import goes: the workspace asked for, a scoped token's own, or the personal one. */
export async function importTarget({ caller, workspaceId }: { caller: Caller; workspaceId?: string }): Promise<string> {
  const target = workspaceId ?? caller.token?.workspaceId ?? (await getPersonalWorkspace(caller)).id;
  await requireWorkspaceAccess({ caller, workspaceId: target, action: "workspace:create_project" });
  return target;
}

/**
 * Imports a zip, a dropped folder's files, or a git bundle (its history kept as snapshots) as a new
 * project. Everything is read and checked in memory first; the project is created only when all of
 * it passed, in one transaction with its snapshots.
 */
export async function importProject({
  caller,
  workspaceId,
  name,
  source,
  limits = importLimits(),
}: {
  caller: Caller;
  workspaceId: string;
  name: string;
  source: ImportSource;
  limits?: ImportLimits;
}): Promise<ProjectSummary & { snapshots: number }> {
  const now = new Date();
  let snapshots: ImportedSnapshot[];
  let objects;
  if (source.kind === "bundle") {
    let tip: string;
    let parsed;
    try {
      const bundle = parseBundle(source.bytes);
      tip = (bundle.refs.find((r) => r.name === "HEAD") ?? bundle.refs.find((r) => /^refs\/heads\/(main|master)$/.test(r.name)) ?? bundle.refs[0]!).sha;
      parsed = readPack(bundle.pack, { maxBytes: limits.unpackedBytes, maxObjects: (limits.files + 64) * limits.snapshots });
    } catch (error) {
      if (error instanceof PackError) throw new AppError("invalid:archive", `The git bundle cannot be imported: ${error.message}`);
      throw error;
    }
    const { commits, stored } = snapshotsFromGit({ objects: parsed, tip, limits });
    objects = stored;
    snapshots = commits.map(({ commit, root }) => {
      const mine = commit.author.email.toLowerCase() === caller.email.toLowerCase();
      const message = commit.message.trim() || "Imported commit";
      return {
        rootTree: root.hash,
        // Commits by others stay theirs in the message: snapshots only name people who have accounts here.
        author: mine ? "user" : "system",
        userId: mine ? caller.userId : null,
        message: storableLabel(mine ? message : `${message} (by ${commit.author.name} <${commit.author.email}>)`, projectLimits.saveMessageMaxLength),
        createdAt: new Date(commit.author.seconds * 1000),
        fileCount: root.count,
        totalBytes: root.size,
      } satisfies ImportedSnapshot;
    });
  } else {
    const entries = source.kind === "zip" ? await readZip(source.bytes, limits) : source.entries;
    const { root, objects: built } = await treeFromEntries(entries, limits);
    objects = [emptyTree, ...built];
    snapshots = [
      {
        rootTree: root.hash,
        author: "user",
        userId: caller.userId,
        message: source.kind === "zip" ? "Import from zip" : "Import folder",
        createdAt: now,
        fileCount: root.count,
        totalBytes: root.size,
      },
    ];
  }
  const project = await createImportedProject({ workspaceId, name, snapshots, objects });
  return { ...toProjectSummary(project), snapshots: snapshots.length };
}
