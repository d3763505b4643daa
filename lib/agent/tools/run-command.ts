import { tool } from "ai";
import { z } from "zod";
import { checkPath, commandResult, type AgentToolContext } from "./context";

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

/** run_command: one shell command in the session's sandbox; output keeps its tail, where errors are. */
export function createRunCommandTool(context: AgentToolContext) {
  return tool({
    description:
      "Run a shell command in the project's sandbox and return its exit code, stdout and stderr (long output keeps the end).",
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
      return commandResult(result, timeoutSeconds);
    },
  });
}
