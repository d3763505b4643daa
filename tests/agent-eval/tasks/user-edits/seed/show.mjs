import { pageTitle } from "./src/header.js";

console.log(pageTitle("the blue lagoon"));
