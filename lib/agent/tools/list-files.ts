import { tool } from "ai";
import { z } from "zod";
import { outputCaps, type AgentToolContext } from "./context";
import { withModelText, type ModelTextFormatter } from "./model-text";
import { resolveScope, walkFiles, walkVisitCap } from "./walk";

export const listFilesInputSchema = z.object({
  glob: z
    .string()
    .max(200)
    .optional()
    .describe('Only files matching this glob: "*.ts" matches at any depth, "src/**/*.ts" is relative to path; default all files'),
  path: z.string().max(500).optional().describe("Folder to list under; default the project root"),
  limit: z.number().int().min(1).max(outputCaps.listEntries).optional().describe("Default 200"),
});

export type ListFilesOutput = { files: string[]; truncated?: true; note?: string };

/** One path a line, then the note. */
export function listFilesOutputText(output: ListFilesOutput): string {
  return [output.files.join("\n"), output.note].filter(Boolean).join("\n");
}

/** list_files: project files matching a glob, bounded, without node_modules and other generated folders. */
export function createListFilesTool(context: AgentToolContext) {
  const definition = tool({
    description:
      "List project files (paths relative to the project root) matching an optional glob. node_modules, .git and build output are skipped.",
    inputSchema: listFilesInputSchema,
    execute: async ({ glob, path, limit = 200 }) => {
      const scope = resolveScope(path);
      if ("error" in scope) return scope;
      const walked = await walkFiles({ sandbox: context.sandbox, root: scope.path, glob, max: limit });
      if ("error" in walked) return walked;
      const where = scope.path ? `under ${scope.path}/` : "in the project";
      if (walked.files.length === 0)
        return {
          files: [],
          note: glob ? `No file ${where} matches the glob "${glob}" (${walked.seen} file${walked.seen === 1 ? "" : "s"} looked at).` : `No files ${where}.`,
        };
      if (walked.stopped === "files") return { files: walked.files, truncated: true, note: `Stopped after ${walked.files.length} files; narrow the glob or path.` };
      if (walked.stopped === "visits")
        return { files: walked.files, truncated: true, note: `Stopped after ${walkVisitCap} entries; narrow the glob or path.` };
      return { files: walked.files };
    },
  });
  return withModelText(definition, listFilesOutputText as unknown as ModelTextFormatter);
}
