import { tool } from "ai";
import { z } from "zod";
import { checkPath, isLocked, lockedError, PathMutex, sandboxErrorToTool, type AgentToolContext } from "./context";

export const deleteInputSchema = z.object({
  path: z.string().min(1).max(500),
  recursive: z.boolean().optional().describe("Required to delete a non-empty folder"),
});

/** delete: removes a file or folder. */
export function createDeleteTool(context: AgentToolContext) {
  const locks = context.pathLocks ?? new PathMutex();
  return tool({
    description: "Delete a file, or a folder (set recursive for a non-empty folder).",
    inputSchema: deleteInputSchema,
    execute: async ({ path: input, recursive = false }) => {
      const checked = checkPath(input);
      if ("error" in checked) return checked;
      const { path } = checked;
      if (isLocked(context, path)) return lockedError(path);
      return locks.run([path], async () => {
        try {
          if (!(await context.sandbox.exists(path))) return { error: `${path} does not exist` };
          await context.sandbox.rm(path, { recursive });
        } catch (error) {
          return sandboxErrorToTool(error, path);
        }
        context.onFileWritten?.({ path, change: "deleted" });
        return { path, deleted: true };
      });
    },
  });
}
