import { AsyncLocalStorage } from "node:async_hooks";

/** What code running for one exec needs to know about it (just-bash passes commands no such field). */
export type ExecContext = {
  deadline: number;
  memoryBytes: number;
  outputBytes: number;
  /** Set once the exec's top-level script has been wrapped for streaming. */
  streaming?: boolean;
  /** Receives bytes the exec's script wrote to a stream device. */
  output?: (stream: "stdout" | "stderr", bytes: Uint8Array) => void;
};

export const execContext = new AsyncLocalStorage<ExecContext>();
