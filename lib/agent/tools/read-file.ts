import { tool } from "ai";
import { z } from "zod";
import { checkPath, decodeText, outputCaps, sandboxErrorToTool, type AgentToolContext } from "./context";

export const readFileInputSchema = z.object({
  path: z.string().min(1).max(500),
  offset: z.number().int().min(1).optional().describe("First line to read, 1-based; default 1"),
  limit: z.number().int().min(1).max(outputCaps.readLines).optional().describe("Lines to read; default 400"),
});

/** read_file: a window of a text file's lines, with a marker saying where it continues. */
export function createReadFileTool(context: AgentToolContext) {
  return tool({
    description:
      "Read a text file, optionally a window of lines (offset is 1-based). Long files end with a marker giving the line to continue at.",
    inputSchema: readFileInputSchema,
    execute: async ({ path: input, offset = 1, limit = outputCaps.readLines }) => {
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
      const lines = text.split("\n");
      if (text.endsWith("\n")) lines.pop();
      const totalLines = lines.length;
      if (offset > Math.max(totalLines, 1)) return { error: `${path} has ${totalLines} lines; offset ${offset} is past the end.` };
      const window: string[] = [];
      let chars = 0;
      let next = offset - 1;
      while (next < totalLines && window.length < limit) {
        const line = lines[next]!;
        if (chars + line.length > outputCaps.readChars && window.length > 0) break;
        window.push(line.length > outputCaps.readChars ? line.slice(0, outputCaps.readChars) + " [line cut]" : line);
        chars += line.length + 1;
        next++;
      }
      let content = window.join("\n");
      if (next < totalLines) content += `\n[… ${totalLines - next} more lines; continues at line ${next + 1}]`;
      return { path, content, startLine: offset, endLine: offset + window.length - 1, totalLines };
    },
  });
}
