import { tool } from "ai";
import { z } from "zod";
import { checkPath, outputCaps, type AgentToolContext } from "./context";
import { globToRegExp } from "./glob";
import { walkFiles } from "./walk";

export const listFilesInputSchema = z.object({
  glob: z.string().max(200).optional().describe('Glob over project paths, e.g. "src/**/*.ts"; default all files'),
  path: z.string().max(500).optional().describe("Folder to list under; default the project root"),
  limit: z.number().int().min(1).max(outputCaps.listEntries).optional(),
});

/** list_files: project files matching a glob, bounded, without node_modules and other generated folders. */
export function createListFilesTool(context: AgentToolContext) {
  return tool({
    description:
      "List project files (paths relative to the project root) matching an optional glob. node_modules, .git and build output are skipped.",
    inputSchema: listFilesInputSchema,
    execute: async ({ glob, path, limit = 200 }) => {
      let root = "";
      if (path && path !== "." && path !== "/") {
        const checked = checkPath(path);
        if ("error" in checked) return checked;
        root = checked.path;
      }
      const pattern = glob ? globToRegExp(glob) : null;
      const walked = await walkFiles({
        sandbox: context.sandbox,
        root,
        max: limit,
        match: (file) => !pattern || pattern.test(file) || pattern.test(root ? file.slice(root.length + 1) : file),
      });
      if ("error" in walked) return walked;
      return {
        files: walked.files,
        ...(walked.truncated ? { truncated: true, note: `Stopped after ${walked.files.length} files; narrow the glob.` } : {}),
      };
    },
  });
}
