import { normalizeProjectPath } from "@/lib/validation/paths";
import { resolveShellPath } from "./paths";
import { createTerminalOutput } from "./terminal-output";
import type { ExecOptions, ExecResult, FileStat, ShellSession } from "./types";

export type LineShellOptions = {
  /** Runs one line; the shell passes cwd, an abort signal for Ctrl+C and streaming callbacks. */
  exec: (command: string, options: ExecOptions) => Promise<ExecResult>;
  /** Used by `cd` to check that the folder exists (when the shell tracks `cd` itself). */
  stat?: (path: string) => Promise<FileStat>;
  /**
   * The backend keeps this terminal's shell (the box): every line, `cd` included, runs there with
   * this id, so variables, functions, `$?` and the folder persist as in bash; the prompt follows
   * the folder each line reports.
   */
  session?: string;
  /** The prompt for a project-relative cwd; default "~/src $ ". */
  prompt?: (cwd: string) => string;
};

/** An id for a terminal's shell kept by the backend (crypto.randomUUID needs a secure context; this does not). */
export const newShellSessionId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");

const defaultPrompt = (cwd: string) => `\x1b[1;34m${cwd ? `~/${cwd}` : "~"}\x1b[0m $ `;
const clearScreen = "\x1b[2J\x1b[3J\x1b[H";
const historyLimit = 200;

/**
 * A terminal session for backends without a PTY (the offline box): the line is edited here
 * (printable keys, backspace, ←/→, Home/End, ↑/↓ history, Ctrl+A/E/U), Enter runs it through
 * `exec` with streamed output, Ctrl+C aborts the running command, Ctrl+L clears. `clear` and `exit`
 * are handled here; so is `cd` unless the backend keeps a `session` (then each exec is not its own
 * process but a line of the terminal's shell).
 */
export function createLineShell({ exec, stat, session, prompt = defaultPrompt }: LineShellOptions): ShellSession {
  const output = createTerminalOutput();
  let cwd = "";
  let line = "";
  let cursor = 0;
  const history: string[] = [];
  let historyIndex = 0;
  let running: AbortController | null = null;
  // Keys typed while a line runs wait here (typeahead) and are replayed at the next prompt.
  let busy = false;
  let typeahead: string[] = [];
  let ended = false;
  let resolveExit!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (resolveExit = resolve));
  // Whether the last byte written ended a line, so the next prompt starts on a fresh one.
  let atLineStart = true;
  let pendingCR = false;

  const write = (data: string) => {
    if (data === "") return;
    atLineStart = data.endsWith("\n");
    output.push(data);
  };
  // xterm needs \r\n; commands print \n. A \r at the end of one chunk may pair with the next's \n.
  const writeCommandOutput = (chunk: string) => {
    const text = chunk.replace(/\r?\n/g, (match, offset: number) => (offset === 0 && match === "\n" && pendingCR ? "\n" : "\r\n"));
    pendingCR = chunk.endsWith("\r");
    write(text);
  };
  const showPrompt = () => {
    write((atLineStart ? "" : "\r\n") + prompt(cwd));
    atLineStart = false;
  };
  const redraw = () => {
    write(`\r\x1b[K${prompt(cwd)}${line}` + (cursor < line.length ? `\x1b[${line.length - cursor}D` : ""));
    atLineStart = false;
  };
  const finish = (code: number) => {
    if (ended) return;
    ended = true;
    running?.abort();
    resolveExit(code);
  };

  const changeDirectory = async (arg: string | undefined) => {
    const target = resolveShellPath({ cwd, arg: arg ?? "~" });
    const valid = target === "" || normalizeProjectPath(target).ok;
    const kind = valid && stat ? await stat(target).then((s) => s.kind, () => null) : null;
    if (kind === "dir") cwd = target;
    else write(`cd: ${kind ? "not a directory" : "no such file or directory"}: ${arg}\r\n`);
  };

  const run = async (command: string) => {
    const [name, ...args] = command.split(/\s+/);
    // `cd dir`, `cd "my dir"`; anything more (cd a && ls) runs in the backend, where it cannot stick.
    const cd = /^cd(?:\s+(?:"([^"]*)"|'([^']*)'|([^\s'"&|;]+)))?$/.exec(command);
    if (name === "exit") {
      write("exit\r\n");
      const code = Number(args[0] ?? 0);
      return finish(Number.isInteger(code) ? code & 255 : 2);
    }
    if (name === "clear" && args.length === 0) write(clearScreen);
    else if (cd && !session) await changeDirectory(cd[1] ?? cd[2] ?? cd[3]);
    else {
      running = new AbortController();
      pendingCR = false;
      try {
        const result = await exec(command, {
          cwd,
          session,
          signal: running.signal,
          onStdout: writeCommandOutput,
          onStderr: writeCommandOutput,
          onNotice: (message) => write(`\x1b[2m${message}\x1b[0m\r\n`),
        });
        if (session && result.cwd !== undefined) cwd = result.cwd;
      } catch (error) {
        write(`\x1b[31m${error instanceof Error ? error.message : String(error)}\x1b[0m\r\n`);
      } finally {
        running = null;
      }
    }
    busy = false;
    if (ended) return;
    showPrompt();
    const queued = typeahead;
    typeahead = [];
    for (const key of queued) handleKey(key);
  };

  const submit = () => {
    const command = line.trim();
    line = "";
    cursor = 0;
    write("\r\n");
    if (command === "") return showPrompt();
    if (history[history.length - 1] !== command) history.push(command);
    if (history.length > historyLimit) history.shift();
    historyIndex = history.length;
    busy = true;
    void run(command);
  };

  const recall = (index: number) => {
    if (index < 0 || index > history.length) return;
    historyIndex = index;
    line = history[index] ?? "";
    cursor = line.length;
    redraw();
  };

  const insert = (text: string) => {
    line = line.slice(0, cursor) + text + line.slice(cursor);
    cursor += text.length;
    if (cursor === line.length) write(text);
    else redraw();
  };

  // One keystroke or escape sequence at a time; a paste arrives as many in one chunk.
  let previousKey = "";
  const handleKey = (key: string) => {
    // Enter may arrive as \r\n (pasted text): one line, not a line and an empty one.
    const afterCR = previousKey === "\r";
    previousKey = key;
    if (key === "\n" && afterCR) return;
    if (key === "\x03") {
      typeahead = [];
      if (busy) {
        write("^C\r\n");
        running?.abort();
        return;
      }
      line = "";
      cursor = 0;
      write("^C\r\n");
      return showPrompt();
    }
    if (busy) return void typeahead.push(key);
    switch (key) {
      case "\r":
      case "\n":
        return submit();
      case "\x7f":
      case "\b":
        if (cursor === 0) return;
        line = line.slice(0, cursor - 1) + line.slice(cursor);
        cursor -= 1;
        return redraw();
      case "\x04":
        if (line === "") return finish(0);
        return;
      case "\x0c":
        write(clearScreen);
        return redraw();
      case "\x15":
        line = line.slice(cursor);
        cursor = 0;
        return redraw();
      case "\x01":
      case "\x1b[H":
      case "\x1bOH":
        cursor = 0;
        return redraw();
      case "\x05":
      case "\x1b[F":
      case "\x1bOF":
        cursor = line.length;
        return redraw();
      case "\x1b[A":
        return recall(historyIndex - 1);
      case "\x1b[B":
        return recall(historyIndex + 1);
      case "\x1b[C":
        if (cursor < line.length) cursor += 1;
        return redraw();
      case "\x1b[D":
        if (cursor > 0) cursor -= 1;
        return redraw();
      case "\x1b[3~":
        line = line.slice(0, cursor) + line.slice(cursor + 1);
        return redraw();
    }
    if (key >= " " && !key.startsWith("\x1b")) insert(key);
  };

  showPrompt();

  return {
    write(data) {
      if (ended) return;
      // Split into keys: escape sequences (CSI / SS3), control characters, runs of printable text.
      const keys = data.match(/\x1b\[[0-9;]*[~A-Za-z]|\x1bO[A-Za-z]|\x1b|[\x00-\x1f\x7f]|[^\x00-\x1f\x7f\x1b]+/g) ?? [];
      for (const key of keys) handleKey(key);
    },
    resize() {
      // Lines are redrawn whole and never wrapped by us, so the width does not matter here.
    },
    onData: (listener) => output.onData(listener),
    exit,
    kill: () => finish(130),
  };
}
