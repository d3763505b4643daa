import { tool } from "ai";
import { z } from "zod";

export const planLimits = { steps: 20, titleChars: 200 } as const;

export const planStepSchema = z.object({
  title: z.string().trim().min(1).max(planLimits.titleChars).describe("One short, checkable step"),
  status: z.enum(["pending", "in_progress", "done"]),
});

export const updatePlanInputSchema = z.object({
  steps: z
    .array(planStepSchema)
    .min(1)
    .max(planLimits.steps)
    .refine((steps) => steps.filter((s) => s.status === "in_progress").length <= 1, {
      message: "At most one step may be in_progress at a time; mark the others pending or done.",
    })
    .describe("The whole plan, in order; every call replaces the previous plan"),
});
export type UpdatePlanInput = z.infer<typeof updatePlanInputSchema>;
export type PlanStep = z.infer<typeof planStepSchema>;

/** What the model reads back: where the plan stands, in one line. */
export function describePlan({ steps }: UpdatePlanInput): string {
  const done = steps.filter((s) => s.status === "done").length;
  const current = steps.find((s) => s.status === "in_progress");
  const next = current ? `In progress: ${current.title}.` : done === steps.length ? "All steps are done." : `Next: ${steps.find((s) => s.status === "pending")!.title}.`;
  return `Plan updated: ${done} of ${steps.length} steps done. ${next}`;
}

/**
 * update_plan: a checklist the user sees as a card in the agent panel. It changes no files (so it
 * runs outside the sandbox and saves no snapshot); the plan lives in the tool call itself, which is
 * stored with the message.
 */
export function createUpdatePlanTool() {
  return tool({
    description:
      "Keep a short checklist for a task of several steps: call it with the whole plan at the start, and again as steps start " +
      "and finish (at most one in_progress). The user sees it. Skip it for one-step tasks.",
    inputSchema: updatePlanInputSchema,
    execute: async (input) => describePlan(input),
  });
}
