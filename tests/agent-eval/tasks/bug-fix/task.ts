import type { EvalTask } from "../../types";

export default {
  name: "bug-fix",
  covers: "a bug fix guided by a failing test",
  turns: [{ prompt: "The cart total is wrong when a discount code is used. Fix it and run the tests (node test/cart.test.mjs)." }],
  check: { command: "node .eval-check/check.mjs", stdoutIncludes: ["all good"] },
} satisfies EvalTask;
