import type { EvalTask } from "../../types";

export default {
  name: "forced-compaction",
  covers: "a forced compaction (a 2,048-token window: the first turn is folded into a summary before the second)",
  contextTokens: 2048,
  turns: [
    { prompt: "Add restock(item, n) to src/inventory.js: it adds n to the item's stock (new items start at 0)." },
    { prompt: "Now add remove(item, n): it takes n away, and throws an Error when there is not enough stock (leaving it unchanged)." },
  ],
  check: { command: "node .eval-check/check.mjs", stdoutIncludes: ["all good"] },
} satisfies EvalTask;
