import type { RuntimeChoice } from "@/lib/sandbox";
import { quoteShellArg } from "@/lib/sandbox/shell-quote";

/** What the Run button does with the active file. */
export type RunTarget =
  | { kind: "command"; command: string; label: string }
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
 * works whatever folder the shell is in), the preview for a page, or why it cannot be run.
 */
export function runTargetForFile({ path, runtime }: { path: string | null; runtime: RuntimeChoice }): RunTarget {
  if (path === null) return { kind: "unsupported", reason: "Open a file to run it" };
  const extension = extensionOf(path);
  if (previewExtensions.has(extension)) return { kind: "preview", path, label: "Open the page in the preview" };
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
