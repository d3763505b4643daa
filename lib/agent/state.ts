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
  /** The run changed the project's files: a notebook restore does not run it again (notebook.ts). */
  wroteFiles: z.boolean().optional(),
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

/**
 * Folds one turn's change of state (`before` → `after`) into the latest stored state, so two turns
 * of one session that ran at once both keep what they did: runs are appended, variables set.
 */
export function mergeAgentState(latest: AgentState, before: AgentState, after: AgentState): AgentState {
  const beforeRuns = new Set(before.executionHistory.map((r) => JSON.stringify(r)));
  const newRuns = after.executionHistory.filter((r) => !beforeRuns.has(JSON.stringify(r)));
  const variables = { ...latest.definedVariables };
  for (const [name, source] of Object.entries(after.definedVariables)) if (before.definedVariables[name] !== source) variables[name] = source;
  for (const name of Object.keys(before.definedVariables)) if (!(name in after.definedVariables)) delete variables[name];
  const beforeNotes = new Set(before.notes);
  const sameCode = JSON.stringify(before.lastExecutedCode) === JSON.stringify(after.lastExecutedCode);
  return {
    lastExecutedCode: sameCode ? latest.lastExecutedCode : after.lastExecutedCode,
    executionHistory: [...latest.executionHistory, ...newRuns].slice(-agentStateLimits.history),
    definedVariables: variables,
    notes: [...latest.notes, ...after.notes.filter((n) => !beforeNotes.has(n))].slice(-agentStateLimits.notes),
  };
}

/** Stored state that no longer parses (an older shape) starts afresh rather than breaking the session. */
export function parseAgentState(value: unknown): AgentState {
  const parsed = agentStateSchema.safeParse(value);
  return parsed.success ? parsed.data : createInitialAgentState();
}
