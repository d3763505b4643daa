import { tool } from "ai";
import { z } from "zod";
import type { ExecResult, Sandbox } from "@/lib/sandbox/types";
import { toolOutputBudget } from "../limits";
import { publishNames } from "../code-cell";
import { describeRestore, notebookExec, type NotebookRestore, type NotebookSession } from "../notebook";
import type { AgentToolContext } from "./context";
import { modelTextOutput } from "./model-text";
import { commandOutputText, commandResult, type CommandOutput } from "./run-command";
import { agentScratchFolder } from "../scratch-folder";

const codeLanguages = ["javascript", "python"] as const;
export const codeLanguageSchema = z.enum(codeLanguages);
export type CodeLanguage = z.infer<typeof codeLanguageSchema>;

const runCodeInputFor = (languages: readonly [CodeLanguage, ...CodeLanguage[]]) =>
  z.object({
    language: z.enum(languages),
    code: z.string().min(1).max(100_000),
    timeoutSeconds: z.number().int().min(1).max(120).optional().describe("Default 20"),
  });

export const runCodeInputSchema = runCodeInputFor(codeLanguages);

/**
 * run_code's description and input as the model sees them, offering only the languages the runtime
 * runs (WebContainer has no python3).
 */
export function runCodeDefinition(languages: readonly [CodeLanguage, ...CodeLanguage[]] = codeLanguages) {
  const python = languages.includes("python");
  return {
    description: `Run a ${python ? "JavaScript (Node, ES module) or Python 3" : "JavaScript (Node, ES module)"} snippet in the sandbox; returns stdout, stderr and the exit code. Print what you want to see.`,
    inputSchema: runCodeInputFor(languages),
  };
}

const runnerByLanguage = { javascript: { ext: "mjs", bin: "node" }, python: { ext: "py", bin: "python3" } } as const;

let sequence = 0;

/**
 * Writes `code` to a fresh file under .agent/ and runs it with node or python3; the file is removed
 * afterwards. Shared by the run_code tool and the offline agent. With `notebook` (the box), the code
 * runs in the session's live context, and `restore` says whether that context had to be rebuilt.
 */
export async function runCodeSnippet({
  sandbox,
  language,
  code,
  timeoutMs = 20_000,
  signal,
  notebook,
}: {
  sandbox: Sandbox;
  language: CodeLanguage;
  code: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  notebook?: NotebookSession;
}): Promise<ExecResult & { restore?: NotebookRestore }> {
  const { ext, bin } = runnerByLanguage[language];
  const path = `${agentScratchFolder}/snippet-${Date.now().toString(36)}-${(sequence++).toString(36)}.${ext}`;
  const cell = notebook && notebookExec(notebook, language);
  await sandbox.writeFile(path, code);
  try {
    const result = await sandbox.exec(`${bin} ${path}`, { timeoutMs, signal, ...cell?.options });
    const restore = cell?.restoreOf(result);
    return restore ? { ...result, restore } : result;
  } finally {
    await sandbox.rm(path).catch(() => undefined);
  }
}

/**
 * run_code: a JavaScript (ES module, Node) or Python snippet, run in the sandbox; with the box, in
 * the session's notebook, so names defined by earlier calls stay defined.
 */
export function createRunCodeTool(context: AgentToolContext) {
  return tool({
    ...runCodeDefinition(),
    execute: async ({ language, code, timeoutSeconds = 20 }, { abortSignal }) => {
      const result = await runCodeSnippet({
        sandbox: context.sandbox,
        language,
        // In a notebook the cell's names stay defined for the next run_code (JS publishes them).
        code: context.notebook && language === "javascript" ? code + publishNames(code) : code,
        timeoutMs: timeoutSeconds * 1000,
        signal: abortSignal,
        notebook: context.notebook,
      });
      const output = commandResult(result, timeoutSeconds, toolOutputBudget(context.contextTokens).commandChars);
      if (!result.restore) return output;
      const restored = describeRestore(result.restore);
      return { ...output, restored: result.restore, note: output.note ? `${restored}\n${output.note}` : restored };
    },
    toModelOutput: ({ output }) => modelTextOutput(output, (o) => commandOutputText(o as CommandOutput)),
  });
}
