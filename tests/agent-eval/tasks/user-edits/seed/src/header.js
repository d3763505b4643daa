export function pageTitle(name) {
  return `Welcome to ${name}`;
}
