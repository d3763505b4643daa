/** Hidden folder for the agent's scratch files (run_code's snippets); the UI's tree may hide it. */
export const agentScratchFolder = ".agent";
