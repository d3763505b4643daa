export { checkSignup } from "./signup.js";
