import { tool } from "ai";
import { z } from "zod";
import { checkPath, decodeText, fileLedger, isLocked, lockedError, outputCaps, PathMutex, sandboxErrorToTool, type AgentToolContext } from "./context";
import { describeSyntax, newSyntaxErrors, type SyntaxResult } from "./syntax-check";
import { detectLineEndings, splitLines, toLf, withLineEndings } from "./text-lines";

export const writeFileInputSchema = z.object({
  path: z.string().min(1).max(500),
  content: z.string().max(outputCaps.writeChars),
  overwrite: z.boolean().optional().describe("Required to replace a file that exists; prefer edit_file for changes"),
});

export type WriteFileOutput = {
  path: string;
  created: boolean;
  bytes: number;
  lines: number;
  /** An existing CRLF file's content was written with CRLF. */
  lineEndings?: "crlf";
  syntax: SyntaxResult;
  text: string;
};

/** write_file: creates a file (parent folders too), or replaces a whole file when asked to. */
export function createWriteFileTool(context: AgentToolContext) {
  const locks = context.pathLocks ?? new PathMutex();
  const files = fileLedger(context);
  return tool({
    description:
      "Create a new file with the given content (parent folders are created). An existing file is only replaced with overwrite: true; " +
      "to change part of a file, use edit_file. Returns any syntax errors in what was written.",
    inputSchema: writeFileInputSchema,
    execute: async ({ path: input, content, overwrite = false }): Promise<WriteFileOutput | { error: string }> => {
      const checked = checkPath(input);
      if ("error" in checked) return checked;
      const { path } = checked;
      if (isLocked(context, path)) return lockedError(path);
      return locks.run([path], async () => {
        let existing: string | null = null;
        let existed: boolean;
        try {
          existed = await context.sandbox.exists(path);
          if (existed) {
            const bytes = await context.sandbox.readFile(path);
            existing = decodeText(bytes);
            if (!overwrite) {
              const size = existing === null ? `${bytes.length} bytes` : `${splitLines(existing).length} lines`;
              return {
                error: `${path} already exists (${size}). To change part of it, use edit_file; to replace all of it, call write_file again with overwrite: true.`,
              };
            }
          }
        } catch (error) {
          return sandboxErrorToTool(error, path);
        }
        if (existing !== null) {
          const change = files.changeSinceSeen(path, existing);
          if (change !== null)
            return {
              error:
                `${path} changed since you last read it (it was saved by someone else in between), so it was not replaced. The change:\n` +
                `${change}\nTake that change into account, then write it again.`,
            };
        }
        const keepCrlf = existing !== null && detectLineEndings(existing) === "crlf" && !content.includes("\r");
        const written = keepCrlf ? withLineEndings(content, "crlf") : content;
        try {
          await context.sandbox.writeFile(path, written);
        } catch (error) {
          return sandboxErrorToTool(error, path);
        }
        files.remember(path, written);
        files.markChanged(path);
        context.onFileWritten?.({ path, change: "written" });
        const syntax = await newSyntaxErrors({ sandbox: context.sandbox, path, before: existing === null ? null : toLf(existing), after: toLf(content) });
        const lines = splitLines(content).length;
        const bytes = new TextEncoder().encode(written).length;
        const summary =
          `${existed ? "Replaced" : "Created"} ${path} (${lines} line${lines === 1 ? "" : "s"}, ${bytes} bytes)` +
          (keepCrlf ? "; it keeps its CRLF line endings." : ".");
        return {
          path,
          created: !existed,
          bytes,
          lines,
          ...(keepCrlf ? { lineEndings: "crlf" as const } : {}),
          syntax,
          text: `${summary}\n${describeSyntax(syntax, { onlyNew: existed })}`,
        };
      });
    },
  });
}
