/** Checks a sign-up form; returns the list of problems (empty when it is fine). */
export function checkSignup({ email, password }) {
  const problems = [];
  if (!email.includes("@")) problems.push("email");
  if (password.length < 6) problems.push("password");
  return problems;
}
