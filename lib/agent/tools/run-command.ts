import { tool } from "ai";
import { z } from "zod";
import { keepHeadAndTail } from "@/lib/sandbox/exec-output";
import { exitCodes, type ExecResult } from "@/lib/sandbox/types";
import { toolOutputBudget } from "../limits";
import { checkPath, type AgentToolContext } from "./context";
import { modelTextOutput } from "./model-text";

export const runCommandInputSchema = z.object({
  command: z.string().min(1).max(4000),
  cwd: z.string().max(500).optional().describe("Working folder, project-relative; default the project root"),
  timeoutSeconds: z.number().int().min(1).max(300).optional().describe("Default 30"),
  // Nobody can type into the agent's commands: a prompt (npm init, a scaffolder, readline) gets
  // its answers here, then end of input, instead of waiting until the deadline.
  stdin: z
    .string()
    .max(100_000)
    .optional()
    .describe("Text written to the command's standard input, which then ends (answers for prompts, e.g. \"y\\n\"); default empty"),
});

export type CommandOutput = { exitCode: number; stdout: string; stderr: string; durationMs: number; note?: string };

/**
 * What run_command and run_code answer: the exit code, both streams within `maxChars` together
 * (each keeping its head and its tail: the first error and the summary), and why it ended early
 * when it did. stderr gets at least half of the room when it needs it.
 */
export function commandResult(result: ExecResult, timeoutSeconds: number, maxChars = toolOutputBudget().commandChars): CommandOutput {
  const stderrRoom = Math.min(result.stderr.length, Math.max(Math.floor(maxChars / 2), maxChars - result.stdout.length));
  return {
    exitCode: result.exitCode,
    stdout: keepHeadAndTail(result.stdout, maxChars - stderrRoom),
    stderr: keepHeadAndTail(result.stderr, stderrRoom),
    durationMs: result.durationMs,
    ...(result.exitCode === exitCodes.timeout ? { note: `Timed out after ${timeoutSeconds}s and was killed.` } : {}),
    ...(result.exitCode === exitCodes.interrupted ? { note: "Interrupted." } : {}),
  };
}

/** A command's answer as the model reads it: "$ command", the exit code and time, stdout, then stderr under its name. */
export function commandOutputText(output: CommandOutput, command?: string): string {
  const firstLine = command?.split("\n")[0]?.slice(0, 200);
  const seconds = (output.durationMs / 1000).toFixed(output.durationMs < 10_000 ? 1 : 0);
  const rows = [`${firstLine ? `$ ${firstLine}${command!.length > firstLine.length ? " …" : ""}\n` : ""}exit ${output.exitCode} (${seconds} s)`];
  const block = (text: string) => text.replace(/\n$/, "");
  if (output.stdout) rows.push(block(output.stdout));
  if (output.stderr) rows.push("stderr:", block(output.stderr));
  if (!output.stdout && !output.stderr) rows.push("(no output)");
  if (output.note) rows.push(output.note);
  return rows.join("\n");
}

/** run_command: one shell command in the session's sandbox; long output keeps its head and its tail. */
export function createRunCommandTool(context: AgentToolContext) {
  return tool({
    description:
      "Run a shell command in the project's sandbox and return its exit code, stdout and stderr (long output keeps the start and the end). " +
      "Each call is a new shell (cd and exports do not persist; use cwd). Exit code 124 means it hit timeoutSeconds.",
    inputSchema: runCommandInputSchema,
    execute: async ({ command, cwd, timeoutSeconds = 30, stdin }, { abortSignal }) => {
      let folder: string | undefined;
      if (cwd && cwd !== "." && cwd !== "/") {
        const checked = checkPath(cwd);
        if ("error" in checked) return checked;
        folder = checked.path;
      }
      const result = await context.sandbox.exec(command, {
        cwd: folder,
        timeoutMs: timeoutSeconds * 1000,
        signal: abortSignal,
        stdin,
      });
      return commandResult(result, timeoutSeconds, toolOutputBudget(context.contextTokens).commandChars);
    },
    toModelOutput: ({ input, output }) => modelTextOutput(output, (o) => commandOutputText(o as CommandOutput, input.command)),
  });
}
