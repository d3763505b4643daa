import { describe, expect, it } from "vitest";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { latestPlan } from "@/lib/client/agent-plan";

const plan = (toolCallId: string, state: string, steps: unknown) => ({ type: "tool-update_plan", toolCallId, state, input: { steps }, ...(state === "output-error" ? { errorText: "refused" } : {}) });
const message = (...parts: unknown[]) => ({ id: "m", role: "assistant", parts }) as AgentUIMessage;

describe("the plan card's plan", () => {
  it("is the newest call's plan, shown where the first call stands", () => {
    const first = plan("p1", "output-available", [{ title: "Read", status: "in_progress" }]);
    const second = plan("p2", "output-available", [{ title: "Read", status: "done" }, { title: "Fix", status: "in_progress" }]);
    expect(latestPlan({ message: message(first, { type: "text", text: "ok" }, second) })).toEqual({
      steps: [{ title: "Read", status: "done" }, { title: "Fix", status: "in_progress" }],
      streaming: false,
      firstToolCallId: "p1",
    });
  });

  it("follows a call while it streams in, leaving out the step still being written", () => {
    const streaming = plan("p1", "input-streaming", [{ title: "Read", status: "done" }, { title: "Fi" }]);
    expect(latestPlan({ message: message(streaming) })).toMatchObject({ steps: [{ title: "Read", status: "done" }], streaming: true });
  });

  it("keeps the plan before a refused call, and is null with no plan", () => {
    const good = plan("p1", "output-available", [{ title: "Read", status: "in_progress" }]);
    const refused = plan("p2", "output-error", [{ title: "A", status: "in_progress" }, { title: "B", status: "in_progress" }]);
    expect(latestPlan({ message: message(good, refused) })?.steps).toEqual([{ title: "Read", status: "in_progress" }]);
    expect(latestPlan({ message: message({ type: "text", text: "hi" }) })).toBeNull();
  });
});
