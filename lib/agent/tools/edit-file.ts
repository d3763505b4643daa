import { tool } from "ai";
import { z } from "zod";
import {
  checkPath,
  decodeText,
  isLocked,
  lockedError,
  outputCaps,
  PathMutex,
  sandboxErrorToTool,
  type AgentToolContext,
} from "./context";

export const editFileInputSchema = z.object({
  path: z.string().min(1).max(500),
  oldText: z.string().min(1).max(outputCaps.writeChars).describe("Exact text to replace; must occur exactly once"),
  newText: z.string().max(outputCaps.writeChars),
});

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** edit_file: replaces one exact, unique piece of text, so the rest of the file is never rewritten. */
export function createEditFileTool(context: AgentToolContext) {
  const locks = context.pathLocks ?? new PathMutex();
  return tool({
    description:
      "Replace an exact piece of text in a file with new text. oldText must match exactly once (include surrounding lines to make it unique).",
    inputSchema: editFileInputSchema,
    execute: async ({ path: input, oldText, newText }) => {
      const checked = checkPath(input);
      if ("error" in checked) return checked;
      const { path } = checked;
      if (isLocked(context, path)) return lockedError(path);
      return locks.run([path], async () => {
        let text: string | null;
        try {
          text = decodeText(await context.sandbox.readFile(path));
        } catch (error) {
          return sandboxErrorToTool(error, path);
        }
        if (text === null) return { error: `${path} is a binary file; it cannot be edited as text.` };
        const count = countOccurrences(text, oldText);
        if (count === 0) return { error: `oldText was not found in ${path} (0 matches). Read the file and copy the text exactly.` };
        if (count > 1)
          return { error: `oldText matches ${count} times in ${path}; include more surrounding text so it matches once.` };
        const at = text.indexOf(oldText);
        const updated = text.slice(0, at) + newText + text.slice(at + oldText.length);
        try {
          await context.sandbox.writeFile(path, updated);
        } catch (error) {
          return sandboxErrorToTool(error, path);
        }
        context.onFileWritten?.({ path, change: "written" });
        return { path, replaced: 1, line: text.slice(0, at).split("\n").length };
      });
    },
  });
}
