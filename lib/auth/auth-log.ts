import "server-only";
import { classifyDatabaseError, logDatabaseFailure } from "@/lib/db/errors";

type Level = "debug" | "info" | "warn" | "error";

/**
 * better-auth's log, minus one stack trace per request during a database outage: those failures are
 * logged once per kind by lib/db/errors, like the app's own routes do.
 */
export function logAuthMessage(level: Level, message: string, ...args: unknown[]): void {
  for (const arg of args) {
    const failure = classifyDatabaseError(arg);
    if (failure) return logDatabaseFailure(failure, arg);
  }
  const write = level === "error" ? console.error : level === "warn" ? console.warn : console.log;
  write(`[Better Auth] ${message}`, ...args);
}
