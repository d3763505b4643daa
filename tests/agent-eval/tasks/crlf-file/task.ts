import type { EvalTask } from "../../types";

const legacy = [
  "// Settings for the legacy importer. This file keeps Windows line endings (CRLF).",
  "export const TIMEOUT_MS = 10000;",
  "export const RETRIES = 3;",
  "",
  "export function describe() {",
  "  return `timeout ${TIMEOUT_MS / 1000}s, ${RETRIES} retries`;",
  "}",
  "",
].join("\r\n");

export default {
  name: "crlf-file",
  covers: "a CRLF file (edited with LF text, its line endings kept)",
  generated: () => ({ "src/legacy.js": legacy }),
  turns: [{ prompt: "In src/legacy.js make the timeout 30 seconds and the retries 5, and keep the file's Windows (CRLF) line endings. node print.mjs shows the settings." }],
  check: {
    command: "node .eval-check/check.mjs",
    stdoutIncludes: ["timeout 30s, 5 retries"],
    tree: (files) => {
      const text = files.get("src/legacy.js") ?? "";
      const bare = text.split("\n").slice(0, -1).filter((line) => !line.endsWith("\r")).length;
      return bare ? [`src/legacy.js has ${bare} lines ending in LF alone`] : [];
    },
  },
} satisfies EvalTask;
