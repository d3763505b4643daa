import type { RuntimeChoice } from "@/lib/sandbox";

/** A project to start from: its files, the file opened first, and where it runs. */
export type Starter = {
  id: string;
  name: string;
  description: string;
  /** The sandboxes it runs in; a starter that lists only WebContainer says so in the box. */
  runtimes: RuntimeChoice[];
  /** The file the IDE opens first. */
  entry: string;
  /** The command that runs it from the project root. */
  run: string;
  files: Record<string, string>;
};
