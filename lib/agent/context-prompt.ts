import "server-only";
import { listFiles } from "@/lib/snapshots/read";
import { fileDeltas, readDeltaTexts, unifiedDiff } from "./changes";
import { environmentBlock } from "./environment";
import type { ProjectContext } from "./project-context";
import type { AgentState } from "./state";
import type { AgentRuntime } from "./ui-types";

/** What the prompt may spend on the project itself: it never grows with the project. */
export const promptBudget = { listingEntries: 150, listingChars: 5000, editsChars: 8000, editedFiles: 20 } as const;

/**
 * A bounded view of the project: the top-level entries always, then files breadth-first until the
 * budget is spent, and a count of what was left out (the agent lists or searches for the rest).
 */
export async function projectListing(rootTree: string | null): Promise<string> {
  if (!rootTree) return "(the project is empty)";
  const entries = await listFiles({ rootTree });
  const byDepth = [...entries].sort((a, b) => a.path.split("/").length - b.path.split("/").length || a.path.localeCompare(b.path));
  const shown: string[] = [];
  let chars = 0;
  for (const entry of byDepth) {
    const line = entry.kind === "dir" ? `${entry.path}/` : entry.path;
    if (shown.length >= promptBudget.listingEntries || chars + line.length + 1 > promptBudget.listingChars) break;
    shown.push(line);
    chars += line.length + 1;
  }
  shown.sort();
  const files = entries.filter((e) => e.kind === "file").length;
  const hidden = entries.length - shown.length;
  return shown.join("\n") + (hidden > 0 ? `\n… and ${hidden} more entries (${files} files in all): use list_files or search to see them` : "");
}

/**
 * What the user saved since the agent's last turn, compactly: per file a diff or the new content,
 * whichever is smaller, within a fixed budget.
 */
export async function userEditsSince(fromRoot: string, toRoot: string): Promise<{ text: string; paths: string[] } | null> {
  const deltas = await fileDeltas(fromRoot, toRoot);
  if (deltas.length === 0) return null;
  const texts = await readDeltaTexts(deltas.slice(0, promptBudget.editedFiles));
  const blocks: string[] = [];
  let budget: number = promptBudget.editsChars;
  for (const t of texts) {
    let body: string;
    if (t.change === "deleted") body = "(deleted)";
    else if (t.binary) body = "(binary file changed)";
    else if (t.change === "added") body = `(new file)\n${t.afterText}`;
    else {
      const diff = unifiedDiff(t.path, t.beforeText ?? "", t.afterText ?? "");
      body = diff.length <= (t.afterText ?? "").length ? diff : `(whole file now)\n${t.afterText}`;
    }
    const block = `### ${t.path}\n${body}`;
    if (block.length > budget) {
      blocks.push(`### ${t.path}\n(changed; ${t.change === "deleted" ? "deleted" : "too long to show here: read it"})`);
      budget -= 100;
    } else {
      blocks.push(block);
      budget -= block.length;
    }
    if (budget <= 0) break;
  }
  const rest = deltas.length - blocks.length;
  if (rest > 0) blocks.push(`… and ${rest} more changed files: ${deltas.slice(blocks.length, blocks.length + 30).map((d) => d.path).join(", ")}`);
  return { text: blocks.join("\n\n"), paths: deltas.map((d) => d.path) };
}

export function systemPrompt({
  projectName,
  listing,
  state,
  lockedPaths,
  summary,
  runtime,
  project = { instructions: null, scripts: null },
}: {
  projectName: string;
  listing: string;
  state: AgentState;
  lockedPaths: readonly string[];
  summary: string | null;
  /** Where the turn's commands run: the Environment block says what exists there. */
  runtime: AgentRuntime;
  project?: ProjectContext;
}): string {
  const variables = Object.entries(state.definedVariables);
  const sections = [
    `You are the coding agent inside a browser IDE, working on the project "${projectName}" together with its user.`,
    [
      "How you work:",
      "- Use the tools: list_files / search / read_file to look before you change anything; the listing below is partial for large projects.",
      "- Change existing files with edit_file (an exact, unique piece of text and its replacement); use write_file only for new files or full rewrites you mean.",
      "- Run what you changed with run_command or run_code and read the output; fix what fails. Only use commands the Environment below says exist.",
      "- Keep answers short: say what you changed and what you found. The user sees each tool call and reviews every file you change.",
    ].join("\n"),
    environmentBlock(runtime),
    project.instructions ? `The project's instructions for agents (from its root; follow them):\n${project.instructions}` : "",
    project.scripts ?? "",
    lockedPaths.length ? `Files the user locked (read them, never change them): ${lockedPaths.join(", ")}` : "",
    // The offline agent defines these in its own runs; run_code and the shell know nothing of them.
    variables.length
      ? `Values the user defined earlier in this chat (they are not defined in run_code or the shell: write them into your code when you use them): ${variables.map(([n, v]) => `${n} = ${v.slice(0, 200)}`).join("; ")}`
      : "",
    state.notes.length ? `Your notes from earlier turns:\n${state.notes.map((n) => `- ${n}`).join("\n")}` : "",
    summary ? `Summary of the earlier conversation (older messages were folded into it):\n${summary}` : "",
    `Project files:\n${listing}`,
  ];
  return sections.filter(Boolean).join("\n\n");
}
