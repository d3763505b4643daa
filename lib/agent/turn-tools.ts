import "server-only";
import { asSchema, tool, type Tool, type ToolSet, type UIMessageChunk } from "ai";
import { z } from "zod";
import type { Caller } from "@/lib/auth/guard";
import { getProjectRow } from "@/lib/db/queries/projects";
import { refusedWritesMessage } from "@/lib/agent/locked-writes";
import { withProjectBox } from "@/lib/projects/project-box";
import { withLiveOutput } from "@/lib/sandbox/live-output";
import type { Sandbox } from "@/lib/sandbox/types";
import { approvalRule } from "./approval";
import type { NotebookSession } from "./notebook";
import { runCodeLanguagesByRuntime } from "./environment";
import { runCodeDefinition } from "./tools/run-code";
import { clientToolNames } from "./ui-types";
import { createAgentTools, FileLedger, PathMutex, type AgentToolName } from "./tools";
import { modelTextOutput, withTurnNotes, type ToolResultOutput } from "./tools/model-text";
import { createUpdatePlanTool } from "./tools/update-plan";

export type ToolRunEvent = {
  toolCallId: string;
  tool: AgentToolName;
  input: unknown;
  output: unknown;
  status: "ok" | "error" | "interrupted";
  durationMs: number;
  startedAt: Date;
  snapshotId: string | null;
};

const noSandbox = new Proxy({} as Sandbox, {
  get() {
    throw new Error("Tool definitions are used for their schemas only");
  },
});

/**
 * The agent's tools for one turn, run in the caller's box for the project. Each call that changes
 * files is saved right away as an agent snapshot, so the IDE shows the files as they change and
 * nothing is lost if the turn dies; the turn's checkpoint..result covers them all.
 */
export function createTurnTools({
  caller,
  projectId,
  turnId,
  approval,
  clientCommands = false,
  emit,
  onRun,
  onNote,
  contextTokens,
  notebook,
}: {
  caller: Caller;
  projectId: string;
  /** Named by every snapshot the turn's tool calls save (absent only outside a stored turn: benchmarks, the model-view dump). */
  turnId?: string;
  approval: { mode: "auto" | "ask"; allowList: readonly string[] };
  /** run_command and run_code are left without execute: the browser runs them in its WebContainer. */
  clientCommands?: boolean;
  emit: (chunk: UIMessageChunk) => void;
  onRun: (event: ToolRunEvent) => void;
  /** Receives what the agent asks to remember: kept in the session's state and shown in later turns. */
  onNote?: (note: string) => void;
  /** The model's context window (tokens), which sizes what one tool result may hold. */
  contextTokens?: number;
  /** The session's notebook, for run_code in the box. */
  notebook?: NotebookSession;
}): ToolSet {
  const pathLocks = new PathMutex();
  // What the agent read and changed this turn: a write over a file the user saved since is refused.
  const files = new FileLedger();
  const needsApproval = approvalRule(approval.mode, approval.allowList);
  const definitions = createAgentTools({ sandbox: noSandbox, pathLocks, files, contextTokens });
  const tools: ToolSet = {};
  for (const name of Object.keys(definitions) as AgentToolName[]) {
    // One schema wrapper per turn: the SDK converts schemas to JSON Schema before every step, and
    // caches the result on the wrapper.
    const definition = { ...(definitions[name] as Tool<Record<string, unknown>, unknown>) };
    definition.inputSchema = asSchema(definition.inputSchema);
    const approvalOption = approval.mode === "ask" ? { needsApproval: (input: Record<string, unknown>) => needsApproval(name, input) } : {};
    if (clientCommands && (clientToolNames as readonly string[]).includes(name)) {
      // Declared without execute: the browser runs it in its WebContainer and answers.
      tools[name] = { ...definition, execute: undefined, ...approvalOption } as Tool;
      continue;
    }
    tools[name] = {
      ...definition,
      ...approvalOption,
      execute: async (input: Record<string, unknown>, options) => {
        const startedAt = new Date();
        let output: unknown;
        let status: ToolRunEvent["status"] = "ok";
        let snapshotId: string | null = null;
        try {
          const project = await getProjectRow({ id: projectId });
          const locked = new Set(project?.lockedPaths ?? []);
          const run = await withProjectBox({
            caller,
            projectId,
            author: "agent",
            turnId,
            message: `Agent: ${name} ${describeInput(input)}`.slice(0, 300),
            use: async (box) => {
              const sandbox = withLiveOutput(box, (stream, text) =>
                emit({ type: "data-tool-output", data: { toolCallId: options.toolCallId, stream, text }, transient: true }),
              );
              const bound = createAgentTools({ sandbox, lockedPaths: locked, pathLocks, files, contextTokens, notebook })[name] as Tool<Record<string, unknown>, unknown>;
              return bound.execute!(input, options);
            },
          });
          output = run.value;
          // What a command or a move changed is no longer what the agent read (the file tools keep their own account).
          if (name !== "write_file" && name !== "edit_file")
            for (const path of run.changedPaths) {
              files.forget(path);
              files.markChanged(path);
            }
          snapshotId = run.snapshotId !== null && run.changedPaths.length > 0 ? run.snapshotId : null;
          if (run.saveError) output = { ...(output as object), saveError: run.saveError };
          if (run.notSaved) output = { ...(output as object), notSaved: run.notSaved };
          if (run.refusedPaths) output = { ...(output as object), refusedWrites: { paths: run.refusedPaths, message: refusedWritesMessage(run.refusedPaths) } };
          if (output && typeof output === "object" && "error" in output) status = "error";
          return output;
        } catch (error) {
          status = options.abortSignal?.aborted ? "interrupted" : "error";
          output = { error: error instanceof Error ? error.message : String(error) };
          throw error;
        } finally {
          const durationMs = Date.now() - startedAt.getTime();
          emit({ type: "data-tool-run", id: `run-${options.toolCallId}`, data: { toolCallId: options.toolCallId, durationMs, status } });
          onRun({ toolCallId: options.toolCallId, tool: name, input, output, status, durationMs, startedAt, snapshotId });
        }
      },
    } as Tool;
  }
  // The plan changes no files: it runs here, outside the sandbox, and saves no snapshot.
  tools.update_plan = createUpdatePlanTool();
  // WebContainer has no python3: run_code there offers JavaScript only.
  if (clientCommands) {
    const { description, inputSchema } = runCodeDefinition(runCodeLanguagesByRuntime.webcontainer);
    tools.run_code = { ...tools.run_code, description, inputSchema: asSchema(inputSchema) } as Tool;
  }
  if (onNote)
    tools.remember = tool({
      description:
        "Remember a short note for later turns of this session (a decision, a convention, where something lives). Notes are shown to you at the start of every turn.",
      inputSchema: z.object({ note: z.string().trim().min(1).max(2000) }),
      execute: async ({ note }) => {
        onNote(note);
        return { remembered: note };
      },
    });
  for (const [name, definition] of Object.entries(tools)) tools[name] = withModelTextOutput(definition);
  return tools;
}

/** The model reads every result as text, with the turn's notes (not saved, refused writes) after it. */
function withModelTextOutput(definition: Tool): Tool {
  const own = definition.toModelOutput;
  return {
    ...definition,
    toModelOutput: async (options: { toolCallId: string; input: unknown; output: unknown }): Promise<ToolResultOutput> =>
      withTurnNotes(own ? await own(options as never) : modelTextOutput(options.output), options.output),
  } as Tool;
}

function describeInput(input: Record<string, unknown>): string {
  const value = input.path ?? input.command ?? (input.from ? `${input.from} → ${input.to}` : input.language);
  return typeof value === "string" ? value : "";
}
