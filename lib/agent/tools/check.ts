import { tool } from "ai";
import { z } from "zod";
import { checkPath, decodeText, fileLedger, sandboxErrorToTool, type AgentToolContext } from "./context";
import { checkableExtensions, describeSyntax, isCheckable, syntaxDiagnostics, type SyntaxResult } from "./syntax-check";
import { walkFiles } from "./walk";

export const checkInputSchema = z.object({
  path: z.string().max(500).optional().describe("A file or folder to check; default the files you changed in this turn"),
});

/** Files one call checks at most. */
const maxFiles = 50;

export type CheckOutput = {
  results: Array<{ path: string; syntax: SyntaxResult }>;
  /** Files with errors. */
  failing: number;
  text: string;
};

/**
 * check: syntax diagnostics (parse errors, not types or lint) of a file, a folder, or the files the
 * agent changed. In the offline box, where there is no tsc or eslint, this is the check there is.
 */
export function createCheckTool(context: AgentToolContext) {
  const files = fileLedger(context);
  return tool({
    description:
      `Check files for syntax errors (${checkableExtensions.join(" ")}): a file, a folder, or by default the files you changed in this turn. ` +
      "Reports parse errors with line numbers; it does not type-check or run tests.",
    inputSchema: checkInputSchema,
    execute: async ({ path: input }): Promise<CheckOutput | { error: string }> => {
      let targets: string[];
      let skipped = 0;
      if (input && input !== "." && input !== "/") {
        const checked = checkPath(input);
        if ("error" in checked) return checked;
        let kind: "file" | "dir";
        try {
          kind = (await context.sandbox.stat(checked.path)).kind;
        } catch (error) {
          return sandboxErrorToTool(error, checked.path);
        }
        if (kind === "file") targets = [checked.path];
        else {
          const walked = await walkFiles({ sandbox: context.sandbox, root: checked.path, max: 5_000 });
          if ("error" in walked) return walked;
          targets = walked.files.filter(isCheckable);
        }
      } else {
        const changed = files.changed;
        if (changed.length === 0)
          return { results: [], failing: 0, text: "You have not changed any files in this turn; give a path to check a file or folder." };
        targets = [];
        for (const path of changed) if (await context.sandbox.exists(path)) targets.push(path);
        skipped = changed.length - targets.length;
      }
      const more = Math.max(0, targets.length - maxFiles);
      targets = targets.slice(0, maxFiles);
      const items: Array<{ path: string; text: string }> = [];
      const results: CheckOutput["results"] = [];
      for (const path of targets) {
        const text = await context.sandbox
          .readFile(path)
          .then(decodeText)
          .catch(() => null);
        if (text === null) results.push({ path, syntax: { unchecked: "not a readable text file" } });
        else items.push({ path, text });
      }
      const checked = await syntaxDiagnostics({ sandbox: context.sandbox, items });
      items.forEach((item, i) => results.push({ path: item.path, syntax: checked[i]! }));
      results.sort((a, b) => a.path.localeCompare(b.path));
      const failing = results.filter((r) => "diagnostics" in r.syntax && r.syntax.diagnostics.length > 0).length;
      const lines = [
        targets.length === 0
          ? `No files to check${input ? ` under ${input}` : ""} (checked kinds: ${checkableExtensions.join(" ")}).`
          : `Checked ${results.length} file${results.length === 1 ? "" : "s"}: ${failing === 0 ? "no syntax errors" : `${failing} with syntax errors`}.`,
        ...results.map((r) => `${r.path}: ${describeSyntax(r.syntax, { onlyNew: false }).replace(/^Syntax check: /, "")}`),
        ...(more > 0 ? [`[… ${more} more files not checked; check a narrower folder.]`] : []),
        ...(skipped > 0 ? [`(${skipped} changed file${skipped === 1 ? " no longer exists" : "s no longer exist"}.)`] : []),
      ];
      return { results, failing, text: lines.join("\n") };
    },
  });
}
