// CSI (colors, cursor moves), OSC (titles; jsh's own "654" markers) and two-byte escapes.
const escapeSequence = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const completeAtStart = /^(?:\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_])/;
const heldBackLimit = 4096;
// A line without its end is held (its frames may still be redrawn) up to this length.
const heldLineLimit = 8192;

const stripEscapes = (text: string) => text.replace(escapeSequence, "").replace(/\x1b/g, "");

// What a terminal shows of a line redrawn with \r (spinners, progress bars): its last frame.
const lastFrame = (line: string) => {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  return text.slice(text.lastIndexOf("\r") + 1);
};

/**
 * Turns a PTY stream into plain text for exec results: escape sequences removed, \r\n made \n, and
 * a line redrawn with \r reduced to its last frame, so spinners do not fill the output budget. Lines
 * go out when they end (an unfinished one is held until its \n or the end of the run), and a
 * sequence split across chunks is held back until its end arrives.
 */
export function createTerminalTextCleaner() {
  let held = "";
  let line = "";
  return {
    push(chunk: string): string {
      let text = held + chunk;
      held = "";
      const escape = text.lastIndexOf("\x1b");
      if (escape >= 0 && !completeAtStart.test(text.slice(escape)) && text.length - escape < heldBackLimit) {
        held = text.slice(escape);
        text = text.slice(0, escape);
      }
      line += stripEscapes(text);
      let out = "";
      const end = line.lastIndexOf("\n");
      if (end >= 0) {
        out = line.slice(0, end).split("\n").map(lastFrame).join("\n") + "\n";
        line = line.slice(end + 1);
      }
      // Earlier frames of the held line will never show; a final \r may still be half of a \r\n.
      const redrawn = line.slice(0, -1).lastIndexOf("\r");
      if (redrawn > 0) line = line.slice(redrawn);
      if (line.length > heldLineLimit) {
        out += lastFrame(line);
        line = "";
      }
      return out;
    },
    flush(): string {
      const out = lastFrame(line + stripEscapes(held));
      held = line = "";
      return out;
    },
  };
}
