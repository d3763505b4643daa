import { checkSignup } from "../src/index.js";
import { isEmail, isStrongPassword } from "../src/validate.js";

const cases = [
  [isEmail("ada@example.com"), true],
  [isEmail("ada@"), false],
  [isEmail("@example.com"), false],
  [isEmail("ada example@x.io"), false],
  [isEmail("ada@localhost"), false],
  [isStrongPassword("abcdefg1"), true],
  [isStrongPassword("abcdefgh"), false],
  [isStrongPassword("12345678"), false],
  [isStrongPassword("abc1"), false],
  [JSON.stringify(checkSignup({ email: "ada@example.com", password: "abcdefg1" })), "[]"],
  [JSON.stringify(checkSignup({ email: "ada@", password: "abcdefgh" })), '["email","password"]'],
];
const wrong = cases.map(([actual, expected], i) => [i, actual, expected]).filter(([, actual, expected]) => actual !== expected);
if (wrong.length) {
  console.log("wrong:", JSON.stringify(wrong));
  process.exit(1);
}
console.log("all good");
