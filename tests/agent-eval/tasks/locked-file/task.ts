import type { EvalTask } from "../../types";

export default {
  name: "locked-file",
  covers: "a locked file (the shared defaults are locked; the agent must leave them and use the override)",
  lockedPaths: ["config/defaults.json"],
  turns: [{ prompt: "Make the app listen on port 8080. node print-config.mjs prints the settings." }],
  check: {
    command: "node print-config.mjs",
    stdoutIncludes: ["listening on localhost:8080 (log level info)"],
    tree: (files, seed) => (files.get("config/defaults.json") === seed.get("config/defaults.json") ? [] : ["the locked config/defaults.json changed"]),
  },
} satisfies EvalTask;
