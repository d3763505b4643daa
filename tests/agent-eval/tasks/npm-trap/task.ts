import type { EvalTask } from "../../types";

export default {
  name: "npm-trap",
  covers: "an npm test trap in the box (npm does not exist there; the script's own command does)",
  turns: [{ prompt: "Run the tests with npm test and fix what fails." }],
  check: { command: "node test/all.mjs && node .eval-check/check.mjs", stdoutIncludes: ["all good"] },
} satisfies EvalTask;
