/**
 * Compiles a glob ("src/**\/*.ts", "*.md", "a?.js", "*.{js,ts}", "[abc].txt") to a RegExp over a whole
 * project-relative path: `*` and `?` stay within one folder, `**` crosses folders.
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${compile(glob)}$`);
}

function compile(glob: string): string {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*") {
      if (glob[i + 1] === "*") {
        const slash = glob[i + 2] === "/";
        source += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else source += "[^/]*";
    } else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) source += "\\[";
      else {
        const body = glob.slice(i + 1, end);
        const negated = body.startsWith("!") || body.startsWith("^");
        source += `[${negated ? "^/" : ""}${(negated ? body.slice(1) : body).replace(/[\\\]^]/g, "\\$&")}]`;
        i = end;
      }
    } else if (char === "{") {
      const end = closingBrace(glob, i);
      if (end < 0) source += "\\{";
      else {
        source += "(?:" + splitAlternatives(glob.slice(i + 1, end)).map(compile).join("|") + ")";
        i = end;
      }
    } else source += escape(char);
  }
  return source;
}

function closingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === "{") depth++;
    else if (glob[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "{") depth++;
    else if (body[i] === "}") depth--;
    else if (body[i] === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\*?]/g, "\\$&");
}

/**
 * A file filter for the agent's list_files, search and outline, following ripgrep's -g: a glob without
 * a slash ("*.ts") matches a file's name at any depth; one with a slash ("src/**\/*.ts", "lib/*.js")
 * matches the path relative to the searched folder `root`, or the whole project path. A leading "./"
 * or "/" anchors to `root` as well.
 */
export function createGlobFilter(glob: string, root = ""): (path: string) => boolean {
  const trimmed = glob.trim().replace(/^\.?\//, "");
  if (!trimmed.includes("/")) {
    const name = globToRegExp(trimmed);
    return (path) => name.test(path.slice(path.lastIndexOf("/") + 1));
  }
  const pattern = globToRegExp(trimmed);
  const prefix = root ? `${root}/` : "";
  return (path) => pattern.test(path) || (prefix !== "" && path.startsWith(prefix) && pattern.test(path.slice(prefix.length)));
}
