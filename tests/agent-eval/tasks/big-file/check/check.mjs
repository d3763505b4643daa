import { family0001, family0700, formatPrice, formatWeight } from "../src/catalog.js";

const cases = [
  [formatPrice(150), "$1.50"],
  [formatPrice(5), "$0.05"],
  [formatPrice(123456), "$1234.56"],
  [formatWeight(1234), "1.2 kg"],
  [family0001(10), 11],
  [family0700(10), 10],
];
const wrong = cases.filter(([actual, expected]) => actual !== expected);
if (wrong.length) {
  console.log("wrong:", JSON.stringify(wrong));
  process.exit(1);
}
console.log("all good");
