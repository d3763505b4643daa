import { tool } from "ai";
import { z } from "zod";
import { maxReadLines, toolOutputBudget } from "../limits";
import { checkPath, decodeText, fileLedger, sandboxErrorToTool, type AgentToolContext } from "./context";
import { withModelText } from "./model-text";
import { detectLineEndings, numberLine, splitLines, toLf, type LineEndings } from "./text-lines";

export const readFileInputSchema = z.object({
  path: z.string().min(1).max(500),
  offset: z.number().int().min(1).optional().describe("First line to read, 1-based; default 1"),
  limit: z.number().int().min(1).max(maxReadLines).optional().describe(`Lines to read; default and most ${maxReadLines}`),
});

export type ReadFileOutput = {
  path: string;
  /** The lines shown, "\n"-separated, without numbers (the UI shows this). */
  content: string;
  startLine: number;
  endLine: number;
  totalLines: number;
  lineEndings?: Exclude<LineEndings, "lf">;
  /** Where the next read continues, when the file goes on. */
  nextOffset?: number;
  /** Lines cut at the per-line cap (minified code). */
  cutLines?: number[];
  note?: string;
};

/** read_file: a window of a text file's lines, numbered for the model, with where to continue. */
export function createReadFileTool(context: AgentToolContext) {
  const budget = toolOutputBudget(context.contextTokens);
  const files = fileLedger(context);
  return withModelText(
    tool({
      description:
        `Read a text file as numbered lines (\`cat -n\` style), up to ${maxReadLines} lines a call; offset (1-based) and limit read a range. ` +
        "The result ends by saying where to continue. The numbers and the tab after them are not part of the file: never copy them into edits.",
      inputSchema: readFileInputSchema,
      execute: async ({ path: input, offset = 1, limit = maxReadLines }): Promise<ReadFileOutput | { error: string }> => {
        const checked = checkPath(input);
        if ("error" in checked) return checked;
        const { path } = checked;
        let bytes: Uint8Array;
        try {
          bytes = await context.sandbox.readFile(path);
        } catch (error) {
          return sandboxErrorToTool(error, path);
        }
        const text = decodeText(bytes);
        if (text === null) return { error: `${path} is a binary file (${bytes.length} bytes); it cannot be read as text.` };
        files.remember(path, text);
        const endings = detectLineEndings(text);
        const lines = splitLines(toLf(text));
        const totalLines = lines.length;
        if (offset > Math.max(totalLines, 1))
          return { error: `${path} has ${totalLines} lines; offset ${offset} is past the end. Use an offset from 1 to ${Math.max(totalLines, 1)}.` };
        const window: string[] = [];
        const cutLines: number[] = [];
        let chars = 0;
        let next = offset - 1;
        while (next < totalLines && window.length < limit) {
          let line = lines[next]!;
          if (line.length > budget.readLineChars) {
            line = `${line.slice(0, budget.readLineChars)}… [line cut: ${line.length - budget.readLineChars} more characters]`;
            cutLines.push(next + 1);
          }
          if (chars + line.length > budget.readChars && window.length > 0) break;
          window.push(line);
          chars += line.length + 1;
          next++;
        }
        const endLine = offset + window.length - 1;
        const more = next < totalLines;
        return {
          path,
          content: window.join("\n"),
          startLine: offset,
          endLine,
          totalLines,
          ...(endings !== "lf" ? { lineEndings: endings } : {}),
          ...(more ? { nextOffset: next + 1, note: `Lines ${offset}–${endLine} of ${totalLines}; continues at line ${next + 1}.` } : {}),
          ...(cutLines.length ? { cutLines } : {}),
        };
      },
    }),
    (output) => formatReadFileOutput(output as ReadFileOutput),
  );
}

/** The model's view: a header, the numbered lines, and how to go on. */
export function formatReadFileOutput(output: ReadFileOutput): string {
  const { path, startLine, endLine, totalLines } = output;
  if (totalLines === 0) return `${path} is empty (0 lines).`;
  const whole = startLine === 1 && endLine === totalLines;
  const head = whole ? `${path} (${totalLines} line${totalLines === 1 ? "" : "s"})` : `${path} lines ${startLine}–${endLine} of ${totalLines}`;
  const endingsNote =
    output.lineEndings === "crlf"
      ? " — the file has CRLF line endings, shown here as plain newlines; write plain newlines in edits and the file keeps CRLF"
      : output.lineEndings === "mixed"
        ? " — the file mixes CRLF and LF line endings, shown here as plain newlines"
        : "";
  const body = output.content.split("\n").map((line, i) => numberLine(startLine + i, line));
  const footer: string[] = [];
  if (output.cutLines?.length)
    footer.push(
      output.cutLines.length === 1
        ? `[Line ${output.cutLines[0]} is too long and cut; use search to find text in it.]`
        : `[Lines ${output.cutLines.slice(0, 10).join(", ")}${output.cutLines.length > 10 ? ", …" : ""} are too long and cut; use search to find text in them.]`,
    );
  if (output.nextOffset) footer.push(`[Showing lines ${startLine}–${endLine} of ${totalLines}. Continue with offset=${output.nextOffset}.]`);
  else if (!whole) footer.push(`[End of file: line ${totalLines} is the last.]`);
  return [`${head}${endingsNote}`, ...body, ...footer].join("\n");
}
