import type { LanguageFn } from "highlight.js";
import { extensionOf } from "@/lib/client/file-kind";

// The light view's colours (the .hljs rules in app/globals.css), from highlight.js: its core is
// ~8 kB gzip and each language a few kB, fetched when a file of it first shows (Monaco: ~940 kB).
type Loader = () => Promise<{ default: LanguageFn }>;

const languages: Record<string, Loader> = {
  typescript: () => import("highlight.js/lib/languages/typescript"),
  javascript: () => import("highlight.js/lib/languages/javascript"),
  json: () => import("highlight.js/lib/languages/json"),
  css: () => import("highlight.js/lib/languages/css"),
  scss: () => import("highlight.js/lib/languages/scss"),
  xml: () => import("highlight.js/lib/languages/xml"),
  markdown: () => import("highlight.js/lib/languages/markdown"),
  python: () => import("highlight.js/lib/languages/python"),
  bash: () => import("highlight.js/lib/languages/bash"),
  yaml: () => import("highlight.js/lib/languages/yaml"),
  ini: () => import("highlight.js/lib/languages/ini"),
  sql: () => import("highlight.js/lib/languages/sql"),
  dockerfile: () => import("highlight.js/lib/languages/dockerfile"),
  go: () => import("highlight.js/lib/languages/go"),
  rust: () => import("highlight.js/lib/languages/rust"),
  java: () => import("highlight.js/lib/languages/java"),
  cpp: () => import("highlight.js/lib/languages/cpp"),
  ruby: () => import("highlight.js/lib/languages/ruby"),
  php: () => import("highlight.js/lib/languages/php"),
  diff: () => import("highlight.js/lib/languages/diff"),
};

const byExtension: Record<string, keyof typeof languages> = {
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  json: "json",
  jsonc: "json",
  css: "css",
  scss: "scss",
  html: "xml",
  htm: "xml",
  xml: "xml",
  svg: "xml",
  vue: "xml",
  md: "markdown",
  markdown: "markdown",
  py: "python",
  sh: "bash",
  bash: "bash",
  zsh: "bash",
  yml: "yaml",
  yaml: "yaml",
  toml: "ini",
  ini: "ini",
  env: "ini",
  sql: "sql",
  go: "go",
  rs: "rust",
  java: "java",
  c: "cpp",
  h: "cpp",
  cpp: "cpp",
  cc: "cpp",
  hpp: "cpp",
  rb: "ruby",
  php: "php",
  diff: "diff",
  patch: "diff",
  dockerfile: "dockerfile",
};

/** Above this, highlighting a keystroke's worth of text would take longer than the keystroke. */
export const highlightMaxChars = 100_000;

/** The highlight.js language for `path`, or null for a file it does not colour. */
export function languageOf(path: string): string | null {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (name === "dockerfile") return "dockerfile";
  if (name.startsWith(".env")) return "ini";
  const extension = extensionOf(path);
  // Own keys only: a file named x.constructor is not a language.
  return Object.hasOwn(byExtension, extension) ? byExtension[extension]! : null;
}

let core: Promise<typeof import("highlight.js/lib/core").default> | null = null;
const registered = new Map<string, Promise<void>>();

/** Starts fetching the highlighter before a file needs it (it is small; the first file shows sooner). */
export function preloadHighlighter(): void {
  if (core) return;
  core = import("highlight.js/lib/core").then((m) => m.default);
  // A failed fetch (offline) is tried again with the next file.
  core.catch(() => (core = null));
}

/**
 * `text` as HTML with highlight.js's token classes (text escaped), or null when its language is
 * not one this knows or the text is too long to colour per keystroke.
 */
export async function highlightFile(path: string, text: string): Promise<string | null> {
  const language = languageOf(path);
  if (!language || text.length > highlightMaxChars) return null;
  preloadHighlighter();
  const hljs = await core!;
  let ready = registered.get(language);
  if (!ready) {
    ready = languages[language]!().then((m) => hljs.registerLanguage(language, m.default));
    ready.catch(() => registered.delete(language));
    registered.set(language, ready);
  }
  await ready;
  return hljs.highlight(text, { language, ignoreIllegals: true }).value;
}
