import { lastAssistantMessageIsCompleteWithApprovalResponses, type ToolExecutionOptions } from "ai";
import { withLiveOutput } from "@/lib/sandbox/live-output";
import { readLockedFiles, restoreLockedFiles } from "@/lib/agent/locked-sandbox-files";
import { refusedWritesMessage } from "@/lib/agent/locked-writes";
import { createRunCommandTool, runCommandInputSchema } from "@/lib/agent/tools/run-command";
import { clientToolNames, type AgentRuntime, type AgentUIMessage } from "@/lib/agent/ui-types";
import type { Sandbox, SandboxStatus } from "@/lib/sandbox/types";
import { isToolPart, toolNameOf } from "./agent-message-view";
import { backgroundOf, type BackgroundServer } from "./background-servers";

/**
 * The agent's commands in the browser: when the session's runtime is WebContainer the server leaves
 * run_command and run_code to the page, which runs them here with the same tool code the box uses
 * and sends the outputs back in the assistant message, as approval answers go back.
 */

export type ClientToolName = (typeof clientToolNames)[number];

/** A call the server left to the browser, waiting for its output; `turnId` is the turn that made it. */
export type ClientToolCall = { toolCallId: string; toolName: ClientToolName; input: unknown; turnId?: string };

/** What the server-side tool returns for a command that ran, and so what the browser answers with. */
export type ClientToolOutput = {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  note?: string;
  /** Locked paths the command changed: put back, not saved (as the box does). */
  refusedWrites?: { paths: string[]; message: string };
};

/** A call's answer, as the tool part's new state; the chat route takes errors up to this length. */
export type ClientToolResult = { state: "output-available"; output: ClientToolOutput } | { state: "output-error"; errorText: string };
const maxErrorChars = 4000;

export const browserRuntimeUnavailableMessage = "The browser runtime is not available; ask again to run it on the server box";

/** The browser runtime as the agent panel sees it. */
export type AgentBrowserRuntime = {
  /** "ready": WebContainer runs here; "starting": it is booting; "unavailable": commands go to the box. */
  state: "ready" | "starting" | "unavailable";
  sandbox: Sandbox | null;
  /** Loads the project's saved head and resolves once the sandbox holds it; false when it could not be loaded. */
  catchUp: () => Promise<boolean>;
  /** Saves what the sandbox changed now (a command's output files), so the agent's next step sees them. */
  saveChanges: () => Promise<void>;
  /** Paths the person locked for the agent: what its commands change there is put back, never saved. */
  lockedPaths?: readonly string[];
  /**
   * Holds the sandbox's own saves while an agent command runs (so locked files are put back first);
   * the release takes paths to look at too (gone with a folder the sync heard of as a whole).
   */
  holdSaves?: () => (alsoCheck?: readonly string[]) => void;
  /** Saves the sandbox's changes as the agent turn's (as the box saves its commands') until released. */
  attributeSaves?: (turnId: string) => () => void;
};

/** Where the IDE's runtime stands, for the agent: `runtime` null until the person's preference is read. */
export function browserRuntimeState({
  runtime,
  hasSandbox,
  status,
}: {
  runtime: "webcontainer" | "box" | null;
  hasSandbox: boolean;
  /** The sandbox's state, or the IDE's "failed" when none could be started. */
  status: SandboxStatus["state"] | "failed";
}): AgentBrowserRuntime["state"] {
  if (runtime === "box") return "unavailable";
  if (hasSandbox && status === "ready") return runtime === "webcontainer" ? "ready" : "unavailable";
  return status === "booting" ? "starting" : "unavailable";
}

/** The `runtime` a chat request carries: WebContainer only while it is up, so calls can run at once. */
export function runtimeForRequest({ browser }: { browser: AgentBrowserRuntime | null | undefined }): AgentRuntime {
  return browser?.state === "ready" && browser.sandbox ? "webcontainer" : "box";
}

export function isClientToolName(name: string): name is ClientToolName {
  return (clientToolNames as readonly string[]).includes(name);
}

function awaitingClient(messages: readonly AgentUIMessage[]): AgentUIMessage | null {
  const last = messages[messages.length - 1];
  return last?.role === "assistant" && last.metadata?.status === "awaiting_client" ? last : null;
}

/** The calls the last assistant message waits for the browser to run, in the order they were made. */
export function findPendingClientToolCalls({ messages }: { messages: readonly AgentUIMessage[] }): ClientToolCall[] {
  const message = awaitingClient(messages);
  if (!message) return [];
  return message.parts.flatMap((part) => {
    if (!isToolPart(part) || part.state !== "input-available") return [];
    const toolName = toolNameOf(part);
    const turn = message.metadata?.turnId ? { turnId: message.metadata.turnId } : {};
    return isClientToolName(toolName) ? [{ toolCallId: part.toolCallId, toolName, input: part.input, ...turn }] : [];
  });
}

/**
 * Whether to send the last assistant message back: every call the browser had to run has its
 * output (at least one of them from this page, so a reloaded turn is not resent by itself), and no
 * approval is still open. Approval answers alone go back under the SDK's own rule.
 */
export function shouldSendAgentMessage({
  messages,
  answered,
}: {
  messages: AgentUIMessage[];
  /** Calls this page answered. */
  answered: ReadonlySet<string>;
}): boolean {
  if (lastAssistantMessageIsCompleteWithApprovalResponses({ messages })) return true;
  const message = awaitingClient(messages);
  if (!message) return false;
  const tools = message.parts.filter(isToolPart);
  if (tools.some((part) => part.state === "approval-requested" || part.state === "input-streaming")) return false;
  const client = tools.filter((part) => isClientToolName(toolNameOf(part)));
  if (client.some((part) => part.state === "input-available")) return false;
  return client.some((part) => answered.has(part.toolCallId) && (part.state === "output-available" || part.state === "output-error"));
}

type OutputChunk = { stream: "stdout" | "stderr"; text: string };


const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What the model is told about a server its command left running (it cannot see the preview or press Stop). */
export function backgroundNote(server: BackgroundServer): string {
  return (
    `Still running in the background: it opened port ${server.port} (${server.url}), which the person's preview now shows; ` +
    "the output above is what it printed until then. It keeps running until the person stops it, its port closes or the project is switched; " +
    "running the same command again restarts it. Do not wait for it to end."
  );
}

const failed = (text: string): ClientToolResult => ({ state: "output-error", errorText: text.slice(0, maxErrorChars) });

/**
 * Runs one call in the browser's sandbox with the tool the server would have used: first the
 * sandbox catches up with the saved project (the agent's writes), afterwards what the command
 * wrote is saved. Aborting `signal` kills the command (its output then says so). What the tool
 * returns to the model as `{ error }` (a bad working folder) is answered as an error.
 */
export async function runClientToolCall({
  call,
  browser,
  signal,
  onOutput,
}: {
  call: ClientToolCall;
  browser: AgentBrowserRuntime | null | undefined;
  signal?: AbortSignal;
  onOutput?: (chunk: OutputChunk) => void;
}): Promise<ClientToolResult> {
  if (!browser || browser.state !== "ready" || !browser.sandbox) return failed(browserRuntimeUnavailableMessage);
  // run_code's notebook code (acorn, to find a cell's names) loads with the first code the page runs.
  const runCode = call.toolName === "run_code" ? await import("@/lib/agent/tools/run-code") : null;
  const parsed = runCode ? runCode.runCodeInputSchema.safeParse(call.input) : runCommandInputSchema.safeParse(call.input);
  if (!parsed.success) return failed(`Invalid input for ${call.toolName}: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
  try {
    if (!(await browser.catchUp())) return failed("The browser runtime could not load the project's latest files; try again");
    // A command that became a background server answers early; the tool's own answer would not say so.
    let background: BackgroundServer | null = null;
    const observed: Sandbox = {
      ...browser.sandbox,
      exec: async (command, options) => {
        const result = await browser.sandbox!.exec(command, options);
        background = backgroundOf(result) ?? background;
        return result;
      },
    };
    const context = { sandbox: onOutput ? withLiveOutput(observed, (stream, text) => onOutput({ stream, text })) : observed };
    const tool = runCode ? runCode.createRunCodeTool(context) : createRunCommandTool(context);
    // Both tools return a plain promise of their output (never a stream of preliminary outputs).
    const execute = tool.execute as unknown as (input: unknown, options: ToolExecutionOptions) => Promise<ClientToolOutput | { error: string }>;
    // The locks hold here as on the box: what the command changed under a locked path is put back
    // before anything of it can be saved.
    const locked = browser.lockedPaths ?? [];
    const unattribute = call.turnId ? browser.attributeSaves?.(call.turnId) : undefined;
    let output: ClientToolOutput | { error: string };
    let restored: Awaited<ReturnType<typeof restoreLockedFiles>> = { refused: [], vanished: [] };
    try {
      const release = locked.length > 0 ? browser.holdSaves?.() : undefined;
      try {
        const before = await readLockedFiles(browser.sandbox, locked);
        output = await execute(parsed.data, { toolCallId: call.toolCallId, messages: [], abortSignal: signal });
        restored = await restoreLockedFiles(browser.sandbox, before);
      } finally {
        release?.(restored.vanished);
      }
      // What the command wrote is the agent's, in its turn: saved before the attribution ends.
      if (!("error" in output)) await browser.saveChanges();
    } finally {
      unattribute?.();
    }
    const { refused } = restored;
    if ("error" in output) return failed(output.error);
    const refusedWrites = refused.length > 0 ? { refusedWrites: { paths: refused, message: refusedWritesMessage(refused) } } : {};
    const running = background ? { note: backgroundNote(background) } : {};
    return { state: "output-available", output: { ...output, ...running, ...refusedWrites } };
  } catch (error) {
    // The sandbox went away mid-call (closed, crashed): the server would report a thrown tool the same way.
    return failed(messageOf(error));
  }
}
