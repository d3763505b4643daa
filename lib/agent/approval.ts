import { globToRegExp } from "./tools/glob";
import type { AgentToolName } from "./tools";

const writeTools = new Set<AgentToolName>(["write_file", "edit_file", "rename"]);

/**
 * Which calls wait for the user in `ask` mode: everything that acts — commands, code (which can
 * write files too), deletes — and writes outside the allow-list.
 */
export function approvalRule(mode: "auto" | "ask", allowList: readonly string[]) {
  const allowed = allowList.map(globToRegExp);
  const isAllowed = (path: unknown) => typeof path === "string" && allowed.some((re) => re.test(path.replace(/^\.?\//, "")));
  return (name: AgentToolName, input: Record<string, unknown>): boolean => {
    if (mode === "auto") return false;
    if (name === "run_command" || name === "run_code" || name === "delete") return true;
    if (name === "rename") return !(isAllowed(input.from) && isAllowed(input.to));
    if (writeTools.has(name)) return !isAllowed(input.path);
    return false;
  };
}
