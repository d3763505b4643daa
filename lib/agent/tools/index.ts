import { PathMutex, type AgentToolContext } from "./context";
import { createDeleteTool } from "./delete";
import { createEditFileTool } from "./edit-file";
import { createListFilesTool } from "./list-files";
import { createReadFileTool } from "./read-file";
import { createRenameTool } from "./rename";
import { createRunCodeTool } from "./run-code";
import { createRunCommandTool } from "./run-command";
import { createSearchTool } from "./search";
import { createWriteFileTool } from "./write-file";

export { PathMutex, type AgentToolContext } from "./context";
export { runCodeSnippet, agentScratchFolder, type CodeLanguage } from "./run-code";

/** The agent's tool set for one session; all write tools share one per-path mutex. */
export function createAgentTools(context: AgentToolContext) {
  const shared: AgentToolContext = { ...context, pathLocks: context.pathLocks ?? new PathMutex() };
  return {
    list_files: createListFilesTool(shared),
    read_file: createReadFileTool(shared),
    search: createSearchTool(shared),
    write_file: createWriteFileTool(shared),
    edit_file: createEditFileTool(shared),
    rename: createRenameTool(shared),
    delete: createDeleteTool(shared),
    run_command: createRunCommandTool(shared),
    run_code: createRunCodeTool(shared),
  };
}

export type AgentTools = ReturnType<typeof createAgentTools>;
export type AgentToolName = keyof AgentTools;
