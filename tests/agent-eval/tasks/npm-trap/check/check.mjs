import { median } from "../src/stats.js";

const cases = [
  [median([10, 9, 2, 100, 1]), 9],
  [median([30, 4, 200, 1]), 17],
  [median([-5, 3, -20]), -5],
];
const wrong = cases.filter(([actual, expected]) => actual !== expected);
if (wrong.length) {
  console.log("wrong:", JSON.stringify(wrong));
  process.exit(1);
}
console.log("all good");
