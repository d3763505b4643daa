import { createCheckTool } from "./check";
import { PathMutex, type AgentToolContext } from "./context";
import { createDeleteTool } from "./delete";
import { FileLedger } from "./file-ledger";
import { createEditFileTool } from "./edit-file";
import { createListFilesTool } from "./list-files";
import { withModelTextAll } from "./model-text";
import { createOutlineTool } from "./outline";
import { createReadFileTool } from "./read-file";
import { createRenameTool } from "./rename";
import { createRunCodeTool } from "./run-code";
import { createRunCommandTool } from "./run-command";
import { createSearchTool } from "./search";
import { createWriteFileTool } from "./write-file";

export { PathMutex, type AgentToolContext } from "./context";
export { FileLedger } from "./file-ledger";
export { runCodeSnippet, type CodeLanguage } from "./run-code";
export { agentScratchFolder } from "../scratch-folder";

/**
 * The agent's tool set for one session; all write tools share one per-path mutex and one ledger of
 * the files read and changed. Every result reaches the model as text (see context.ts).
 */
export function createAgentTools(context: AgentToolContext) {
  const files = context.files ?? new FileLedger();
  const shared: AgentToolContext = {
    ...context,
    pathLocks: context.pathLocks ?? new PathMutex(),
    files,
    onFileWritten: (event) => {
      // A moved or deleted file is not what the agent read any more.
      if (event.from) files.forget(event.from);
      if (event.change !== "written") files.forget(event.path);
      if (event.change === "renamed") files.markChanged(event.path);
      context.onFileWritten?.(event);
    },
  };
  return withModelTextAll({
    list_files: createListFilesTool(shared),
    read_file: createReadFileTool(shared),
    search: createSearchTool(shared),
    outline: createOutlineTool(shared),
    write_file: createWriteFileTool(shared),
    edit_file: createEditFileTool(shared),
    rename: createRenameTool(shared),
    delete: createDeleteTool(shared),
    run_command: createRunCommandTool(shared),
    run_code: createRunCodeTool(shared),
    check: createCheckTool(shared),
  });
}

export type AgentTools = ReturnType<typeof createAgentTools>;
export type AgentToolName = keyof AgentTools;
