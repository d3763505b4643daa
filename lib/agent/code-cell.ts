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

/** True when `source` is a single JS expression (so "define variable x as 1 + 2" keeps it as code). */
export function isJsExpression(source: string): boolean {
  const program = parseModule(`(${source}\n)`);
  return program?.body.length === 1 && program.body[0]!.type === "ExpressionStatement";
}

/**
 * A Python wrapper that runs the snippet as a cell: every statement but a trailing expression is
 * exec'd, the expression is eval'd and its repr printed after the marker. The code travels base64
 * encoded so no quoting can break the wrapper.
 */
export function wrapPythonCell(code: string): string {
  const encoded = Buffer.from(code, "utf8").toString("base64");
  return [
    "import ast, base64, json",
    `__src = base64.b64decode("${encoded}").decode("utf-8")`,
    '__tree = ast.parse(__src, filename="<cell>", mode="exec")',
    "__last = __tree.body.pop() if __tree.body and isinstance(__tree.body[-1], ast.Expr) else None",
    '__ns = {"__name__": "__main__"}',
    'exec(compile(__tree, "<cell>", "exec"), __ns)',
    "if __last is not None:",
    '    __value = eval(compile(ast.Expression(__last.value), "<cell>", "eval"), __ns)',
    "    if __value is not None:",
    `        print(${JSON.stringify(valueMarker)} + json.dumps(repr(__value)))`,
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
