import { tool } from "ai";
import { z } from "zod";
import { checkPath, commandResult, type AgentToolContext } from "./context";

export const runCommandInputSchema = z.object({
  command: z.string().min(1).max(4000),
  cwd: z.string().max(500).optional().describe("Working folder, project-relative; default the project root"),
  timeoutSeconds: z.number().int().min(1).max(300).optional().describe("Default 30"),
});

/** run_command: one shell command in the session's sandbox; output keeps its tail, where errors are. */
export function createRunCommandTool(context: AgentToolContext) {
  return tool({
    description:
      "Run a shell command in the project's sandbox and return its exit code, stdout and stderr (long output keeps the end).",
    inputSchema: runCommandInputSchema,
    execute: async ({ command, cwd, timeoutSeconds = 30 }, { abortSignal }) => {
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
      });
      return commandResult(result, timeoutSeconds);
    },
  });
}
