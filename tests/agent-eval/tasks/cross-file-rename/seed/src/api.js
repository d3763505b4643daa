import { getUser } from "./users.js";

export function handleProfile(id) {
  const user = getUser(id);
  return user ? { status: 200, body: user } : { status: 404, body: null };
}

export function handleGreeting(id) {
  const user = getUser(id);
  return user ? `Hello, ${user.name}` : "Hello, stranger";
}
