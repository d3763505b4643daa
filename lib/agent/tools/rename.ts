import { tool } from "ai";
import { z } from "zod";
import { checkPath, isLocked, lockedError, PathMutex, sandboxErrorToTool, type AgentToolContext } from "./context";

export const renameInputSchema = z.object({ from: z.string().min(1).max(500), to: z.string().min(1).max(500) });

/** rename: moves a file or folder; refuses to overwrite and to move locked files. */
export function createRenameTool(context: AgentToolContext) {
  const locks = context.pathLocks ?? new PathMutex();
  return tool({
    description: "Rename or move a file or folder. Fails if the target exists.",
    inputSchema: renameInputSchema,
    execute: async ({ from: fromInput, to: toInput }) => {
      const from = checkPath(fromInput);
      if ("error" in from) return from;
      const to = checkPath(toInput);
      if ("error" in to) return to;
      if (isLocked(context, from.path)) return lockedError(from.path);
      if (isLocked(context, to.path)) return lockedError(to.path);
      return locks.run([from.path, to.path], async () => {
        try {
          if (!(await context.sandbox.exists(from.path))) return { error: `${from.path} does not exist` };
          if (await context.sandbox.exists(to.path)) return { error: `${to.path} already exists; delete it first or pick another name` };
          await context.sandbox.rename(from.path, to.path);
        } catch (error) {
          return sandboxErrorToTool(error, from.path);
        }
        context.onFileWritten?.({ path: to.path, change: "renamed", from: from.path });
        return { from: from.path, to: to.path };
      });
    },
  });
}
