/** Compiles a glob ("src/**\/*.ts", "*.md", "a?.js") to a RegExp over project-relative paths. */
export function globToRegExp(glob: string): RegExp {
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
    else if (char === "{") {
      const end = glob.indexOf("}", i);
      if (end < 0) source += "\\{";
      else {
        source += "(?:" + glob.slice(i + 1, end).split(",").map(escape).join("|") + ")";
        i = end;
      }
    } else source += escape(char);
  }
  return new RegExp(`^${source}$`);
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\*?]/g, "\\$&");
}
