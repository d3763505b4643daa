import { tool } from "ai";
import { z } from "zod";
import { checkPath, isLocked, lockedError, outputCaps, PathMutex, sandboxErrorToTool, type AgentToolContext } from "./context";

export const writeFileInputSchema = z.object({
  path: z.string().min(1).max(500),
  content: z.string().max(outputCaps.writeChars),
});

/** write_file: creates or replaces a whole file (parent folders are created). */
export function createWriteFileTool(context: AgentToolContext) {
  const locks = context.pathLocks ?? new PathMutex();
  return tool({
    description: "Create a file or replace its whole content. Prefer edit_file for changes to an existing file.",
    inputSchema: writeFileInputSchema,
    execute: async ({ path: input, content }) => {
      const checked = checkPath(input);
      if ("error" in checked) return checked;
      const { path } = checked;
      if (isLocked(context, path)) return lockedError(path);
      return locks.run([path], async () => {
        let existed: boolean;
        try {
          existed = await context.sandbox.exists(path);
          await context.sandbox.writeFile(path, content);
        } catch (error) {
          return sandboxErrorToTool(error, path);
        }
        context.onFileWritten?.({ path, change: "written" });
        return { path, created: !existed, bytes: new TextEncoder().encode(content).length };
      });
    },
  });
}
