import { describe, RETRIES, TIMEOUT_MS } from "../src/legacy.js";

if (TIMEOUT_MS !== 30000 || RETRIES !== 5) {
  console.log("wrong:", TIMEOUT_MS, RETRIES);
  process.exit(1);
}
console.log(describe());
