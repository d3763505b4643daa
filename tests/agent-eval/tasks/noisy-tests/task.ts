import type { EvalTask } from "../../types";

export default {
  name: "noisy-tests",
  covers: "noisy test output (one failure near the top of 500 passing lines and a flood of warnings)",
  turns: [{ prompt: "The duration tests fail (node test/run.mjs). Fix the code, not the tests." }],
  check: { command: "node test/run.mjs > /dev/null 2>&1 && node .eval-check/check.mjs", stdoutIncludes: ["all good"] },
} satisfies EvalTask;
