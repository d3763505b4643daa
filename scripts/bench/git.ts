import { execFileSync } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/** The reference side: plain git on the same files, configured so nothing but the command runs. */
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "Bench", GIT_AUTHOR_EMAIL: "bench@example.test",
  GIT_COMMITTER_NAME: "Bench", GIT_COMMITTER_EMAIL: "bench@example.test" };

export function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync("git", args, { cwd, env: { ...gitEnv, ...env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

export function initRepo(dir: string): void {
  git(dir, ["init", "-q"]);
  // No automatic gc or signing in the middle of a timed commit.
  for (const [key, value] of [["gc.auto", "0"], ["commit.gpgsign", "false"], ["core.autocrlf", "false"]])
    git(dir, ["config", key!, value!]);
}

/** `git add -A && git commit -q` exactly as a person types it (one shell, both processes). */
export function commitAll(dir: string, message: string): void {
  execFileSync("sh", ["-c", `git add -A && git commit -q -m ${JSON.stringify(message)}`], { cwd: dir, env: gitEnv });
}

/** Ids of the loose objects in the repository, read from .git/objects/xx/ (what a commit writes). */
export async function looseObjects(dir: string): Promise<Set<string>> {
  const root = path.join(dir, ".git", "objects");
  const ids = new Set<string>();
  for (const fanout of await readdir(root)) {
    if (!/^[0-9a-f]{2}$/.test(fanout)) continue;
    for (const rest of await readdir(path.join(root, fanout))) ids.add(fanout + rest);
  }
  return ids;
}

/** Uncompressed sizes and kinds of objects (git's own content sizes, comparable with our rows). */
export function describeObjects(dir: string, ids: string[]): { kind: string; size: number }[] {
  if (ids.length === 0) return [];
  const out = execFileSync("git", ["cat-file", "--batch-check=%(objecttype) %(objectsize)"], { cwd: dir, env: gitEnv, input: ids.join("\n") + "\n", encoding: "utf8" });
  return out.trim().split("\n").map((line) => {
    const [kind, size] = line.split(" ");
    return { kind: kind!, size: Number(size) };
  });
}

/** A fresh checkout of HEAD into an empty folder, with its own index so the repo's stays untouched. */
export function checkoutInto({ repo, target, index }: { repo: string; target: string; index: string }): void {
  git(target, [`--git-dir=${path.join(repo, ".git")}`, "--work-tree=.", "checkout", "HEAD", "--", "."], { GIT_INDEX_FILE: index });
}

export async function folderBytes(dir: string): Promise<number> {
  let sum = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) sum += (await stat(path.join(entry.parentPath, entry.name))).size;
  return sum;
}
