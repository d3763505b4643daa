import { parse, type Program, type Statement, type ModuleDeclaration, type Pattern } from "acorn";

/**
 * Marks the line carrying a snippet's last-expression value in stdout, so it can be split from
 * prints. Its random part, new in each server process, keeps anything a snippet prints from passing
 * for it; the value itself travels as JSON, so no byte of it can break the line.
 */
export const valueMarker = `\u001e__agent_value_${globalThis.crypto.randomUUID().replaceAll("-", "")}__:`;

type TopLevel = Statement | ModuleDeclaration;

function parseModule(code: string): Program | null {
  try {
    return parse(code, { ecmaVersion: "latest", sourceType: "module", allowHashBang: true });
  } catch {
    return null;
  }
}

/**
 * Rewrites a JS snippet so the value of its last top-level expression statement is printed after the
 * marker, as a notebook cell shows it. Code that does not parse is returned as is, so Node reports the
 * syntax error itself.
 */
export function printLastExpression(code: string): string {
  const program = parseModule(code);
  const last = program?.body.at(-1);
  if (!last || last.type !== "ExpressionStatement" || "directive" in last && typeof last.directive === "string") return code;
  const expression = code.slice(last.expression.start, last.expression.end);
  const print =
    `const __agentValue = (${expression}\n);\n` +
    `if (__agentValue !== undefined) console.log(${JSON.stringify(valueMarker)} + ` +
    `JSON.stringify((await import("node:util")).inspect(__agentValue, { depth: 4 })));\n`;
  return code.slice(0, last.start) + print + code.slice(last.end);
}

function patternNames(pattern: Pattern, into: Set<string>): void {
  switch (pattern.type) {
    case "Identifier":
      into.add(pattern.name);
      break;
    case "ObjectPattern":
      for (const property of pattern.properties)
        patternNames(property.type === "RestElement" ? property.argument : property.value, into);
      break;
    case "ArrayPattern":
      for (const element of pattern.elements) if (element) patternNames(element, into);
      break;
    case "RestElement":
      patternNames(pattern.argument, into);
      break;
    case "AssignmentPattern":
      patternNames(pattern.left, into);
      break;
    default:
      break;
  }
}

/** Names a snippet declares at top level (so a remembered variable of the same name is not prepended). */
export function topLevelDeclarations(code: string): Set<string> {
  const names = new Set<string>();
  const program = parseModule(code);
  for (const node of (program?.body ?? []) as TopLevel[]) {
    if (node.type === "VariableDeclaration") for (const d of node.declarations) patternNames(d.id, names);
    else if ((node.type === "FunctionDeclaration" || node.type === "ClassDeclaration") && node.id) names.add(node.id.name);
    else if (node.type === "ImportDeclaration") for (const s of node.specifiers) names.add(s.local.name);
  }
  return names;
}

/**
 * The statement that ends a JS cell by publishing its top-level names on globalThis, so the next
 * cell run in the same notebook context (a module of its own) finds them: `const greeting = "hi"`
 * in one cell, `greeting` in the next. A later cell declaring the same name shadows it and
 * publishes its own. Empty when the cell declares nothing (or does not parse).
 */
export function publishNames(code: string): string {
  const names = [...topLevelDeclarations(code)];
  return names.length ? `\n;Object.assign(globalThis, { ${names.join(", ")} });\n` : "";
}

/** True when `source` is a single JS expression (so "define variable x as 1 + 2" keeps it as code). */
export function isJsExpression(source: string): boolean {
  const program = parseModule(`(${source}\n)`);
  return program?.body.length === 1 && program.body[0]!.type === "ExpressionStatement";
}

/**
 * A Python wrapper that runs the snippet as a cell: every statement but a trailing expression is
 * exec'd, the expression is eval'd and its repr printed after the marker. It runs in the module's
 * own globals, so in a notebook (where every cell shares them) the cell's names stay defined; its
 * own names are dunder names, out of the cell's way. The code travels base64 encoded so no quoting
 * can break the wrapper.
 */
export function wrapPythonCell(code: string): string {
  const encoded = Buffer.from(code, "utf8").toString("base64");
  return [
    "import ast as __ast, base64 as __base64, json as __json",
    `__src = __base64.b64decode("${encoded}").decode("utf-8")`,
    '__tree = __ast.parse(__src, filename="<cell>", mode="exec")',
    "__last = __tree.body.pop() if __tree.body and isinstance(__tree.body[-1], __ast.Expr) else None",
    "__ns = globals()",
    'exec(compile(__tree, "<cell>", "exec"), __ns)',
    "if __last is not None:",
    '    __value = eval(compile(__ast.Expression(__last.value), "<cell>", "eval"), __ns)',
    "    if __value is not None:",
    `        print(${JSON.stringify(valueMarker)} + __json.dumps(repr(__value)))`,
    "",
  ].join("\n");
}

/**
 * Splits a run's stdout into what the snippet printed and the value line the wrapper added (which
 * follows the prints directly when they did not end in a newline).
 */
export function splitValue(stdout: string): { printed: string; value: string | null } {
  const at = stdout.lastIndexOf(valueMarker);
  if (at < 0) return { printed: stdout, value: null };
  const end = stdout.indexOf("\n", at);
  const raw = stdout.slice(at + valueMarker.length, end < 0 ? undefined : end);
  return { printed: stdout.slice(0, at) + (end < 0 ? "" : stdout.slice(end + 1)), value: decodeValue(raw) };
}

function decodeValue(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "string" ? value : raw;
  } catch {
    return raw;
  }
}

/**
 * The JS actually run: remembered variables the snippet does not declare itself, then the cell,
 * whose top-level names are published for later cells (publishNames). A remembered
 * variable is set on globalThis when its definition is new to the context, so a cell
 * that changed it since keeps its value; `printValue: false` leaves out the value line (a replay).
 */
export function buildJsProgram(code: string, definedVariables: Readonly<Record<string, string>>, { printValue = true } = {}): string {
  const declared = topLevelDeclarations(code);
  const prelude = Object.entries(definedVariables)
    .filter(([name]) => !declared.has(name))
    .map(([name, source]) => {
      const key = JSON.stringify(name);
      const text = JSON.stringify(source);
      return `if ((globalThis.__agentDefined ??= {})[${key}] !== ${text}) { globalThis[${key}] = (${source}\n); globalThis.__agentDefined[${key}] = ${text}; }\n`;
    })
    .join("");
  // Cells are ES modules (top-level await works); give them CommonJS `require` too, as a notebook would.
  const requireShim = declared.has("require")
    ? ""
    : 'import { createRequire as __agentCreateRequire } from "node:module";\nconst require = __agentCreateRequire(import.meta.url);\n';
  return requireShim + prelude + (printValue ? printLastExpression(code) : code) + publishNames(code);
}
