import { subtotal, total } from "../src/cart.js";

const items = [
  { price: 199, quantity: 3 },
  { price: 5, quantity: 1 },
];
const cases = [
  [subtotal(items), 602],
  [total(items), 602],
  [total(items, "NOPE"), 602],
  [total(items, "SAVE10"), 542],
  [total(items, "HALF"), 301],
  [total([], "HALF"), 0],
];
const wrong = cases.filter(([actual, expected]) => actual !== expected);
if (wrong.length) {
  console.log("wrong:", JSON.stringify(wrong));
  process.exit(1);
}
console.log("all good");
