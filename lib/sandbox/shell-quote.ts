/** Quotes one argument for a POSIX shell: single quotes, with embedded ones as '\''. */
export function quoteShellArg(arg: string): string {
  if (/^[A-Za-z0-9_./=:@%+-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
