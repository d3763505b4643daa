import type { Sandbox } from "./types";

/**
 * The same sandbox, with every command's output also given to `onOutput` as it arrives: the agent's
 * tool cards show a command's output live, wherever it runs.
 */
export function withLiveOutput(sandbox: Sandbox, onOutput: (stream: "stdout" | "stderr", text: string) => void): Sandbox {
  return new Proxy(sandbox, {
    get(target, property) {
      if (property === "exec")
        return (command: string, options: Parameters<Sandbox["exec"]>[1] = {}) =>
          target.exec(command, {
            ...options,
            onStdout: (chunk) => {
              options.onStdout?.(chunk);
              onOutput("stdout", chunk);
            },
            onStderr: (chunk) => {
              options.onStderr?.(chunk);
              onOutput("stderr", chunk);
            },
          });
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
