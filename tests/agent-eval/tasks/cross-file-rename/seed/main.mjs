import { handleGreeting, handleProfile } from "./src/api.js";
import { nameList } from "./src/report.js";

console.log(handleProfile(1).status, handleProfile(9).status);
console.log(handleGreeting(2));
console.log(nameList([1, 2, 3]));
