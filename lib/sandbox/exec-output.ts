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
