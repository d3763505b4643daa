/**
 * Text as stored, with U+0000 shown as the ␀ symbol: browsers draw it as nothing, and markdown
 * would turn it into U+FFFD, so a NUL in a program's output would silently vanish.
 */
export function visibleText(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\u2400") : text;
}
