import { AsyncLocalStorage } from "node:async_hooks";

/** What a command started by one exec needs to know about it (custom commands get no such field). */
export type ExecContext = { deadline: number; memoryBytes: number; outputBytes: number };

export const execContext = new AsyncLocalStorage<ExecContext>();
