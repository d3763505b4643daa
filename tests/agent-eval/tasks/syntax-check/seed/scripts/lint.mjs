import fs from "node:fs";

// A tiny linter: no file may keep a "debugger" statement.
const offenders = fs.readdirSync(".").filter((name) => name.endsWith(".mjs") && fs.readFileSync(name, "utf8").includes("debugger"));
console.log(offenders.length ? `debugger left in: ${offenders.join(", ")}` : "lint: clean");
if (offenders.length) process.exit(1);
