"use client";

import "@xterm/xterm/css/xterm.css";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal, type ITheme } from "@xterm/xterm";
import { useEffect, useRef } from "react";
import type { ResolvedTheme } from "@/lib/client/preferences";
import type { TerminalSession } from "@/lib/client/terminal-session";
import { usePreferences, useResolvedTheme } from "@/hooks/use-preferences";

declare global {
  interface Window {
    /** Hooks for end-to-end tests: the terminal's text, scrollback included, and its size in cells. */
    __terminalTest?: { getText: () => string; size: () => { cols: number; rows: number } };
  }
}

const darkTheme: ITheme = {
  background: "#0b0d11",
  foreground: "#d7dae0",
  cursor: "#7dd3fc",
  cursorAccent: "#0b0d11",
  selectionBackground: "#264f78",
  black: "#1f2329",
  red: "#f87171",
  green: "#4ade80",
  yellow: "#facc15",
  blue: "#60a5fa",
  magenta: "#c084fc",
  cyan: "#22d3ee",
  white: "#d7dae0",
  brightBlack: "#6b7280",
  brightRed: "#fca5a5",
  brightGreen: "#86efac",
  brightYellow: "#fde047",
  brightBlue: "#93c5fd",
  brightMagenta: "#d8b4fe",
  brightCyan: "#67e8f9",
  brightWhite: "#f9fafb",
};

// The panel's light --color-surface-sunken; ANSI colours dark enough to read on it.
const lightTheme: ITheme = {
  background: "#f7f7f8",
  foreground: "#1f2328",
  cursor: "#0369a1",
  cursorAccent: "#f7f7f8",
  selectionBackground: "#add6ff",
  black: "#1f2328",
  red: "#b91c1c",
  green: "#15803d",
  yellow: "#a16207",
  blue: "#1d4ed8",
  magenta: "#7e22ce",
  cyan: "#0e7490",
  white: "#6b7280",
  brightBlack: "#4b5563",
  brightRed: "#991b1b",
  brightGreen: "#166534",
  brightYellow: "#854d0e",
  brightBlue: "#1e40af",
  brightMagenta: "#6b21a8",
  brightCyan: "#155e75",
  brightWhite: "#374151",
};

const themes: Record<ResolvedTheme, ITheme> = { dark: darkTheme, light: lightTheme };

/** The whole buffer as text, with soft-wrapped rows joined back into their line. */
function readBuffer(term: Terminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.join("\n");
}

/**
 * xterm.js sized to its box (the fit addon, on every resize of the panel), drawing `session`, in
 * the person's theme and editor font size.
 */
export function XtermView({ session, focusToken }: { session: TerminalSession; focusToken: number }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<{ term: Terminal; refit: () => void } | null>(null);
  const shownTheme = useResolvedTheme();
  const { fontSize } = usePreferences();
  // Read when the terminal is created; later changes arrive through the effects below.
  const createdWith = useRef({ theme: shownTheme, fontSize });
  useEffect(() => {
    createdWith.current = { theme: shownTheme, fontSize };
  });
  useEffect(() => {
    if (termRef.current) termRef.current.term.options.theme = themes[shownTheme];
  }, [shownTheme]);
  useEffect(() => {
    const shown = termRef.current;
    if (!shown || shown.term.options.fontSize === fontSize) return;
    // xterm measures the new cell size at once; the panel keeps its size, so only a refit brings
    // the columns and rows (and the shell's idea of them, through onResize) in line with it.
    shown.term.options.fontSize = fontSize;
    shown.refit();
  }, [fontSize]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const term = new Terminal({
      theme: themes[createdWith.current.theme],
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: createdWith.current.fontSize,
      lineHeight: 1.2,
      cursorBlink: true,
      scrollback: 5000,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(container);
    const refit = () => {
      // A hidden or zero-sized panel has no dimensions to fit.
      if (container.clientWidth > 0 && container.clientHeight > 0) fit.fit();
    };
    refit();
    termRef.current = { term, refit };
    const detach = session.attach({ write: (data) => term.write(data), clear: () => term.reset() }, { cols: term.cols, rows: term.rows });
    const input = term.onData((data) => session.input(data));
    const resize = term.onResize((size) => session.resize(size));
    const observer = new ResizeObserver(() => refit());
    observer.observe(container);
    window.__terminalTest = { getText: () => readBuffer(term), size: () => ({ cols: term.cols, rows: term.rows }) };
    return () => {
      observer.disconnect();
      input.dispose();
      resize.dispose();
      detach();
      termRef.current = null;
      delete window.__terminalTest;
      term.dispose();
    };
  }, [session]);

  useEffect(() => {
    if (focusToken > 0) termRef.current?.term.focus();
  }, [focusToken]);

  return <div ref={containerRef} className="h-full w-full overflow-hidden" data-testid="terminal-screen" />;
}
