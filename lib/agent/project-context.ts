import "server-only";
import { listFiles, readFileAt } from "@/lib/snapshots/read";
import { messageContextLimits, type MessageContext } from "./message-context";
import { decodeText } from "./tools/context";
import { formatFileOutline, outlineText } from "./tools/outline";
import type { AgentRuntime } from "./ui-types";

/** What the prompt may spend on the project's own instructions and scripts. */
export const projectContextBudget = { instructionChars: 8000, scripts: 30, scriptChars: 200, outlineChars: 2000, mentionsChars: 6000 } as const;

/** Instruction files read into the prompt, in this order, from the project root. */
export const instructionFileNames = ["AGENTS.md", "CLAUDE.md", ".cursorrules"] as const;

export type ProjectContext = { instructions: string | null; scripts: string | null };

async function readText(rootTree: string, path: string): Promise<string | null> {
  try {
    return decodeText(await readFileAt({ rootTree, path }));
  } catch {
    return null;
  }
}

/**
 * The project's own guidance for the agent: AGENTS.md, CLAUDE.md and .cursorrules at the root (within
 * one budget, saying where it was cut) and the scripts package.json names.
 */
export async function projectContext({ rootTree, runtime }: { rootTree: string | null; runtime: AgentRuntime }): Promise<ProjectContext> {
  if (!rootTree) return { instructions: null, scripts: null };
  const rootNames = new Set((await listFiles({ rootTree })).filter((e) => e.kind === "file" && !e.path.includes("/")).map((e) => e.path));
  const files: { name: string; text: string }[] = [];
  for (const name of instructionFileNames) {
    const text = rootNames.has(name) ? await readText(rootTree, name) : null;
    if (text) files.push({ name, text });
  }
  const packageText = rootNames.has("package.json") ? await readText(rootTree, "package.json") : null;
  return { instructions: composeInstructions(files), scripts: packageText ? describeScripts(packageText, runtime) : null };
}

/** The instruction files' texts within one budget, each cut where the budget ends and said to be. */
export function composeInstructions(files: readonly { name: string; text: string }[], budget: number = projectContextBudget.instructionChars): string | null {
  const blocks: string[] = [];
  let left = budget;
  for (const { name, text: raw } of files) {
    const text = raw.trim();
    if (!text) continue;
    if (left <= 0) {
      blocks.push(`### ${name}\n[not shown: the instructions above used the space; read ${name} yourself]`);
      continue;
    }
    const shown = text.length > left ? `${text.slice(0, left)}\n[… cut here: ${text.length - left} more characters; read ${name} for the rest]` : text;
    blocks.push(`### ${name}\n${shown}`);
    left -= Math.min(text.length, left);
  }
  return blocks.length ? blocks.join("\n\n") : null;
}

/** package.json's scripts, one a line; in the box, where npm does not exist, how to run them anyway. */
export function describeScripts(packageText: string, runtime: AgentRuntime): string | null {
  let scripts: unknown;
  try {
    scripts = (JSON.parse(packageText) as { scripts?: unknown }).scripts;
  } catch {
    return null;
  }
  if (!scripts || typeof scripts !== "object") return null;
  const entries = Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === "string");
  if (entries.length === 0) return null;
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const lines = entries.slice(0, projectContextBudget.scripts).map(([name, command]) => `- ${clip(name, 60)}: ${clip(command, projectContextBudget.scriptChars)}`);
  if (entries.length > lines.length) lines.push(`- … and ${entries.length - lines.length} more in package.json`);
  const how =
    runtime === "box"
      ? "package.json scripts (npm is not available here: run the command behind a script directly when it only needs node):"
      : "package.json scripts (run them with npm run <name>):";
  return `${how}\n${lines.join("\n")}`;
}

/**
 * The text the model is shown with a user's message for its editor context: the active file and
 * cursor, the selection, and an outline of each file the user mentioned (read from `rootTree`).
 */
export async function renderMessageContext({ context, rootTree }: { context: MessageContext; rootTree: string | null }): Promise<string | null> {
  const sections: string[] = [];
  const active = context.activeFile;
  if (active) {
    sections.push(`The user's editor shows ${active.path}, cursor at line ${active.line}, column ${active.column}.`);
    const selection = active.selection;
    if (selection && selection.text.trim()) {
      const text = selection.text.slice(0, messageContextLimits.selectionChars);
      const cut = selection.truncated || selection.text.length > text.length;
      const range = selection.startLine === selection.endLine ? `line ${selection.startLine}` : `lines ${selection.startLine}-${selection.endLine}`;
      sections.push(`Selected in ${active.path}, ${range}${cut ? " (cut: read the file for the rest)" : ""}:\n\`\`\`\n${text}\n\`\`\``);
    }
  }
  const mentions = context.mentions ?? [];
  if (mentions.length) {
    const blocks: string[] = [];
    let budget: number = projectContextBudget.mentionsChars;
    for (const path of mentions) {
      const text = rootTree ? await readText(rootTree, path) : null;
      let block: string;
      if (text === null) block = `### @${path}\n(not a saved text file: it may be new, binary or a folder)`;
      else {
        const outline = await outlineText({ path, text });
        const lines = text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
        block = outline ? `### @${formatFileOutline(outline, { maxChars: projectContextBudget.outlineChars })}` : `### @${path} (${lines} lines; no outline for this kind of file: read it)`;
      }
      if (block.length > budget) {
        blocks.push(`### @${path}\n(outline left out for space: read it)`);
        budget -= 60;
      } else {
        blocks.push(block);
        budget -= block.length;
      }
    }
    sections.push(`Files the user mentioned (outlines as saved: line numbers and top-level declarations; read the files for more):\n${blocks.join("\n")}`);
  }
  if (sections.length === 0) return null;
  return `[Sent by the IDE with this message]\n${sections.join("\n\n")}`;
}

/** For convertToModelMessages: a user message's context part reaches the model as the text it was rendered to. */
export function contextPartToModel(part: { type: string; data?: unknown }): { type: "text"; text: string } | undefined {
  if (part.type !== "data-context") return undefined;
  const text = (part.data as { text?: unknown } | undefined)?.text;
  return typeof text === "string" && text ? { type: "text", text } : undefined;
}
