import { Queue } from "../src/queue.js";

const queue = new Queue();
const results = [queue.size() === 0, queue.peek() === undefined];
queue.push("a");
queue.push("b");
results.push(queue.size() === 2, queue.peek() === "a", queue.size() === 2, queue.pop() === "a", queue.peek() === "b");
if (results.includes(false)) {
  console.log("wrong:", JSON.stringify(results));
  process.exit(1);
}
console.log("all good");
