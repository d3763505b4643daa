import type { EvalTask } from "../../types";

export default {
  name: "syntax-check",
  covers: "a syntax check after an edit (a JSON edit that leaves a trailing comma)",
  turns: [{ prompt: 'Add a "lint" script to package.json that runs node scripts/lint.mjs, and run it once.' }],
  check: { command: "node .eval-check/check.mjs", stdoutIncludes: ["all good"] },
} satisfies EvalTask;
