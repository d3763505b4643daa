import type { EvalTask } from "../../types";

export default {
  name: "new-module",
  covers: "a new module (src/validate.js, used by the existing sign-up check)",
  turns: [
    {
      prompt:
        "Create src/validate.js exporting isEmail(text) (something@domain.tld, no spaces) and isStrongPassword(text) (at least 8 characters with a letter and a digit), and make checkSignup in src/signup.js use them.",
    },
  ],
  check: { command: "node .eval-check/check.mjs", stdoutIncludes: ["all good"] },
} satisfies EvalTask;
