import "server-only";

/**
 * What went wrong with a database call, for the failures the caller did not cause by a bug of ours:
 * the database is down or unreachable, it did not answer within the configured timeouts, or the
 * request carried text Postgres cannot store (U+0000).
 */
export type DatabaseFailure = "unreachable" | "timeout" | "unstorable_text";

// Prisma's own codes, and the kinds @prisma/adapter-pg turns socket and server errors into.
const failureByPrismaCode: Record<string, DatabaseFailure> = { P1001: "unreachable", P1002: "timeout", P1008: "timeout", P1017: "unreachable", P2024: "timeout" };
const failureByAdapterKind: Record<string, DatabaseFailure> = {
  DatabaseNotReachable: "unreachable",
  ConnectionClosed: "unreachable",
  SocketTimeout: "timeout",
  TooManyConnections: "unreachable",
};
const socketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// pg and pg-pool raise plain Errors for their client-side timeouts and for a connection that dies.
const failureByDriverMessage: [RegExp, DatabaseFailure][] = [
  [/^Connection terminated due to connection timeout|^timeout exceeded when trying to connect|^Query read timeout/, "timeout"],
  [/^Connection terminated|is not queryable$/, "unreachable"],
];

/** Postgres SQLSTATE codes: 08 connection exceptions, 57P0x shutdowns, 57014 a statement cancelled by its timeout. */
function failureBySqlState(code: string): DatabaseFailure | null {
  if (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03") return "unreachable";
  if (code === "57014" || code === "25P03") return "timeout";
  if (code === "22021" || code === "22P05") return "unstorable_text";
  return null;
}

type ErrorLike = { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } };

/** The failure class of `error` (or of an error it wraps), or null when it is anything else. */
export function classifyDatabaseError(error: unknown): DatabaseFailure | null {
  for (let current = error as ErrorLike | undefined, depth = 0; current && typeof current === "object" && depth < 5; current = current.cause as ErrorLike, depth++) {
    const adapterCause = current.meta?.driverAdapterError?.cause;
    const kind = typeof adapterCause?.kind === "string" ? failureByAdapterKind[adapterCause.kind] : undefined;
    if (kind) return kind;
    if (typeof adapterCause?.originalCode === "string") {
      const bySqlState = failureBySqlState(adapterCause.originalCode);
      if (bySqlState) return bySqlState;
    }
    if (typeof current.code === "string") {
      // A socket error names its syscall; an aborted client request (ECONNRESET too) does not.
      const socket = socketCodes.has(current.code) && typeof current.syscall === "string";
      const byCode = failureByPrismaCode[current.code] ?? (socket ? "unreachable" : null) ?? (/^[0-9A-Z]{5}$/.test(current.code) ? failureBySqlState(current.code) : null);
      if (byCode) return byCode;
    }
    if (typeof current.message === "string") {
      const message = current.message;
      const byMessage = failureByDriverMessage.find(([pattern]) => pattern.test(message));
      if (byMessage) return byMessage[1];
    }
  }
  return null;
}

/** What a person is told when the database is down or too slow (503 unavailable:database). */
export function databaseUnavailableMessage(failure: Exclude<DatabaseFailure, "unstorable_text">): string {
  return failure === "timeout"
    ? "The database did not answer in time; try again in a few seconds"
    : "The database cannot be reached right now; try again in a few seconds";
}

const logIntervalMs = 60_000;
const lastLoggedAt = new Map<DatabaseFailure, number>();

/**
 * Logs one line for a database failure, at most once a minute per class: an outage fails every
 * request, and a stack trace per request would bury everything else in the log.
 */
export function logDatabaseFailure(failure: DatabaseFailure, error: unknown, now = Date.now()): void {
  const last = lastLoggedAt.get(failure);
  if (last !== undefined && now - last < logIntervalMs) return;
  lastLoggedAt.set(failure, now);
  console.error(`Database ${failure.replace("_", " ")}: ${rootMessage(error)} (repeats of this kind are logged at most once a minute)`);
}

/** The last line of the innermost error's message: "Can't reach database server at …", not Prisma's call site. */
function rootMessage(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause instanceof Error; depth++) current = current.cause;
  const message = current instanceof Error ? current.message : String(current);
  return message.trim().split("\n").at(-1) ?? message;
}
