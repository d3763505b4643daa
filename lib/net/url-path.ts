/**
 * Whether a request path holds a `%` that does not start a valid UTF-8 escape (`%ZZ`, `%E0%A4%A`,
 * a lone `%`). Next answers those with a bare 500 when it decodes route parameters.
 */
export function hasMalformedEscape(path: string): boolean {
  if (!path.includes("%")) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}
