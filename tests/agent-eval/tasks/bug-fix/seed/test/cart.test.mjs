import { subtotal, total } from "../src/cart.js";

const items = [
  { price: 250, quantity: 2 },
  { price: 1000, quantity: 1 },
];
let failed = 0;
function expectEqual(name, actual, expected) {
  if (actual === expected) console.log(`ok - ${name}`);
  else {
    failed++;
    console.log(`not ok - ${name}: expected ${expected}, got ${actual}`);
  }
}

expectEqual("subtotal", subtotal(items), 1500);
expectEqual("total without a code", total(items), 1500);
expectEqual("total with SAVE10", total(items, "SAVE10"), 1350);
if (failed) process.exit(1);
