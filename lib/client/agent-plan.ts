import { getToolName, isToolUIPart } from "ai";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { planStepSchema, type PlanStep } from "@/lib/agent/tools/update-plan";

export type LatestPlan = {
  steps: PlanStep[];
  /** The model is still writing this plan (its steps arrive one by one). */
  streaming: boolean;
  /** The key of the message's first update_plan call: the card stands where the plan was first made. */
  firstToolCallId: string;
};

/**
 * The turn's plan as the card shows it: the steps of the message's newest update_plan call, read
 * while the call streams in (steps not complete yet are left out). A call the tool refused (two
 * steps in progress) does not replace the plan before it.
 */
export function latestPlan({ message }: { message: AgentUIMessage }): LatestPlan | null {
  const calls = message.parts.filter((p) => isToolUIPart(p) && getToolName(p) === "update_plan") as Extract<AgentUIMessage["parts"][number], { toolCallId: string }>[];
  if (calls.length === 0) return null;
  for (let i = calls.length - 1; i >= 0; i--) {
    const call = calls[i]!;
    if (call.state === "output-error" || call.state === "output-denied") continue;
    const raw = (call.input as { steps?: unknown } | undefined)?.steps;
    const steps = (Array.isArray(raw) ? raw : []).flatMap((step) => {
      const parsed = planStepSchema.safeParse(step);
      return parsed.success ? [parsed.data] : [];
    });
    if (steps.length === 0) continue;
    return { steps, streaming: call.state === "input-streaming", firstToolCallId: calls[0]!.toolCallId };
  }
  return null;
}
