/**
 * A terminal's output fan-out. Output produced before anyone listens (the first prompt, written while
 * the caller is still wiring up xterm) is kept and handed to the first listener.
 */
export function createTerminalOutput() {
  const listeners = new Set<(data: string) => void>();
  let backlog: string[] | null = [];
  return {
    push(data: string) {
      if (data === "") return;
      if (backlog) backlog.push(data);
      else for (const listener of listeners) listener(data);
    },
    onData(listener: (data: string) => void): () => void {
      listeners.add(listener);
      if (backlog) {
        const pending = backlog;
        backlog = null;
        for (const data of pending) listener(data);
      }
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
