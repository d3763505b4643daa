import type { CodeLanguage } from "./tools/run-code";
import type { AgentRuntime } from "./ui-types";

/**
 * What the model is told about where its commands run, per runtime. Every claim about the box is
 * checked by running it there (tests/integration/box-environment.test.ts): a model told "bash with
 * node" tries `npm test`, `npx tsc` and `git diff`, and each failure costs a step.
 */

/** The languages run_code offers in each runtime: WebContainer has no python3. */
export const runCodeLanguagesByRuntime: Record<AgentRuntime, readonly [CodeLanguage, ...CodeLanguage[]]> = {
  box: ["javascript", "python"],
  webcontainer: ["javascript"],
};

const commonRules = [
  "- Each run_command call starts a fresh shell in the project root: `cd`, `export` and shell variables do not carry over to the next call. Chain steps in one command (`cd src && node main.js`) or pass cwd.",
  "- Commands have a deadline (run_command: 30 s unless you pass timeoutSeconds, at most 300). A command that never exits, such as a dev server or a watcher, is killed at the deadline and wastes it: never start servers or watchers. The user runs and previews the app with the IDE's Run button.",
  "- Nothing reads from a terminal: give a program its input with run_command's stdin, a pipe or a file, never wait for a prompt.",
];

const environmentByRuntime: Record<AgentRuntime, string> = {
  box: [
    "Environment: the offline box (a sandbox on the server, no network). Files live under /project, which is the working directory; there is no /tmp.",
    "- The shell is a bash emulator (just-bash), not a real bash: pipes, redirects, &&, loops and functions work. Commands: ls cat head tail grep rg sed awk jq yq find xargs sort uniq wc diff cut tr tee tree cp mv rm mkdir touch sleep timeout tar gzip base64 sha256sum, node, python3, sqlite3.",
    "- Not available: npm, npx, yarn, pnpm, git, tsc, make, pip, curl. There is no node_modules and nothing can be installed: `npm test` or `npx …` fail with \"command not found\". Run test files directly (`node test/foo.test.js`) and check the result with `node:assert`.",
    "- `node` is a Node.js subset on QuickJS, not V8: require/import of project files (.js .mjs .cjs .json), fs, path, assert, util, events, timers, process and Buffer work. There is no TypeScript (a .ts file does not parse; strip the types or check TS by reading), no `node --test` / node:test, and no child_process, http, net, crypto, zlib, stream or fetch. CPU-heavy code runs 10–100× slower than real Node.",
    "- `python3` is CPython 3.13 compiled to WebAssembly with the standard library (json, re, csv, unittest, dataclasses…), but no `sqlite3` module (use the sqlite3 command: `sqlite3 app.db \"select …\"`), no subprocess, no pip and no packages. Each python3 run takes 1–3 s to start.",
    "- A simple command takes well under a second; python3 1–3 s.",
  ].join("\n"),
  webcontainer: [
    "Environment: WebContainer (Node.js running in the user's browser tab). Files live in the project root, the working directory.",
    "- The shell is jsh, a small POSIX-like shell: pipes, redirects and && work; common tools such as ls, cat, grep, sed, head and tail exist.",
    "- node, npm and npx are real: `npm install` fetches packages through the user's browser (seconds to minutes), `npm test` and `npx tsc` run what the project installs. Install only what the task needs.",
    "- Not available: python3 (run_code takes JavaScript only here), git, native addons and anything that needs an operating system binary.",
    "- stdout and stderr arrive merged, as stdout.",
  ].join("\n"),
};

/** The "Environment" block of the system prompt for the runtime the turn's commands run in. */
export function environmentBlock(runtime: AgentRuntime): string {
  return [environmentByRuntime[runtime], ...commonRules].join("\n");
}
