import { tool } from "ai";
import { z } from "zod";
import type { ExecResult, Sandbox } from "@/lib/sandbox/types";
import { toolOutputBudget } from "../limits";
import type { AgentToolContext } from "./context";
import { modelTextOutput } from "./model-text";
import { commandOutputText, commandResult, type CommandOutput } from "./run-command";

/** Hidden folder for the agent's scratch files; the UI's tree may hide it. */
export const agentScratchFolder = ".agent";

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
 * afterwards. Shared by the run_code tool and the offline agent.
 */
export async function runCodeSnippet({
  sandbox,
  language,
  code,
  timeoutMs = 20_000,
  signal,
}: {
  sandbox: Sandbox;
  language: CodeLanguage;
  code: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<ExecResult> {
  const { ext, bin } = runnerByLanguage[language];
  const path = `${agentScratchFolder}/snippet-${Date.now().toString(36)}-${(sequence++).toString(36)}.${ext}`;
  await sandbox.writeFile(path, code);
  try {
    return await sandbox.exec(`${bin} ${path}`, { timeoutMs, signal });
  } finally {
    await sandbox.rm(path).catch(() => undefined);
  }
}

/** run_code: a JavaScript (ES module, Node) or Python snippet, run in the sandbox. */
export function createRunCodeTool(context: AgentToolContext) {
  return tool({
    ...runCodeDefinition(),
    execute: async ({ language, code, timeoutSeconds = 20 }, { abortSignal }) => {
      const result = await runCodeSnippet({
        sandbox: context.sandbox,
        language,
        code,
        timeoutMs: timeoutSeconds * 1000,
        signal: abortSignal,
      });
      return commandResult(result, timeoutSeconds, toolOutputBudget(context.contextTokens).commandChars);
    },
    toModelOutput: ({ output }) => modelTextOutput(output, (o) => commandOutputText(o as CommandOutput)),
  });
}
