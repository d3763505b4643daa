import { summarizeToolCall, type ToolPhase } from "./agent-message-view";

/** What each tool does, as an imperative ("Write"): asked before it runs, said of it when denied or failed. */
const actionByTool: Record<string, (input: Record<string, unknown>) => string> = {
  list_files: () => "List files",
  read_file: () => "Read",
  outline: () => "Outline",
  search: () => "Search",
  write_file: () => "Write",
  edit_file: () => "Edit",
  rename: () => "Rename",
  delete: () => "Delete",
  run_command: () => "Run",
  check: () => "Check",
  run_code: (input) => `Run ${input.language === "python" ? "Python" : "JavaScript"}`,
};

export type ToolCardTitle = {
  /** The words before the target: "Run", "Running", "Ran", "Denied: run", "Failed to run". */
  label: string;
  /** What the call is about (a path, a command), shown as code; null when nothing says. */
  target: string | null;
  /** The card asks the person (waiting for approval): the title ends with "?". */
  question: boolean;
};

const lowerFirst = (text: string) => (text ? text[0]!.toLowerCase() + text.slice(1) : text);

/**
 * A tool card's title by where the call stands: asking "Run `npm test`?" / "Write a.ts?" while it
 * waits for approval, "Running …" while it runs, "Ran …" once done, "Denied: run …" when refused,
 * "Failed to run …" when it failed, "Stopped: run …" when cut off, and the bare "Run …" while it
 * waits to run in the browser.
 */
export function toolCardTitle({ toolName, input, phase, waitingForBrowser = false }: { toolName: string; input: unknown; phase: ToolPhase; waitingForBrowser?: boolean }): ToolCardTitle {
  const summary = summarizeToolCall({ toolName, input });
  const args = input && typeof input === "object" ? (input as Record<string, unknown>) : {};
  const action = actionByTool[toolName]?.(args) ?? summary.label;
  const title = (label: string, question = false): ToolCardTitle => ({ label, target: summary.target, question });
  if (waitingForBrowser) return title(action);
  switch (phase) {
    case "approval":
      return title(action, true);
    case "input":
    case "running":
    case "approved":
      return title(summary.runningLabel);
    case "done":
      return title(summary.label);
    case "denied":
      return title(`Denied: ${lowerFirst(action)}`);
    case "error":
      return title(`Failed to ${lowerFirst(action)}`);
    case "interrupted":
      return title(`Stopped: ${lowerFirst(action)}`);
  }
}

/** The title as one line of text (for labels and tests): `Run npm test?`. */
export function toolCardTitleText(title: ToolCardTitle): string {
  return `${title.label}${title.target ? ` ${title.target}` : ""}${title.question ? "?" : ""}`;
}
