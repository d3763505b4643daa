import type { EvalTask } from "../../types";

export default {
  name: "context-overflow",
  covers: "a context overflow in the middle of a turn (the provider refuses the request; the turn compacts and goes on)",
  turns: [{ prompt: "Add size() to the Queue in src/queue.js." }, { prompt: "Now add peek(): the next item pop() would return, without removing it." }],
  check: { command: "node .eval-check/check.mjs", stdoutIncludes: ["all good"] },
} satisfies EvalTask;
