import type { EvalTask } from "../../types";

export default {
  name: "cross-file-rename",
  covers: "a cross-file rename (getUser → fetchUser in four files)",
  turns: [{ prompt: "Rename the function getUser to fetchUser everywhere in the project, then run main.mjs to check it still works." }],
  check: {
    command: "node main.mjs",
    stdoutIncludes: ["200 404", "Hello, Linus", "Ada, Linus, ?"],
    tree: (files) => [...files].filter(([path, text]) => /\.m?js$/.test(path) && text.includes("getUser")).map(([path]) => `${path} still says getUser`),
  },
} satisfies EvalTask;
