import { tool } from "ai";
import { z } from "zod";
import { checkPath, decodeText, outputCaps, type AgentToolContext } from "./context";
import { globToRegExp } from "./glob";
import { walkVisitCap, walkFiles } from "./walk";

export const searchInputSchema = z.object({
  pattern: z.string().min(1).max(500).describe("JavaScript regular expression"),
  glob: z.string().max(200).optional().describe('Only files matching this glob, e.g. "**/*.ts"'),
  path: z.string().max(500).optional().describe("Folder to search under; default the project root"),
  caseSensitive: z.boolean().optional(),
  maxMatches: z.number().int().min(1).max(outputCaps.searchMatches).optional(),
});

/** search: regex over the project's text files; skips binaries, large files and generated folders. */
export function createSearchTool(context: AgentToolContext) {
  return tool({
    description:
      "Search project text files with a regular expression. Returns path, line number and line for each match (bounded).",
    inputSchema: searchInputSchema,
    execute: async ({ pattern, glob, path, caseSensitive = true, maxMatches = 100 }) => {
      let regex: RegExp;
      try {
        regex = new RegExp(pattern, caseSensitive ? "" : "i");
      } catch (error) {
        return { error: `Invalid regular expression: ${(error as Error).message}` };
      }
      let root = "";
      if (path && path !== "." && path !== "/") {
        const checked = checkPath(path);
        if ("error" in checked) return checked;
        root = checked.path;
      }
      const fileGlob = glob ? globToRegExp(glob) : null;
      const walked = await walkFiles({
        sandbox: context.sandbox,
        root,
        max: walkVisitCap,
        match: (file) => !fileGlob || fileGlob.test(file),
      });
      if ("error" in walked) return walked;
      const matches: { path: string; line: number; text: string }[] = [];
      let truncated = walked.truncated;
      outer: for (const file of walked.files) {
        let bytes: Uint8Array;
        try {
          const stat = await context.sandbox.stat(file);
          if (stat.size > outputCaps.searchFileBytes) continue;
          bytes = await context.sandbox.readFile(file);
        } catch {
          continue; // deleted or replaced while searching
        }
        const text = decodeText(bytes);
        if (text === null) continue;
        const lines = text.split("\n");
        for (let i = 0; i < lines.length; i++) {
          if (!regex.test(lines[i]!)) continue;
          if (matches.length >= maxMatches) {
            truncated = true;
            break outer;
          }
          const line = lines[i]!;
          matches.push({
            path: file,
            line: i + 1,
            text: line.length > outputCaps.searchLineChars ? line.slice(0, outputCaps.searchLineChars) + "…" : line,
          });
        }
      }
      return { matches, ...(truncated ? { truncated: true, note: "More matches exist; narrow the pattern or glob." } : {}) };
    },
  });
}
