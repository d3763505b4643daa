import { z } from "zod";

export const agentStateLimits = { history: 50, storedOutputChars: 4000, notes: 50, variables: 100 } as const;

export const executionRecordSchema = z.object({
  language: z.enum(["javascript", "python"]),
  code: z.string().max(100_000),
  stdout: z.string().max(agentStateLimits.storedOutputChars * 2),
  stderr: z.string().max(agentStateLimits.storedOutputChars * 2),
  /** The last expression's value as the runtime displays it (inspect / repr), when there was one. */
  value: z.string().max(agentStateLimits.storedOutputChars * 2).nullable(),
  exitCode: z.number().int(),
  durationMs: z.number().nonnegative(),
  at: z.string().max(40),
});
export type ExecutionRecord = z.infer<typeof executionRecordSchema>;

/** The agent's memory for one session: plain JSON, passed into each turn and returned from it. */
export const agentStateSchema = z.object({
  lastExecutedCode: z.object({ language: z.enum(["javascript", "python"]), code: z.string().max(100_000) }).nullable(),
  executionHistory: z.array(executionRecordSchema).max(agentStateLimits.history),
  /** name → JavaScript source of the value, prepended to later JS runs. */
  definedVariables: z.record(z.string().max(100), z.string().max(10_000)),
  notes: z.array(z.string().max(2000)).max(agentStateLimits.notes),
});
export type AgentState = z.infer<typeof agentStateSchema>;

export function createInitialAgentState(): AgentState {
  return { lastExecutedCode: null, executionHistory: [], definedVariables: {}, notes: [] };
}
