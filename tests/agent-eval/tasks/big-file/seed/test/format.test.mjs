import { formatPrice } from "../src/catalog.js";

const cases = [
  [150, "$1.50"],
  [99, "$0.99"],
];
let failed = 0;
for (const [cents, expected] of cases) {
  const actual = formatPrice(cents);
  if (actual === expected) console.log(`ok - formatPrice(${cents})`);
  else {
    failed++;
    console.log(`not ok - formatPrice(${cents}): expected ${expected}, got ${actual}`);
  }
}
if (failed) process.exit(1);
