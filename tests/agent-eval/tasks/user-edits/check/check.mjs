import { pageTitle } from "../src/header.js";
import { capitalize, kebab, snake, titleCase } from "../src/text.js";

const cases = [
  [titleCase("the blue lagoon"), "The Blue Lagoon"],
  [pageTitle("the blue lagoon"), "Welcome to The Blue Lagoon"],
  [kebab("Hello Big World"), "hello-big-world"],
  [snake("Hello Big World"), "hello_big_world"],
  [capitalize("ada"), "Ada"],
];
const wrong = cases.filter(([actual, expected]) => actual !== expected);
if (wrong.length) {
  console.log("wrong:", JSON.stringify(wrong));
  process.exit(1);
}
console.log("all good");
