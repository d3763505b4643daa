import { tool } from "ai";
import { z } from "zod";
import type { Sandbox } from "@/lib/sandbox/types";
import { decodeText, outputCaps, sandboxErrorToTool, type AgentToolContext, type ToolError } from "./context";
import { resolveScope, walkFiles } from "./walk";

/**
 * A file's top-level declarations with their line numbers, so the model can find its way around a
 * file (or a folder) without reading it whole: TS/JS through TypeScript's parser, Python through an
 * indentation-aware scan, Markdown by its headings.
 */
export type OutlineEntry = { line: number; text: string; children?: OutlineEntry[] };
export type FileOutline = { path: string; language: OutlineLanguage; totalLines: number; entries: OutlineEntry[] };
export type OutlineLanguage = "typescript" | "javascript" | "python" | "markdown";

const languageByExtension: Record<string, OutlineLanguage> = {
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  py: "python",
  md: "markdown",
  markdown: "markdown",
};

export const outlineExtensions = Object.keys(languageByExtension);

const maxSignatureChars = 160;
const maxMembers = 40;
const maxEntries = 300;
/** A folder's outline: at most this many files, each with at most this many entries. */
const folderLimits = { files: 60, entriesPerFile: 25 };
/** What one outline answer may hold. */
export const outlineMaxChars = 16_000;

export function outlineLanguage(path: string): OutlineLanguage | null {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? (languageByExtension[name.slice(dot + 1).toLowerCase()] ?? null) : null;
}

// Loaded on first use: the parser is large and most tool calls never need it. turbopackIgnore: the
// package is installed beside the server, and tracing it made `next build` parse its 15 MB of
// JavaScript, ~750 MB of the build's peak memory (see BENCHMARKS.md).
let typescript: Promise<typeof import("typescript")> | undefined;
function loadTypeScript() {
  return (typescript ??= import(/* turbopackIgnore: true */ "typescript").then((m) => ("default" in m ? (m.default as typeof import("typescript")) : m)));
}

const squeeze = (text: string) => {
  const line = text.replace(/\s+/g, " ").trim().replace(/\s*;$/, "");
  return line.length > maxSignatureChars ? line.slice(0, maxSignatureChars - 1) + "…" : line;
};

async function outlineScript(path: string, text: string, language: "typescript" | "javascript"): Promise<OutlineEntry[]> {
  const ts = await loadTypeScript();
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  const kind = ext === "tsx" ? ts.ScriptKind.TSX : ext === "jsx" ? ts.ScriptKind.JSX : language === "typescript" ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const lineOf = (node: import("typescript").Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  // A declaration's head: its text up to the body (a function's block, a class's members, an
  // initializer that is not a function), on one line.
  const head = (node: import("typescript").Node, end: number) => squeeze(text.slice(node.getStart(file), end).replace(/[{=\s]+$/, ""));
  const bodyStart = (node: import("typescript").Node): number => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) return (node.body as import("typescript").Node).getStart(file);
    if (ts.isClassLike(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node)) return node.members.pos;
    if (ts.isModuleDeclaration(node) && node.body) return node.body.getStart(file);
    // A property's value is not part of its declaration's head.
    if ((ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) && node.initializer) return node.initializer.getFullStart();
    return node.end;
  };
  const members = (node: import("typescript").ClassLikeDeclaration | import("typescript").InterfaceDeclaration): OutlineEntry[] =>
    node.members.slice(0, maxMembers).map((member) => ({ line: lineOf(member), text: head(member, bodyStart(member)) }));

  const entries: OutlineEntry[] = [];
  for (const statement of file.statements) {
    if (entries.length >= maxEntries) break;
    if (ts.isVariableStatement(statement)) {
      // One entry per declared name; an arrow or function initializer shows its parameters.
      const keyword = head(statement, statement.declarationList.declarations[0]?.getStart(file) ?? statement.end);
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        const fn = init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : null;
        const end = fn ? fn.body.getStart(file) : (init?.getFullStart() ?? declaration.end);
        entries.push({ line: lineOf(declaration), text: `${keyword} ${head(declaration, end).replace(/\s*=>$/, " =>")}`.trim() });
      }
    } else if (ts.isClassLike(statement) || ts.isInterfaceDeclaration(statement)) {
      const children = members(statement);
      entries.push({ line: lineOf(statement), text: head(statement, bodyStart(statement)), ...(children.length ? { children } : {}) });
    } else if (
      ts.isFunctionDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isModuleDeclaration(statement) ||
      ts.isExportAssignment(statement)
    ) {
      const end = ts.isTypeAliasDeclaration(statement) ? statement.type.getStart(file) : bodyStart(statement);
      const shown = ts.isTypeAliasDeclaration(statement) || ts.isExportAssignment(statement) ? text.slice(statement.getStart(file), statement.end) : null;
      entries.push({ line: lineOf(statement), text: shown !== null ? squeeze(shown.split("\n")[0]!) : head(statement, end) });
    } else if (ts.isExportDeclaration(statement)) {
      entries.push({ line: lineOf(statement), text: squeeze(text.slice(statement.getStart(file), statement.end)) });
    } else if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      /^(module\.)?exports\b/.test(statement.expression.left.getText(file))
    ) {
      // CommonJS: module.exports = …, exports.name = …
      entries.push({ line: lineOf(statement), text: head(statement, bodyStart(statement.expression.right)) });
    }
  }
  return entries;
}

function outlinePython(text: string): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  const lines = text.split("\n");
  let inString: string | null = null;
  let classEntry: OutlineEntry | null = null;
  let memberIndent: number | null = null;
  for (let i = 0; i < lines.length && entries.length < maxEntries; i++) {
    const raw = lines[i]!.replace(/\r$/, "");
    // Skip the insides of triple-quoted strings (docstrings), which may hold "def" or "class".
    if (inString) {
      if (raw.includes(inString)) inString = null;
      continue;
    }
    const quotes = raw.match(/"""|'''/g);
    if (quotes && quotes.length % 2 === 1) inString = quotes[0]!;
    const stripped = raw.trimStart();
    if (stripped === "" || stripped.startsWith("#")) continue;
    const indent = raw.length - stripped.length;
    const declaration = /^(async\s+def|def|class)\s+\w+/.test(stripped);
    const signature = () => squeeze(stripped.replace(/:\s*(#.*)?$/, ""));
    if (indent === 0) {
      classEntry = null;
      memberIndent = null;
      if (declaration) {
        const entry: OutlineEntry = { line: i + 1, text: signature() };
        entries.push(entry);
        if (stripped.startsWith("class")) classEntry = entry;
      } else if (/^[A-Za-z_]\w*\s*(:[^=]*)?=(?!=)/.test(stripped)) {
        entries.push({ line: i + 1, text: squeeze(stripped.replace(/\s*=.*$/, "")) });
      } else if (/^if\s+__name__\s*==/.test(stripped)) entries.push({ line: i + 1, text: signature() });
    } else if (classEntry && declaration) {
      // Methods: the first indented declaration sets the class body's indentation.
      memberIndent ??= indent;
      if (indent === memberIndent && (classEntry.children ??= []).length < maxMembers) classEntry.children.push({ line: i + 1, text: signature() });
    }
  }
  return entries;
}

function outlineMarkdown(text: string): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  let fence: string | null = null;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length && entries.length < maxEntries; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    const fenceMark = /^\s{0,3}(```|~~~)/.exec(line)?.[1];
    if (fenceMark) {
      fence = fence === null ? fenceMark : fence === fenceMark ? null : fence;
      continue;
    }
    if (fence) continue;
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) entries.push({ line: i + 1, text: `${heading[1]} ${squeeze(heading[2]!)}` });
  }
  return entries;
}

/** The outline of a file's text, or null when its kind has no outline. */
export async function outlineText({ path, text }: { path: string; text: string }): Promise<FileOutline | null> {
  const language = outlineLanguage(path);
  if (!language) return null;
  const entries =
    language === "python" ? outlinePython(text) : language === "markdown" ? outlineMarkdown(text) : await outlineScript(path, text, language);
  const totalLines = text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  return { path, language, totalLines, entries };
}

/** A file's outline read from the sandbox; an error the model can act on when it has none. */
export async function outlineFile({ sandbox, path }: { sandbox: Sandbox; path: string }): Promise<FileOutline | ToolError> {
  if (!outlineLanguage(path))
    return { error: `No outline for ${path}: outlines cover ${outlineExtensions.map((e) => `.${e}`).join(" ")} files. Use read_file or search.` };
  let bytes: Uint8Array;
  try {
    const stat = await sandbox.stat(path);
    if (stat.kind === "dir") return { error: `${path} is a folder` };
    if (stat.size > outputCaps.searchFileBytes) return { error: `${path} is larger than 1 MB; use search or read_file with offset and limit.` };
    bytes = await sandbox.readFile(path);
  } catch (error) {
    return sandboxErrorToTool(error, path);
  }
  const text = decodeText(bytes);
  if (text === null) return { error: `${path} is a binary file.` };
  return (await outlineText({ path, text }))!;
}

/**
 * A file's outline as text: "  12  export function greet(name: string)", members indented under
 * their class. Cut at `maxChars` with a marker.
 */
export function formatFileOutline(outline: FileOutline, { maxChars = outlineMaxChars }: { maxChars?: number } = {}): string {
  const rows = [`${outline.path} (${outline.totalLines} lines)`];
  const width = String(outline.totalLines).length;
  const row = (entry: OutlineEntry, depth: number) => `${String(entry.line).padStart(width + 2)}  ${"  ".repeat(depth)}${entry.text}`;
  for (const entry of outline.entries) {
    rows.push(row(entry, 0));
    for (const child of entry.children ?? []) rows.push(row(child, 1));
  }
  if (outline.entries.length === 0) rows.push("  (no top-level declarations)");
  return cutToChars(rows, maxChars);
}

function cutToChars(rows: string[], maxChars: number): string {
  let chars = 0;
  for (let i = 0; i < rows.length; i++) {
    chars += rows[i]!.length + 1;
    if (chars > maxChars && i > 0) return [...rows.slice(0, i), `[… ${rows.length - i} more lines of outline cut]`].join("\n");
  }
  return rows.join("\n");
}

export type OutlineOutput = { path: string; text: string; files?: number; truncated?: true };

/** The outline tool's answer for a file or a folder (its outlinable files, each with its top-level entries). */
export async function outlinePath({ sandbox, path: input }: { sandbox: Sandbox; path: string }): Promise<OutlineOutput | ToolError> {
  const scope = resolveScope(input);
  if ("error" in scope) return scope;
  const root = scope.path;
  let isFile = false;
  if (root) {
    try {
      isFile = (await sandbox.stat(root)).kind === "file";
    } catch (error) {
      return sandboxErrorToTool(error, root);
    }
  }
  if (isFile) {
    const outline = await outlineFile({ sandbox, path: root });
    return "error" in outline ? outline : { path: root, text: formatFileOutline(outline) };
  }
  const walked = await walkFiles({ sandbox, root, glob: `*.{${outlineExtensions.join(",")}}`, max: folderLimits.files });
  if ("error" in walked) return walked;
  const where = root ? `${root}/` : "the project";
  if (walked.files.length === 0) return { path: root || ".", text: `No ${outlineExtensions.map((e) => `.${e}`).join(" ")} files under ${where}.`, files: 0 };
  const rows: string[] = [];
  for (const file of walked.files) {
    const outline = await outlineFile({ sandbox, path: file });
    if ("error" in outline) {
      rows.push(`${file}: (${outline.error})`);
      continue;
    }
    const shown = outline.entries.slice(0, folderLimits.entriesPerFile);
    const more = outline.entries.length - shown.length;
    rows.push(
      `${file}: ` +
        (shown.length ? shown.map((entry) => `${entry.line} ${entry.text}`).join(" · ") : "(no top-level declarations)") +
        (more > 0 ? ` · … ${more} more` : ""),
    );
  }
  const truncated = walked.stopped !== null;
  if (truncated) rows.push(`[… stopped after ${walked.files.length} files; outline a subfolder or a file for the rest]`);
  return { path: root || ".", text: cutToChars(rows, outlineMaxChars), files: walked.files.length, ...(truncated ? { truncated: true as const } : {}) };
}

export const outlineInputSchema = z.object({
  path: z.string().min(1).max(500).describe('A file, or a folder ("." for the project root) to outline each of its source files'),
});

/** outline: top-level declarations with line numbers, for a file or a folder. */
export function createOutlineTool(context: AgentToolContext) {
  // The answer's `text` is what the model reads (see context.ts).
  return tool({
    description:
      "List the top-level declarations (functions, classes with their members, types, constants; Markdown headings) of a file with " +
      "their line numbers, or of each source file in a folder. Cheaper than reading whole files; then read_file with offset.",
    inputSchema: outlineInputSchema,
    execute: ({ path }) => outlinePath({ sandbox: context.sandbox, path }),
  });
}
