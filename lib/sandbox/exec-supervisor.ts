import { exitCodes } from "./types";

/**
 * Waits for a command's exit code under a deadline and an abort signal. On expiry it kills the
 * command and resolves 124, on abort 130, without waiting for the killed process to wind down (a
 * runtime may never report the exit of a killed process). A rejected `exit` (the backend is gone)
 * rejects.
 */
export function superviseExit({
  exit,
  kill,
  timeoutMs,
  signal,
}: {
  exit: Promise<number>;
  kill: () => void;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      outcome();
    };
    const killWith = (code: number) =>
      settle(() => {
        try {
          kill();
        } catch {
          // Already gone: the exit code we report stands either way.
        }
        resolve(code);
      });
    const onAbort = () => killWith(exitCodes.interrupted);
    const timer = setTimeout(() => killWith(exitCodes.timeout), Math.max(0, timeoutMs));
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) onAbort();
    exit.then(
      (code) => settle(() => resolve(code)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
