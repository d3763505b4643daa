import type { Starter } from "./types";

export const nodeScript: Starter = {
  id: "node-script",
  name: "Node.js script",
  description: "A script with a module of its own, reading a JSON file. Runs in both sandboxes.",
  runtimes: ["box", "webcontainer"],
  entry: "index.js",
  run: "node index.js",
  files: {
    "index.js": `// Run me with ▶ Run (or \`node index.js\` in the terminal).
const fs = require("fs");
const { summarize } = require("./lib/summary");

const tasks = JSON.parse(fs.readFileSync("data/tasks.json", "utf8"));
const summary = summarize(tasks);
console.log(\`\${summary.done} of \${summary.total} tasks done (\${summary.percent}%)\`);
for (const task of summary.open) console.log(\`- todo: \${task.title}\`);
`,
    "lib/summary.js": `/** Counts done tasks and lists the open ones. */
function summarize(tasks) {
  const done = tasks.filter((t) => t.done).length;
  return {
    total: tasks.length,
    done,
    percent: tasks.length ? Math.round((done / tasks.length) * 100) : 0,
    open: tasks.filter((t) => !t.done),
  };
}

module.exports = { summarize };
`,
    "data/tasks.json": `[
  { "title": "Open the project", "done": true },
  { "title": "Run index.js", "done": true },
  { "title": "Change data/tasks.json and run again", "done": false }
]
`,
    "README.md": `# Node.js script

\`index.js\` reads \`data/tasks.json\` and prints a summary using \`lib/summary.js\`.
Open \`index.js\` and press ▶ Run, or type \`node index.js\` in the terminal. It runs the same in the
offline box and in WebContainer.
`,
  },
};
