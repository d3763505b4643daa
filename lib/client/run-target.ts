import type { RuntimeChoice } from "@/lib/sandbox";
import { quoteShellArg } from "@/lib/sandbox/shell-quote";

/** What the Run button does with the active file. */
export type RunTarget =
  /** `timeoutMs`: the deadline when not the sandbox's default (a server that opens a port outlives it). */
  | { kind: "command"; command: string; label: string; timeoutMs?: number }
  | { kind: "preview"; path: string; label: string }
  | { kind: "unsupported"; reason: string };

const commandByExtension: Record<string, { program: string; label: string }> = {
  js: { program: "node", label: "Node.js" },
  mjs: { program: "node", label: "Node.js" },
  cjs: { program: "node", label: "Node.js" },
  py: { program: "python3", label: "Python" },
  sh: { program: "bash", label: "Bash" },
};
const previewExtensions = new Set(["html", "htm"]);
// Files a dev server builds and serves (Vite and the like), never run one by one.
const devServerExtensions = new Set(["json", "jsx", "tsx", "ts", "mts", "vue", "svelte", "css", "scss"]);
const devServerCommand = "npm install && npm run dev";
// A first install of a starter's packages takes longer than a script's 10 s.
const devServerTimeoutMs = 5 * 60_000;
const runnable = ".js, .mjs, .cjs, .py, .sh or .html";

const reasonByExtension: Record<string, string> = {
  ts: "TypeScript is not run directly: compile it to .js first, or run a .js entry file",
  tsx: "TypeScript is not run directly: compile it to .js first, or run a .js entry file",
  jsx: "JSX needs a build step; run the project's dev server from the terminal instead",
  json: "A JSON file holds data and cannot be run",
  md: "A Markdown file cannot be run",
  css: "A stylesheet cannot be run on its own; run or preview the .html page that uses it",
};

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1).toLowerCase();
}

/**
 * How the active file runs: a command for the terminal (always from the project root, so the path
 * works whatever folder the shell is in), the preview for a page, or why it cannot be run. In
 * WebContainer a project with a package.json (a Vite or React starter) runs its dev server for the
 * files such a server builds: it keeps running in the background and the preview shows it. The
 * offline box has no npm.
 */
export function runTargetForFile({
  path,
  runtime,
  hasPackageJson = false,
}: {
  path: string | null;
  runtime: RuntimeChoice;
  /** The project has a package.json at its root. */
  hasPackageJson?: boolean;
}): RunTarget {
  if (path === null) return { kind: "unsupported", reason: "Open a file to run it" };
  const extension = extensionOf(path);
  if (previewExtensions.has(extension)) return { kind: "preview", path, label: "Open the page in the preview" };
  if (runtime === "webcontainer" && hasPackageJson && devServerExtensions.has(extension))
    return {
      kind: "command",
      command: devServerCommand,
      label: "Install and start the dev server (npm install && npm run dev)",
      timeoutMs: devServerTimeoutMs,
    };
  // A Vite or React project in the box: its build files need npm, which the box does not have.
  if (runtime === "box" && hasPackageJson && devServerExtensions.has(extension))
    return { kind: "unsupported", reason: "This project needs WebContainer (npm and a dev server), which the offline box does not have: switch the runtime to WebContainer" };
  const command = commandByExtension[extension];
  if (command) {
    // WebContainer runs Node.js and its shell only; Python exists in the offline box alone.
    if (command.program === "python3" && runtime === "webcontainer")
      return { kind: "unsupported", reason: "Python runs only in the offline box: switch the runtime to run this file" };
    return { kind: "command", command: `${command.program} ${quoteShellArg(path)}`, label: `Run with ${command.label}` };
  }
  const reason = reasonByExtension[extension] ?? `Only ${runnable} files can be run`;
  return { kind: "unsupported", reason: extension === "" ? `Files without an extension cannot be run; use a ${runnable} file` : reason };
}
