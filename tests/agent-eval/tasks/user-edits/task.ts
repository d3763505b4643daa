import type { EvalTask } from "../../types";

/** The user's own addition to src/text.js, saved between the two turns. */
const kebab = `
export function kebab(text) {
  return text.trim().toLowerCase().split(/\\s+/).join("-");
}
`;

export default {
  name: "user-edits",
  covers: "user edits between turns (the user adds kebab() to the file the agent changed; the agent must keep it)",
  turns: [
    { prompt: "Add titleCase(text) to src/text.js (every word capitalized) and use it in pageTitle in src/header.js. node show.mjs prints the title." },
    {
      prompt: "Also add snake(text) to src/text.js, like my kebab but with underscores.",
      userEdits: { "src/text.js": (old) => old + kebab },
    },
  ],
  check: { command: "node .eval-check/check.mjs", stdoutIncludes: ["all good"] },
} satisfies EvalTask;
