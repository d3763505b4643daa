import { mean, median } from "../src/stats.js";

const cases = [
  ["mean", mean([1, 2, 3, 4]), 2.5],
  ["median of an odd count", median([3, 1, 2]), 2],
  ["median of numbers past 9", median([10, 9, 2, 100, 1]), 9],
];
let failed = 0;
for (const [name, actual, expected] of cases) {
  if (actual === expected) console.log(`ok - ${name}`);
  else {
    failed++;
    console.log(`not ok - ${name}: expected ${expected}, got ${actual}`);
  }
}
if (failed) process.exit(1);
