import { count, remove, restock } from "../src/inventory.js";

restock("apple", 3);
restock("kiwi", 4);
const results = [count("apple") === 8, count("kiwi") === 4];
remove("pear", 2);
results.push(count("pear") === 0);
let refused = false;
try {
  remove("kiwi", 5);
} catch {
  refused = true;
}
results.push(refused, count("kiwi") === 4);
if (results.includes(false)) {
  console.log("wrong:", JSON.stringify(results));
  process.exit(1);
}
console.log("all good");
