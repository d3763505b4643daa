import { parseDuration } from "../src/duration.js";

const cases = [
  [parseDuration("1h2m3s"), 3723],
  [parseDuration("45m"), 2700],
  [parseDuration("10s"), 10],
  [parseDuration("1h"), 3600],
];
const wrong = cases.filter(([actual, expected]) => actual !== expected);
if (wrong.length) {
  console.log("wrong:", JSON.stringify(wrong));
  process.exit(1);
}
console.log("all good");
