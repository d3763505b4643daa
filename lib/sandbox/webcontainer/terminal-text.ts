// CSI (colors, cursor moves), OSC (titles; jsh's own "654" markers) and two-byte escapes.
const escapeSequence = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const completeAtStart = /^(?:\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_])/;
const heldBackLimit = 4096;

const clean = (text: string) => text.replace(escapeSequence, "").replace(/\x1b/g, "").replace(/\r\n/g, "\n");

/**
 * Turns a PTY stream into plain text for exec results: escape sequences removed and \r\n made \n.
 * A sequence (or a \r\n pair) split across chunks is held back until its end arrives.
 */
export function createTerminalTextCleaner() {
  let held = "";
  return {
    push(chunk: string): string {
      let text = held + chunk;
      held = "";
      const escape = text.lastIndexOf("\x1b");
      if (escape >= 0 && !completeAtStart.test(text.slice(escape)) && text.length - escape < heldBackLimit) {
        held = text.slice(escape);
        text = text.slice(0, escape);
      }
      if (text.endsWith("\r")) {
        held = "\r" + held;
        text = text.slice(0, -1);
      }
      return clean(text);
    },
    flush(): string {
      const text = held;
      held = "";
      return clean(text);
    },
  };
}
