/** Ends a stream that hit the output limit, so a reader (person or model) knows output is missing. */
export const outputTruncatedMarker = "\n[output truncated: the command printed more than the output limit]\n";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type OutputSink = {
  stdout(chunk: string): void;
  stderr(chunk: string): void;
  result(): { stdout: string; stderr: string; truncated: boolean };
};

/**
 * Collects a command's output under one byte budget shared by stdout and stderr, forwarding what is
 * kept to the streaming callbacks. Past the budget the rest is dropped and the marker is appended
 * once, to the stream that overflowed; the command itself keeps running (an install with chatty
 * output must still finish).
 */
export function createOutputSink({
  limitBytes,
  onStdout,
  onStderr,
}: {
  limitBytes: number;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}): OutputSink {
  const kept = { stdout: [] as string[], stderr: [] as string[] };
  let remaining = limitBytes;
  let truncated = false;

  const emit = (stream: "stdout" | "stderr", text: string) => {
    kept[stream].push(text);
    const callback = stream === "stdout" ? onStdout : onStderr;
    if (!callback) return;
    try {
      callback(text);
    } catch (error) {
      // A listener's bug must not break the command; surface it without swallowing it.
      queueMicrotask(() => {
        throw error;
      });
    }
  };

  const write = (stream: "stdout" | "stderr", chunk: string) => {
    if (truncated || chunk === "") return;
    const bytes = encoder.encode(chunk);
    if (bytes.byteLength <= remaining) {
      remaining -= bytes.byteLength;
      emit(stream, chunk);
      return;
    }
    // Cut at the budget; a character split by the cut decodes to U+FFFD, which is dropped.
    const head = decoder.decode(bytes.subarray(0, remaining)).replace(/\uFFFD+$/, "");
    remaining = 0;
    truncated = true;
    if (head) emit(stream, head);
    emit(stream, outputTruncatedMarker);
  };

  return {
    stdout: (chunk) => write("stdout", chunk),
    stderr: (chunk) => write("stderr", chunk),
    result: () => ({ stdout: kept.stdout.join(""), stderr: kept.stderr.join(""), truncated }),
  };
}

/**
 * Fits a command's output into `maxChars` keeping both ends, cut on line boundaries: the head holds
 * the first error a compiler prints, the tail the summary a test runner prints last. The middle is
 * replaced by a marker saying how many lines and bytes were left out. Where no line ends near a cut
 * (one huge line) the cut falls inside the line, marked with "…".
 */
export function keepHeadAndTail(text: string, maxChars: number, { headShare = 0.4 }: { headShare?: number } = {}): string {
  if (text.length <= maxChars) return text;
  const room = Math.max(0, maxChars - 80); // the marker's line
  const headBudget = Math.floor(room * headShare);
  const tailBudget = room - headBudget;
  let headEnd = headBudget;
  const lastBreak = text.lastIndexOf("\n", headBudget - 1);
  if (lastBreak >= headBudget / 2) headEnd = lastBreak + 1;
  else if (isHighSurrogate(text.charCodeAt(headEnd - 1))) headEnd--;
  let tailStart = text.length - tailBudget;
  if (text[tailStart - 1] !== "\n") {
    const nextBreak = text.indexOf("\n", tailStart);
    if (nextBreak >= 0 && nextBreak < tailStart + tailBudget / 2) tailStart = nextBreak + 1;
    else if (isHighSurrogate(text.charCodeAt(tailStart - 1))) tailStart++;
  }
  const omitted = text.slice(headEnd, tailStart);
  const lines = omitted.split("\n").length - 1;
  const bytes = encoder.encode(omitted).byteLength;
  const head = text.slice(0, headEnd) + (headEnd > 0 && text[headEnd - 1] !== "\n" ? "…\n" : "");
  const tail = (text[tailStart - 1] !== "\n" ? "…" : "") + text.slice(tailStart);
  return `${head}[… ${lines.toLocaleString("en-US")} lines (${bytes.toLocaleString("en-US")} bytes) omitted …]\n${tail}`;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
