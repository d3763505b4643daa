// The duration tests: 500 cases, one line each, with the runner's deprecation warnings on stderr.
import { parseDuration } from "../src/duration.js";

const cases = [];
for (let n = 1; n <= 500; n++) {
  if (n === 7) cases.push(["1m30s", 90]);
  else if (n === 300) cases.push(["2h", 7200]);
  else cases.push([`${n}s`, n]);
}
let failed = 0;
cases.forEach(([input, expected], index) => {
  const actual = parseDuration(input);
  const name = `parseDuration("${input}") returns ${expected} (checked against the reference table, strict mode)`;
  if (actual === expected) console.log(`ok ${index + 1} - ${name}`);
  else {
    failed++;
    console.log(`not ok ${index + 1} - ${name}\n  ---\n  expected: ${expected}\n  actual: ${actual}\n  ...`);
  }
  if (index % 3 === 0) console.error(`# warning: the reporter option "legacy" is deprecated and will be removed (case ${index + 1})`);
});
console.log(`# tests ${cases.length}\n# pass ${cases.length - failed}\n# fail ${failed}`);
if (failed) process.exit(1);
