import type { Sandbox } from "@/lib/sandbox/types";
import { parseDiagnostics, type ParseKind } from "./ts-parse";

/**
 * Syntax diagnostics of a file's text, for the check after each write or edit and the `check`
 * tool: JS/TS with TypeScript's parser (parse errors only, no type checking), JSON with
 * JSON.parse (JSONC files such as tsconfig.json with TypeScript's tolerant JSON parser), Python
 * with the sandbox's python3.
 */
export type SyntaxDiagnostic = { line: number; column: number; message: string };

/** The diagnostics, or why the text could not be checked (no checker for the kind of file, no python3). */
export type SyntaxResult = { diagnostics: SyntaxDiagnostic[] } | { unchecked: string };

const scriptKinds: Record<string, ParseKind> = { ".ts": "TS", ".mts": "TS", ".cts": "TS", ".tsx": "TSX", ".js": "JS", ".mjs": "JS", ".cjs": "JS", ".jsx": "JSX" };
/** JSON files whose tools accept comments and trailing commas. */
const jsoncNames = /(^|\/)(tsconfig[^/]*|jsconfig[^/]*|\.eslintrc|devcontainer|settings|launch|tasks|extensions)\.json$|\.jsonc$/;

export const checkableExtensions = [...Object.keys(scriptKinds), ".json", ".jsonc", ".py"];

function extensionOf(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") ? path.slice(dot).toLowerCase() : "";
}

export function isCheckable(path: string): boolean {
  return checkableExtensions.includes(extensionOf(path));
}

/** Diagnostics of each text (parsed together in the parser worker; Python texts in one python3 run). */
export async function syntaxDiagnostics({ sandbox, items }: { sandbox: Sandbox; items: Array<{ path: string; text: string }> }): Promise<SyntaxResult[]> {
  const results: SyntaxResult[] = new Array(items.length);
  const parsed: Array<{ index: number; kind: ParseKind }> = [];
  const python: number[] = [];
  for (const [index, { path, text }] of items.entries()) {
    const ext = extensionOf(path);
    if (ext in scriptKinds) parsed.push({ index, kind: scriptKinds[ext]! });
    else if (ext === ".jsonc" || (ext === ".json" && jsoncNames.test(path))) parsed.push({ index, kind: "JSON" });
    else if (ext === ".json") results[index] = { diagnostics: jsonDiagnostics(text) };
    else if (ext === ".py") python.push(index);
    else results[index] = { unchecked: `no syntax checker for ${ext || "files without an extension"} (checked: ${checkableExtensions.join(" ")})` };
  }
  if (parsed.length > 0) {
    const diagnostics = await parseDiagnostics(parsed.map(({ index, kind }) => ({ ...items[index]!, kind })));
    parsed.forEach(({ index }, i) => (results[index] = { diagnostics: diagnostics[i]! }));
  }
  if (python.length > 0) {
    const checked = await pythonDiagnostics(sandbox, python.map((i) => items[i]!));
    python.forEach((itemIndex, i) => (results[itemIndex] = checked[i]!));
  }
  return results;
}

function jsonDiagnostics(text: string): SyntaxDiagnostic[] {
  if (text.trim() === "") return [];
  try {
    JSON.parse(text);
    return [];
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? text.length);
    const before = text.slice(0, position).split("\n");
    return [{ line: before.length, column: before.at(-1)!.length + 1, message: message.replace(/ in JSON at position \d+.*$/, "") }];
  }
}

// Compiles without writing __pycache__ into the project (py_compile would), one process for all texts.
const pythonCheck = [
  "import sys, json",
  "out = []",
  "for name, src in json.load(sys.stdin):",
  "  try:",
  "    compile(src, name, 'exec')",
  "    out.append([])",
  "  except SyntaxError as e:",
  "    out.append([[e.lineno or 1, e.offset or 1, type(e).__name__ + ': ' + str(e.msg)]])",
  "  except ValueError as e:",
  "    out.append([[1, 1, str(e)]])",
  "print(json.dumps(out))",
].join("\n");

async function pythonDiagnostics(sandbox: Sandbox, items: Array<{ path: string; text: string }>): Promise<SyntaxResult[]> {
  const command = `python3 -c "${pythonCheck.replace(/[\\"$`]/g, "\\$&")}"`;
  const run = await sandbox.exec(command, { stdin: JSON.stringify(items.map(({ path, text }) => [path, text])), timeoutMs: 30_000 }).catch((error: unknown) => ({
    exitCode: -1,
    stdout: "",
    stderr: error instanceof Error ? error.message : String(error),
  }));
  let parsed: unknown;
  try {
    parsed = run.exitCode === 0 ? JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "") : null;
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== items.length) {
    const reason = run.exitCode === 127 || /not found/i.test(run.stderr) ? "python3 is not available in this sandbox" : `python3 failed (exit ${run.exitCode})`;
    return items.map(() => ({ unchecked: reason }));
  }
  return (parsed as [number, number, string][][]).map((errors) => ({
    diagnostics: errors.map(([line, column, message]) => ({ line, column, message })),
  }));
}

/**
 * The diagnostics of `after` that `before` did not have, matched by message and the text of their
 * line (so errors that only moved are not new). `before` null: a new file, everything is new.
 */
export async function newSyntaxErrors({
  sandbox,
  path,
  before,
  after,
}: {
  sandbox: Sandbox;
  path: string;
  before: string | null;
  after: string;
}): Promise<SyntaxResult> {
  if (!isCheckable(path)) return { unchecked: `no syntax checker for this kind of file` };
  const texts = before === null ? [after] : [after, before];
  const [now, then] = (await syntaxDiagnostics({ sandbox, items: texts.map((text) => ({ path, text })) })) as [SyntaxResult, SyntaxResult?];
  if ("unchecked" in now || then === undefined || "unchecked" in then || now.diagnostics.length === 0) return now;
  const key = (text: string, d: SyntaxDiagnostic) => `${d.message}\u0000${(text.split("\n")[d.line - 1] ?? "").trim()}`;
  const old = new Map<string, number>();
  for (const d of then.diagnostics) old.set(key(before!, d), (old.get(key(before!, d)) ?? 0) + 1);
  const fresh = now.diagnostics.filter((d) => {
    const k = key(after, d);
    const left = old.get(k) ?? 0;
    if (left > 0) old.set(k, left - 1);
    return left === 0;
  });
  return { diagnostics: fresh };
}

/** "Syntax: no new errors." or the errors, one a line, for the model. */
export function describeSyntax(result: SyntaxResult, { onlyNew = true }: { onlyNew?: boolean } = {}): string {
  if ("unchecked" in result) return `Syntax not checked: ${result.unchecked}.`;
  if (result.diagnostics.length === 0) return onlyNew ? "Syntax check: no new errors." : "Syntax check: no errors.";
  const shown = result.diagnostics.slice(0, 10).map((d) => `  line ${d.line}, column ${d.column}: ${d.message}`);
  const more = result.diagnostics.length > 10 ? [`  … and ${result.diagnostics.length - 10} more`] : [];
  const count = `${result.diagnostics.length} ${onlyNew ? "new " : ""}syntax error${result.diagnostics.length > 1 ? "s" : ""}`;
  return [`Syntax check: ${count}${onlyNew ? " (the change was applied; fix them)" : ""}:`, ...shown, ...more].join("\n");
}
