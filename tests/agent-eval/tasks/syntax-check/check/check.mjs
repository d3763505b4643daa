import fs from "node:fs";

const manifest = JSON.parse(fs.readFileSync("package.json", "utf8"));
const ok = manifest.scripts.lint === "node scripts/lint.mjs" && manifest.scripts.test === "node test.mjs" && manifest.scripts.start === "node main.mjs";
console.log(ok ? "all good" : `wrong scripts: ${JSON.stringify(manifest.scripts)}`);
if (!ok) process.exit(1);
