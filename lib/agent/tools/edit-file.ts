import { tool } from "ai";
import { structuredPatch } from "diff";
import { z } from "zod";
import { toolOutputBudget } from "../limits";
import {
  checkPath,
  decodeText,
  fileLedger,
  isLocked,
  lockedError,
  outputCaps,
  PathMutex,
  sandboxErrorToTool,
  type AgentToolContext,
} from "./context";
import { applyEdit, describeStrategy, type EditSpec } from "./edit-match";
import { describeSyntax, newSyntaxErrors, type SyntaxResult } from "./syntax-check";
import { detectLineEndings, numberedSnippet, splitLines, toLf, withLineEndings, type LineEndings } from "./text-lines";

const oldTextSchema = z
  .string()
  .min(1)
  .max(outputCaps.writeChars)
  .describe("Exact text from the file, without read_file's line numbers; must match one place unless replaceAll");
const newTextSchema = z.string().max(outputCaps.writeChars).describe("The replacement text");
const replaceAllSchema = z.boolean().optional().describe("Replace every place oldText matches (a rename within the file)");

export const editFileInputSchema = z.object({
  path: z.string().min(1).max(500),
  edits: z
    .array(z.object({ oldText: oldTextSchema, newText: newTextSchema, replaceAll: replaceAllSchema }))
    .min(1)
    .max(20)
    .optional()
    .describe("The changes, applied in order, all or nothing"),
  oldText: oldTextSchema.optional().describe("For a single change: instead of edits"),
  newText: newTextSchema.optional().describe("For a single change: instead of edits"),
  replaceAll: replaceAllSchema,
});

export type EditFileInput = z.infer<typeof editFileInputSchema>;

export type EditFileOutput = {
  path: string;
  edits: number;
  replaced: number;
  /** The first line changed. */
  line: number;
  lineEndings?: Exclude<LineEndings, "lf">;
  syntax: SyntaxResult;
  /** What the model reads: what was done, a numbered snippet of the result, the syntax check. */
  text: string;
};

/** The edits of either input shape, or what is missing. */
function editsOf(input: EditFileInput): EditSpec[] | { error: string } {
  if (input.edits?.length) {
    if (input.oldText !== undefined) return { error: "Give either edits or oldText/newText, not both." };
    return input.edits;
  }
  if (input.oldText === undefined || input.newText === undefined)
    return { error: 'Give the change as edits: [{ "oldText": "…", "newText": "…" }] (or oldText and newText).' };
  return [{ oldText: input.oldText, newText: input.newText, replaceAll: input.replaceAll }];
}

/** The lines of `after` that differ from `before`, for the snippet. */
function changedRanges(before: string, after: string): { start: number; end: number }[] {
  const patch = structuredPatch("a", "b", before, after, "", "", { context: 0 });
  return patch.hunks.map((h) => ({ start: Math.max(1, h.newStart), end: Math.max(h.newStart, h.newStart + h.newLines - 1) }));
}

/** edit_file: replaces pieces of text, so the rest of the file is never rewritten; all edits or none. */
export function createEditFileTool(context: AgentToolContext) {
  const locks = context.pathLocks ?? new PathMutex();
  const files = fileLedger(context);
  const budget = toolOutputBudget(context.contextTokens);
  return tool({
    description:
      "Change a file by replacing exact pieces of text: edits is a list of { oldText, newText, replaceAll? } applied in order, all or nothing. " +
      "Each oldText must match one place (include a few surrounding lines to make it unique) unless replaceAll is set. " +
      "Copy oldText from read_file without the line numbers. Returns the changed lines, numbered, and any new syntax errors.",
    inputSchema: editFileInputSchema,
    execute: async (input): Promise<EditFileOutput | { error: string }> => {
      const checked = checkPath(input.path);
      if ("error" in checked) return checked;
      const { path } = checked;
      const edits = editsOf(input);
      if ("error" in edits) return edits;
      if (isLocked(context, path)) return lockedError(path);
      return locks.run([path], async () => {
        let raw: string | null;
        try {
          raw = decodeText(await context.sandbox.readFile(path));
        } catch (error) {
          const failure = sandboxErrorToTool(error, path);
          return failure.error === `${path} does not exist` ? { error: `${path} does not exist. To create it, use write_file.` } : failure;
        }
        if (raw === null) return { error: `${path} is a binary file; it cannot be edited as text.` };
        const change = files.changeSinceSeen(path, raw);
        if (change !== null)
          return {
            error:
              `${path} changed since you last read it (it was saved by someone else in between), so the edit was not applied. The change:\n` +
              `${change}\nMake your edit again against the file as it is now.`,
          };
        const endings = detectLineEndings(raw);
        const before = endings === "crlf" ? toLf(raw) : raw;
        let text = before;
        let replaced = 0;
        const tolerated: string[] = [];
        for (const [index, edit] of edits.entries()) {
          const applied = applyEdit(text, edit);
          const which = edits.length > 1 ? `Edit ${index + 1} of ${edits.length}: ` : "";
          if ("error" in applied)
            return { error: `${which}${applied.error}\n${path} was not changed${edits.length > 1 ? " (no edit was applied)" : ""}.` };
          const how = describeStrategy(applied.strategy);
          if (how) tolerated.push(`${edits.length > 1 ? `edit ${index + 1}` : "oldText"} matched ${how}${applied.strategy === "indentation" ? " (newText was re-indented to match)" : ""}`);
          replaced += applied.count;
          text = applied.text;
        }
        const written = withLineEndings(text, endings);
        try {
          await context.sandbox.writeFile(path, written);
        } catch (error) {
          return sandboxErrorToTool(error, path);
        }
        files.remember(path, written);
        files.markChanged(path);
        context.onFileWritten?.({ path, change: "written" });
        const syntax = await newSyntaxErrors({ sandbox: context.sandbox, path, before, after: text });
        const ranges = changedRanges(before, text);
        const lines = splitLines(text);
        const summary =
          `Edited ${path}: ${edits.length > 1 ? `${edits.length} edits, ` : ""}${replaced} replacement${replaced === 1 ? "" : "s"}` +
          (tolerated.length ? ` (${tolerated.join("; ")})` : "") +
          (endings === "crlf" ? ". The file keeps its CRLF line endings." : ".");
        const snippet = ranges.length
          ? numberedSnippet(lines, ranges, { context: budget.snippetContext, maxLines: budget.snippetLines })
          : "(the text is unchanged)";
        return {
          path,
          edits: edits.length,
          replaced,
          line: ranges[0]?.start ?? 1,
          ...(endings !== "lf" ? { lineEndings: endings } : {}),
          syntax,
          text: [summary, snippet, describeSyntax(syntax)].join("\n"),
        };
      });
    },
  });
}
