import { describe } from "./src/legacy.js";

console.log(describe());
