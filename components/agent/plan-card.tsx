"use client";

import { useId } from "react";
import type { PlanStep } from "@/lib/agent/tools/update-plan";
import { cx } from "@/components/ui/cx";
import { CheckIcon, Spinner } from "./icons";

const labelByStatus: Record<PlanStep["status"], string> = { pending: "to do", in_progress: "in progress", done: "done" };

/** The agent's checklist for the turn (its latest update_plan call), updated live as it calls it again. */
export function PlanCard({ steps, updating }: { steps: readonly PlanStep[]; updating: boolean }) {
  const titleId = useId();
  const done = steps.filter((s) => s.status === "done").length;
  return (
    <section
      aria-labelledby={titleId}
      data-testid="agent-plan"
      data-done={done}
      data-total={steps.length}
      className="my-2 overflow-hidden rounded-md border border-white/10 bg-white/[0.02]"
    >
      <header className="flex items-center gap-2 border-b border-white/5 px-2.5 py-1.5">
        <h4 id={titleId} className="text-[12.5px] font-medium text-neutral-200">
          Plan
        </h4>
        <span className="text-[11px] text-neutral-500 tabular-nums">
          {done} of {steps.length} done
        </span>
        {updating && <Spinner className="text-neutral-500" label="Updating the plan" />}
      </header>
      <ol className="py-1">
        {steps.map((step, index) => (
          <li
            key={index}
            data-testid="agent-plan-step"
            data-status={step.status}
            aria-current={step.status === "in_progress" ? "step" : undefined}
            className="flex min-w-0 items-start gap-2 px-2.5 py-0.5 text-[12px]"
          >
            <span
              aria-hidden="true"
              className={cx(
                "mt-0.5 inline-flex h-3.5 w-3.5 shrink-0 items-center justify-center rounded-full border",
                step.status === "done" && "border-emerald-500/60 bg-emerald-500/15 text-emerald-300",
                step.status === "in_progress" && "border-sky-400 bg-sky-500/20",
                step.status === "pending" && "border-white/20",
              )}
            >
              {step.status === "done" && <CheckIcon width={9} height={9} />}
            </span>
            <span
              className={cx(
                "min-w-0 flex-1 break-words",
                step.status === "done" && "text-neutral-500 line-through",
                step.status === "in_progress" && "text-neutral-100",
                step.status === "pending" && "text-neutral-300",
              )}
            >
              {step.title}
              <span className="sr-only"> ({labelByStatus[step.status]})</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
