import type { Sandbox } from "@/lib/sandbox/types";
import { buildJsProgram, isJsExpression, splitValue, wrapPythonCell } from "./code-cell";
import { describeRestore, notebookOfState, type NotebookRestore } from "./notebook";
import { agentStateLimits, agentStateSchema, type AgentState, type ExecutionRecord } from "./state";
import { runCodeSnippet, type CodeLanguage } from "./tools/run-code";

/** Shown wherever the built-in agent answers, so nobody mistakes it for a model. */
export const offlineAgentLabel = "Built-in offline agent (no AI model configured)";

export type OfflineAgentTurn = {
  response: string;
  state: AgentState;
  /** What the turn did, for the UI and the tool-run log. */
  action: "execute" | "last_code" | "history" | "define_variable" | "help";
  execution?: ExecutionRecord;
  /** The session's notebook was rebuilt before the code ran (notebook.ts). */
  restore?: NotebookRestore;
};

const languageByFence: Record<string, CodeLanguage> = {
  js: "javascript",
  javascript: "javascript",
  mjs: "javascript",
  node: "javascript",
  py: "python",
  python: "python",
  python3: "python",
};

const fencePattern = /```[ \t]*([A-Za-z0-9]*)[^\n]*\n([\s\S]*?)```/;
const definePattern = /\bdefine\s+(?:a\s+)?(?:variable|var)\s+([A-Za-z_$][\w$]*)\s+(?:as|=|to)\s+([\s\S]+)$/i;
const identifierPattern = /^[A-Za-z_$][\w$]*$/;

/** Commands that must not be shadowed by a remembered variable in JS. */
const reservedNames = new Set(["__agentValue", "await", "let", "const", "var", "class", "function", "import", "export", "this"]);

function fenced(code: string, language = ""): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${code.replace(/\n$/, "")}\n${fence}`;
}

function clip(text: string, max = agentStateLimits.storedOutputChars): string {
  return text.length <= max ? text : `[… ${text.length - max} earlier characters cut …]\n${text.slice(-max)}`;
}

function fenceLanguage(language: CodeLanguage): string {
  return language === "javascript" ? "js" : "python";
}

export type OfflineIntent =
  | { kind: "execute"; language: CodeLanguage; code: string }
  | { kind: "define_variable"; name: string; value: string }
  | { kind: "last_code" | "history" | "help" };

/** What the turn should do, from the prompt alone (deterministic, no model). */
export function classifyOfflinePrompt(prompt: string): OfflineIntent {
  const block = fencePattern.exec(prompt);
  if (block) {
    const tag = block[1]!.toLowerCase();
    const language = languageByFence[tag] ?? (tag === "" ? "javascript" : undefined);
    if (language && block[2]!.trim()) return { kind: "execute", language, code: block[2]! };
  }
  const define = definePattern.exec(prompt.trim());
  if (define) return { kind: "define_variable", name: define[1]!, value: define[2]!.trim().replace(/[.;]$/, "").trim() };
  if (/\blast\b[\w\s]*\bcode\b/i.test(prompt) || /\bcode\b[\w\s]*\blast\b/i.test(prompt)) return { kind: "last_code" };
  if (/\b(execution|run|code)\s+history\b|\bhistory\b/i.test(prompt)) return { kind: "history" };
  return { kind: "help" };
}

/** Turns "define variable x as VALUE" into JS source: VALUE as is when it is an expression, else a string. */
export function toJsValueSource(value: string): string {
  return isJsExpression(value) ? value : JSON.stringify(value);
}

function helpText(): string {
  return [
    `**${offlineAgentLabel}.**`,
    "",
    "I can run code for you in this project's sandbox and remember what ran:",
    "- **execute code** — send a ```js or ```python block; I answer with what it printed and the value of its last expression. Names a block defines stay defined in later blocks of this session.",
    '- **"what was the last code I ran?"** — shows it again.',
    '- **"show me the execution history"** — recent runs with their results.',
    '- **"define variable NAME as VALUE"** — remembered and defined in later JavaScript runs.',
    "",
    "For a full coding agent, configure a model on the server: `OPENAI_API_KEY` (OpenAI), `ANTHROPIC_API_KEY` (Anthropic), " +
      "or `OPENAI_BASE_URL` with `AGENT_MODEL` for an OpenAI-compatible server such as Ollama or LM Studio (`AGENT_MODEL` also picks the model for the others).",
  ].join("\n");
}

function describeRun(record: ExecutionRecord): string {
  const parts: string[] = [];
  const printed = record.stdout.replace(/\n$/, "");
  if (printed) parts.push(`Output:\n${fenced(printed)}`);
  if (record.exitCode !== 0) {
    const stderr = record.stderr.replace(/\n$/, "") || "(no error output)";
    parts.push(`Error (exit code ${record.exitCode}):\n${fenced(stderr)}`);
  } else {
    if (record.stderr.trim()) parts.push(`Stderr:\n${fenced(record.stderr.replace(/\n$/, ""))}`);
    if (record.value !== null) parts.push(`Result: ${record.value.includes("\n") ? "\n" + fenced(record.value) : "`" + record.value + "`"}`);
  }
  if (parts.length === 0) parts.push("Ran without output (exit code 0).");
  return parts.join("\n\n");
}

/**
 * One turn of the built-in deterministic agent. Pure apart from running code in the sandbox: the state
 * comes in and the next state goes out (the caller persists it).
 */
export async function runOfflineAgentTurn({
  prompt,
  intent = classifyOfflinePrompt(prompt),
  state: input,
  sandbox,
  signal,
  notebookId,
  now = () => new Date(),
}: {
  prompt: string;
  /** What to do when it is already known (code the person approved); else read from the prompt. */
  intent?: OfflineIntent;
  state: AgentState;
  sandbox: Sandbox;
  signal?: AbortSignal;
  /** The session's id: code runs in its notebook, so names from earlier blocks stay defined (box). */
  notebookId?: string;
  now?: () => Date;
}): Promise<OfflineAgentTurn> {
  const state = agentStateSchema.parse(structuredClone(input));

  switch (intent.kind) {
    case "execute": {
      const program =
        intent.language === "javascript" ? buildJsProgram(intent.code, state.definedVariables) : wrapPythonCell(intent.code);
      const notebook = notebookId ? notebookOfState(notebookId, state) : undefined;
      const result = await runCodeSnippet({ sandbox, language: intent.language, code: program, signal, notebook });
      const { printed, value } = splitValue(result.stdout);
      const execution: ExecutionRecord = {
        language: intent.language,
        code: intent.code,
        stdout: clip(printed),
        stderr: clip(result.stderr),
        value: value === null ? null : clip(value),
        exitCode: result.exitCode,
        durationMs: result.durationMs,
        at: now().toISOString(),
      };
      state.lastExecutedCode = { language: intent.language, code: intent.code };
      state.executionHistory = [...state.executionHistory, execution].slice(-agentStateLimits.history);
      const response = result.restore ? `${describeRestore(result.restore)}\n\n${describeRun(execution)}` : describeRun(execution);
      return { response, state, action: "execute", execution, ...(result.restore ? { restore: result.restore } : {}) };
    }
    case "last_code": {
      const last = state.lastExecutedCode;
      const response = last
        ? `The last code you ran (${last.language}):\n\n${fenced(last.code, fenceLanguage(last.language))}`
        : "You have not run any code in this session yet. Send a ```js or ```python block to run one.";
      return { response, state, action: "last_code" };
    }
    case "history": {
      const recent = state.executionHistory.slice(-10);
      if (recent.length === 0) return { response: "No code has been run in this session yet.", state, action: "history" };
      const lines = recent.map((run, i) => {
        const n = state.executionHistory.length - recent.length + i + 1;
        const outcome =
          run.exitCode !== 0
            ? `error (exit ${run.exitCode}): ${run.stderr.trim().split("\n").at(-1) ?? ""}`
            : run.value !== null
              ? `result ${run.value}`
              : run.stdout.trim()
                ? `printed ${run.stdout.trim().split("\n").slice(0, 3).join(" / ")}`
                : "no output";
        return `${n}. ${run.language} at ${run.at} — ${outcome}\n${fenced(run.code, fenceLanguage(run.language))}`;
      });
      const header = `Execution history (${recent.length} most recent of ${state.executionHistory.length}):`;
      return { response: [header, ...lines].join("\n\n"), state, action: "history" };
    }
    case "define_variable": {
      if (!identifierPattern.test(intent.name) || reservedNames.has(intent.name))
        return { response: `"${intent.name}" cannot be used as a variable name.`, state, action: "define_variable" };
      if (!(intent.name in state.definedVariables) && Object.keys(state.definedVariables).length >= agentStateLimits.variables)
        return { response: `At most ${agentStateLimits.variables} variables can be remembered.`, state, action: "define_variable" };
      const source = toJsValueSource(intent.value);
      if (source.length > 10_000) return { response: "That value is too long to remember (over 10,000 characters).", state, action: "define_variable" };
      state.definedVariables = { ...state.definedVariables, [intent.name]: source };
      return {
        response: `Defined \`${intent.name} = ${source}\`. It will be available in your next JavaScript runs.`,
        state,
        action: "define_variable",
      };
    }
    case "help":
      return { response: helpText(), state, action: "help" };
  }
}
