import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { normalizeProjectPath } from "@/lib/validation/paths";
import { isToolPart, toolNameOf, toolPhase } from "./agent-message-view";

/** The file a finished tool call left written, by tool: a rename's new name, a write's or edit's path. */
const writtenPathByTool: Record<string, (input: Record<string, unknown>) => unknown> = {
  write_file: (input) => input.path,
  edit_file: (input) => input.path,
  rename: (input) => input.to,
};

/**
 * The files the agent's calls wrote that `seen` does not hold yet (by tool call id), in the order
 * they were written: only calls that finished without an error count. `ids` are every finished
 * writing call, to be added to `seen` whether or not their files are opened.
 */
export function writtenFiles({ messages, seen }: { messages: readonly AgentUIMessage[]; seen: ReadonlySet<string> }): { ids: string[]; paths: string[] } {
  const ids: string[] = [];
  const paths: string[] = [];
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    for (const part of message.parts) {
      if (!isToolPart(part) || seen.has(part.toolCallId)) continue;
      const pathOf = writtenPathByTool[toolNameOf(part)];
      if (!pathOf || toolPhase({ part, run: null, live: false }) !== "done") continue;
      ids.push(part.toolCallId);
      // As the tools saved it ("./src/a.ts" is "src/a.ts"), which is how the listing names it.
      const raw = pathOf((part.input ?? {}) as Record<string, unknown>);
      const checked = typeof raw === "string" ? normalizeProjectPath(raw) : null;
      if (checked?.ok && !paths.includes(checked.path)) paths.push(checked.path);
    }
  }
  return { ids, paths };
}
